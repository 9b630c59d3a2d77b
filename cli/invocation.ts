/** How the user runs Evident: the installed command, or the npm script inside this repository. */
export function invocation(): string {
  return import.meta.url.includes('/dist/cli/') ? 'evident' : 'npm run --silent evident --';
}
