/**
 * The port map draws this test's listener in its cell, and clicking that cell selects the
 * listener's row in the table.
 */
import { attachShot, expect, listenerRow, openApp, setFilter, test } from './helpers/fixtures';

test('clicking the listener cell on the port map selects its row', async ({ page, host, listener }, testInfo) => {
  await openApp(page, host);
  await setFilter(page, `port:${listener.port}`);
  const row = listenerRow(page, listener.port);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await expect(row).not.toHaveAttribute('aria-selected', 'true');

  const map = page.getByTestId('port-map');
  await expect(map).toBeVisible();
  const geometry = await map.evaluate((el) => ({
    low: Number(el.getAttribute('data-low')),
    high: Number(el.getAttribute('data-high')),
    cols: Number(el.getAttribute('data-cols')),
    cell: Number(el.getAttribute('data-cell')),
  }));
  expect(geometry.cols).toBeGreaterThan(0);
  expect(geometry.cell).toBeGreaterThan(0);
  expect(listener.port).toBeGreaterThanOrEqual(geometry.low);
  expect(listener.port).toBeLessThanOrEqual(geometry.high);
  const offset = listener.port - geometry.low;
  const col = offset % geometry.cols;
  const line = Math.floor(offset / geometry.cols);
  await map.click({ position: { x: (col + 0.5) * geometry.cell, y: (line + 0.5) * geometry.cell } });
  await expect(row).toHaveAttribute('aria-selected', 'true');
  // The card around the canvas: legend, range and the hover tip over the clicked cell.
  await attachShot(testInfo, 'port-map', page.locator('section', { has: map }).first());
});
