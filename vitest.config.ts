/** Unit and integration tests beside the code; e2e specs belong to Playwright. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    testTimeout: 20000,
    hookTimeout: 20000,
    pool: 'forks',
  },
});
