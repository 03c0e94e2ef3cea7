/**
 * The live table shows this test process's own listener within two ticks, the filter isolates
 * it, and the details dialog names this process by its real command line.
 */
import path from 'node:path';
import { attachShot, expect, listenerRow, openApp, rows, setFilter, test } from './helpers/fixtures';
import { openTestListener } from './helpers/listener';

/** Slack for the browser to apply a delta and paint, on a busy 2-core machine. */
const PAINT_MS = 1500;

test('a new listener appears within two ticks with this pid; the filter isolates it', async ({ page, host, tickMs }, testInfo) => {
  await openApp(page, host);
  await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
  const listener = await openTestListener();
  try {
    await setFilter(page, `port:${listener.port}`);
    const row = listenerRow(page, listener.port);
    await expect(row).toHaveCount(1, { timeout: 2 * tickMs + PAINT_MS });
    await expect(row).toHaveAttribute('data-pid', String(process.pid));
    await expect(row).toHaveAttribute('data-proto', 'tcp');
    // `port:` matches either end, so earlier tests' TIME_WAIT rows towards the port may show too; nothing else may.
    const shown = await rows(page).evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((text) => !text.includes(`:${listener.port}`))).toEqual([]);
    // `lport:` keeps only rows on this local port: the listener, plus any TIME_WAIT remnant an
    // earlier test's server-side close left on the same port (the helper prefers 60430); nothing else.
    await setFilter(page, `lport:${listener.port}`);
    await expect(rows(page).and(page.locator('[data-state="LISTEN"]'))).toHaveCount(1);
    const kept = await rows(page).evaluateAll((els) => els.map((el) => `${el.getAttribute('data-local-port')} ${el.getAttribute('data-state')}`));
    expect(kept.filter((k) => k !== `${listener.port} LISTEN` && k !== `${listener.port} TIME_WAIT`)).toEqual([]);
    await attachShot(testInfo, 'table', page.getByTestId('socket-table'));
  } finally {
    await listener.close();
  }
});

test('double-clicking the row shows this process with its command line', async ({ page, host, listener }, testInfo) => {
  await openApp(page, host);
  await setFilter(page, `port:${listener.port}`);
  const row = listenerRow(page, listener.port);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  // The owner may be resolved a tick after the row first shows.
  await expect(row).toHaveAttribute('data-pid', String(process.pid), { timeout: 15_000 });
  await row.dblclick();
  const details = page.getByTestId('details');
  await expect(details).toBeVisible();
  await expect(details.getByTestId('details-pid')).toContainText(String(process.pid));
  const distinctive = path.basename(process.argv[1] ?? process.argv0);
  await expect(details.getByTestId('details-cmdline')).toContainText(distinctive);
  await expect(details.getByTestId('details-exe')).toContainText(path.basename(process.execPath));
  await attachShot(testInfo, 'details', details);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
});
