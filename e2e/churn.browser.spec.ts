/**
 * 500 real short loopback connections show up in the glance and the churn chart, within what
 * the kernel's own counters say; connections that close turn red and then leave the table.
 */
import { attachShot, expect, integerOf, openApp, rowById, rows, setFilter, test, waitForSamples } from './helpers/fixtures';
import { burst, connect, freshLoopbackSource } from './helpers/listener';

const CONNECTIONS = 500;

test('a burst of 500 connections is counted by the glance and the chart, bounded by kernel counters', async ({ page, host, listener, tickMs }, testInfo) => {
  await openApp(page, host, '#/glance');
  await expect(page.getByTestId('glance')).toBeVisible({ timeout: 15_000 });
  // The kernel-counter baseline is the first sample: burst only once the service has one (and the UI its snapshot).
  await waitForSamples(host, 2);
  await expect.poll(() => integerOf(page, 'glance-state-counts')).toBeGreaterThan(0);
  await burst(listener.port, CONNECTIONS);
  // Every connection closed by the client leaves a TIME_WAIT row for 60 s, so each is seen once.
  await expect.poll(() => integerOf(page, 'glance-births-60s'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThanOrEqual(CONNECTIONS);
  await expect.poll(() => integerOf(page, 'glance-kernel-opens-60s'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThanOrEqual(2 * CONNECTIONS);
  const births = await integerOf(page, 'glance-births-60s');
  const kernel = await integerOf(page, 'glance-kernel-opens-60s');
  // Each connection is two kernel opens (active + passive) and at most three sampled births.
  expect(births).toBeLessThanOrEqual(Math.ceil(kernel * 1.5));
  await attachShot(testInfo, 'glance', page.getByTestId('glance'));

  await openApp(page, host, '#/');
  const chart = page.getByTestId('churn-chart');
  await expect(chart).toBeVisible({ timeout: 15_000 });
  const chartBirths = async (): Promise<number> => Number(await chart.getAttribute('data-births-total'));
  await expect.poll(chartBirths, { timeout: 4 * tickMs + 5000 }).toBeGreaterThanOrEqual(CONNECTIONS);
  const chartKernel = Number(await chart.getAttribute('data-kernel-total'));
  expect(chartKernel).toBeGreaterThanOrEqual(2 * CONNECTIONS);
  expect(await chartBirths()).toBeLessThanOrEqual(Math.ceil(chartKernel * 1.5));
  await attachShot(testInfo, 'churn-chart', chart);
});

test('closed rows turn red, then leave', async ({ page, host, listener, tickMs }) => {
  await openApp(page, host);
  // A fresh 127/8 source address matches only this test's connections, at either end.
  const source = freshLoopbackSource();
  await setFilter(page, source);
  const held = await Promise.all([1, 2, 3].map(() => connect(listener.port, source)));
  const established = rows(page).and(page.locator('[data-state="ESTABLISHED"]'));
  await expect(established).toHaveCount(6, { timeout: 2 * tickMs + 5000 });
  const ids = await established.evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
  for (const socket of held) socket.end();
  const closed = page.locator('[data-testid="socket-row"][data-status="closed"]');
  await expect(closed).toHaveCount(6, { timeout: 2 * tickMs + 5000 });
  expect((await closed.evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''))).sort()).toEqual([...ids].sort());
  const red = await closed.first().evaluate((el) => {
    const reds = [el, ...Array.from(el.querySelectorAll('*'))].flatMap((node) => {
      const style = (globalThis as unknown as { getComputedStyle: (n: unknown) => Record<string, string> }).getComputedStyle(node);
      return ['color', 'backgroundColor', 'borderLeftColor', 'outlineColor', 'boxShadow'].map((k) => style[k] ?? '');
    });
    return reds.some((value) => {
      const m = /rgba?\((\d+), (\d+), (\d+)/.exec(value);
      if (!m) return false;
      const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return r >= 120 && r > g + 50 && r > b + 50;
    });
  });
  expect(red, 'a closed row is drawn in red').toBe(true);
  for (const id of ids) {
    await expect(rowById(page, id)).toHaveCount(0, { timeout: 30_000 });
  }
});
