import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start loopback servers; none may hang a run.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
