/**
 * The browser e2e's fixtures: one built web host per worker (a real service sampling this
 * machine), a real listener per test owned by this very process, and small helpers to open
 * the UI with the printed URL and to attach screenshots as test artifacts.
 */
import { test as base, expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { openTestListener } from './listener';
import type { TestListener } from './listener';
import { startBuiltHost } from './web-host';
import type { RunningHost } from './web-host';
import { openCaller } from './ws-caller';

interface WorkerFixtures {
  host: RunningHost;
  /** The service's sampling interval, read from getStatus. */
  tickMs: number;
}

interface TestFixtures {
  listener: TestListener;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  host: [
    // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startBuiltHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  tickMs: [
    async ({ host }, use) => {
      const caller = await openCaller(host.port, host.token);
      const status = await caller.call('getStatus', {});
      caller.close();
      if (!status.ok) throw new Error(`getStatus failed: ${status.error}`);
      const interval = (status.response as { intervalMs?: unknown }).intervalMs;
      await use(typeof interval === 'number' ? interval : 1000);
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  listener: async ({}, use) => {
    const listener = await openTestListener();
    await use(listener);
    await listener.close();
  },
});

export { expect };

/** Resolves once the service has taken at least `count` samples (so kernel counters have a baseline). */
export async function waitForSamples(host: RunningHost, count: number, timeoutMs = 15_000): Promise<void> {
  const caller = await openCaller(host.port, host.token);
  try {
    const samples = async (): Promise<number> => {
      const status = await caller.call('getStatus', {});
      const value = status.ok ? (status.response as { samples?: unknown }).samples : 0;
      return typeof value === 'number' ? value : 0;
    };
    await expect.poll(samples, { timeout: timeoutMs }).toBeGreaterThanOrEqual(count);
  } finally {
    caller.close();
  }
}

/** Opens the UI through the printed URL (which sets the cookie) at a hash route. */
export async function openApp(page: Page, host: RunningHost, route = '#/'): Promise<void> {
  await page.goto(`${host.url}${route}`);
  await expect(page).toHaveURL(`${host.origin}/${route}`);
}

/** Rows of the socket table. */
export function rows(page: Page): Locator {
  return page.getByTestId('socket-table').getByTestId('socket-row');
}

/**
 * The live listener row on `port`: an earlier test's listener on the same port (60430 again) can
 * still stand beside it for a few seconds as a closed ghost row, with the same pid.
 */
export function listenerRow(page: Page, port: number): Locator {
  return rows(page).and(page.locator(`[data-local-port="${port}"][data-state="LISTEN"]:not([data-status="closed"])`));
}

/** The row of one socket id (ids hold `|`, `:` and `[`, so the value is quoted and escaped). */
export function rowById(page: Page, id: string): Locator {
  return page.locator(`[data-testid="socket-row"][data-id="${id.replace(/["\\]/g, '\\$&')}"]`);
}

/** Types a filter and waits for the table to settle on it. */
export async function setFilter(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('filter-input');
  await input.fill(text);
  await expect(page.getByTestId('filter-error')).not.toBeVisible();
}

/** Screenshots one element into test-results/ and attaches it to the report. */
export async function attachShot(testInfo: TestInfo, name: string, target: Locator): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  const body = await target.screenshot({ path: file });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

/** Reads an integer a test id shows (the glance figures). */
export async function integerOf(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().innerText()).replace(/[\s,_]/g, '');
  const match = /-?\d+/.exec(text);
  if (!match) throw new Error(`${testId} shows no integer: ${JSON.stringify(text)}`);
  return Number(match[0]);
}
