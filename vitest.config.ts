import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.unit.spec.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.int.spec.ts', 'tests/**/*.e2e.spec.ts'],
          // Each file boots its own embedded PostgreSQL; two cores cannot run many at once.
          fileParallelism: false,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
