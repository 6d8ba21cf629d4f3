import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'bot/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
