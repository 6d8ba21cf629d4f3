import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'bot/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Most suites start the whole app (migrations, the contract's validators) in beforeAll: on a
    // busy two-core machine that has taken over vitest's default 10 s.
    hookTimeout: 30_000,
  },
});
