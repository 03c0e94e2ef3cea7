/**
 * The filter keeps every key typed at full speed while the table updates: 10,000 rows changing
 * 4 times a second (the UI bench's synthetic feed behind the real web host), keys sent with no
 * delay. The input must hold exactly what was typed, and the table must end on that query.
 */
import { matchSocket, parseFilter } from '../shared/filter';
import type { Page } from '@playwright/test';
import { expect, test } from './helpers/fixtures';
import { startSyntheticHost } from './helpers/synthetic-host';
import type { SyntheticHost } from './helpers/synthetic-host';

let feed: SyntheticHost;

test.beforeAll(async () => {
  feed = await startSyntheticHost();
});

test.afterAll(async () => {
  await feed.close();
});

/** The "N shown" figure under the table. */
async function shownCount(page: Page): Promise<number> {
  const text = await page.locator('.tfoot').innerText();
  const match = /([\d,]+) shown/.exec(text);
  return match ? Number((match[1] ?? '').replace(/,/g, '')) : -1;
}

test('keys typed with no delay during 4 Hz updates of 10,000 rows all reach the filter', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(feed.host.url);
  await expect(page.getByTestId('socket-row').first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => shownCount(page), { timeout: 30_000 }).toBe(10_000);
  feed.service.start();
  const before = feed.service.updates();

  const input = page.getByTestId('filter-input');
  await input.click();
  // The two strings the issue saw mangled, then a query the synthetic table answers.
  const typed = ['0123456789', 'port:60430 state:listen'];
  for (const text of typed) {
    await page.keyboard.type(text, { delay: 0 });
    await expect(input).toHaveValue(text);
    await input.fill('');
  }
  const query = 'pid:1012 state:estab lport:32768-60999 -rport:80';
  await page.keyboard.type(query, { delay: 0 });
  await expect(input).toHaveValue(query);
  // The keys really raced the feed: updates arrived while they were typed.
  expect(feed.service.updates()).toBeGreaterThan(before);

  // Stop the feed, let closing rows go, and compare with the service's own table.
  await feed.service.pause({});
  const { snapshot } = await feed.service.subscribe({});
  const parsed = parseFilter(query);
  if (!parsed.ok) throw new Error(`the test's query does not parse: ${parsed.error}`);
  const expected = snapshot.sockets.filter((s) => matchSocket(parsed.filter, s, { ephemeralRange: snapshot.ephemeralRange })).length;
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(1000);
  await expect.poll(() => shownCount(page), { timeout: 15_000 }).toBe(expected);
  await expect(page.getByTestId('filter-error')).toHaveCount(0);
  const shown = page.getByTestId('socket-row');
  const pids = await shown.evaluateAll((els) => els.map((el) => [el.getAttribute('data-pid'), el.getAttribute('data-state')]));
  expect(pids.length).toBeGreaterThan(0);
  for (const [pid, state] of pids) expect([pid, state]).toEqual(['1012', 'ESTABLISHED']);
  await expect(input).toHaveValue(query);

  // A filter set elsewhere (the owner panel's button) replaces the text; typing goes on from it.
  await feed.service.resume({});
  await shown.first().click();
  const port = await shown.first().getAttribute('data-local-port');
  await page.getByRole('button', { name: 'Only this port' }).click();
  await expect(input).toHaveValue(`port:${port}`);
  await input.press('End');
  await page.keyboard.type(' state:estab', { delay: 0 });
  await expect(input).toHaveValue(`port:${port} state:estab`);
});
