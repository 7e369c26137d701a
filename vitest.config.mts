import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `@/…` is the repository's root, as in tsconfig.json's `paths` (Next, esbuild and tsx read it there).
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration and e2e files each start real servers; on 2 cores they run one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    // One more try for a failed test: browser tests under load on 2 cores have timing flakes
    // (a drag that selects while a colleague's caret moves). A test that fails twice fails the
    // run; a retried pass is printed as such, and each flake is a bug to fix, not to keep.
    retry: 1,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
