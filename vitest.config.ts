import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs Debian's chromium and poppler-utils when missing (the dashboard and PDF tests).
    globalSetup: ['test/support/global-setup.ts'],
    // Integration tests start loopback servers; none may hang a run.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
