/**
 * Two projects: 'browser' drives the real UI through the web host in Chromium; 'electron'
 * launches the built app where the Electron binary exists and skips with one line elsewhere.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/find-chromium';

const found = findChromium();

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { screenshot: 'only-on-failure', trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testMatch: /.*\.browser\.spec\.ts/,
      use: {
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: found.path ?? undefined, args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testMatch: /.*\.electron\.spec\.ts/ },
  ],
});
