/** Evident's version, written into every evidence record; a test keeps it equal to package.json. */
export const EVIDENT_VERSION = '0.1.0';
