/**
 * The details dialog in the real UI: a double-click on a row opens one real modal dialog, named
 * by the process and pid, with focus inside and back on the row when it closes; a double-click
 * that began elsewhere (the warning banner, the port map) opens nothing. Every table in the
 * dialog fits or scrolls sideways at 1280×800 and 900×700 in both themes (screenshots attached).
 */
import net from 'node:net';
import type { Page } from '@playwright/test';
import { attachShot, expect, listenerRow, openApp, setFilter, test } from './helpers/fixtures';
import type { TestListener } from './helpers/listener';

/** Opens `count` connections to the listener and keeps them until the test ends. */
async function connectTo(listener: TestListener, count: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i += 1) {
    const s = net.connect({ port: listener.port, host: '127.0.0.1' });
    s.on('error', () => {});
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    sockets.push(s);
  }
  return sockets;
}

/** The listener's row in the table, filtered to its port. */
async function filteredListener(page: Page, listener: TestListener) {
  await setFilter(page, `lport:${listener.port}`);
  const row = listenerRow(page, listener.port);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  return row;
}

/** How one box of tabular content sits in the dialog. */
interface Fit {
  name: string;
  inside: boolean;
  fits: boolean;
  scrolls: boolean;
  scrollWidth: number;
  clientWidth: number;
}

/** Boxes that hold tabular content in the dialog, and how each one fits (page code as text: e2e has no DOM types). */
async function tableFits(page: Page): Promise<Fit[]> {
  return page.evaluate<Fit[]>(`(() => {
    const dialog = document.querySelector('[data-testid="details"]');
    const frame = dialog.getBoundingClientRect();
    return [...dialog.querySelectorAll('.history, .mini-table, .check-row code, .lifetimes')].map((el) => {
      const box = el.getBoundingClientRect();
      const overflowX = getComputedStyle(el).overflowX;
      return {
        name: el.className,
        inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5,
        fits: el.scrollWidth <= el.clientWidth + 1,
        scrolls: overflowX === 'auto' || overflowX === 'scroll',
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
      };
    });
  })()`);
}

test('a row double-click opens one modal dialog; focus goes in and comes back to the row', async ({ page, host, listener }) => {
  await openApp(page, host);
  const row = await filteredListener(page, listener);
  await row.dblclick();
  const dialog = page.getByRole('dialog', { name: `node · pid ${process.pid}` });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(1);
  expect(await page.evaluate<boolean>(`(() => { const d = document.querySelector('dialog'); return d.matches(':modal') && d.contains(document.activeElement) && document.activeElement !== d; })()`)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row).toBeFocused();
  // Enter from the focused row opens it again; the close button brings focus back too.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close details' }).click();
  await expect(row).toBeFocused();
});

test('a double-click on the banner text or on a port-map cell selects, and never opens a dialog', async ({ page, host, listener }) => {
  await openApp(page, host);
  const row = await filteredListener(page, listener);
  const banner = page.getByTestId('glance-flags').locator('li').first();
  await expect(banner).toBeVisible({ timeout: 15_000 });
  const text = await banner.boundingBox();
  const target = await row.boundingBox();
  if (!text || !target) throw new Error('banner or row has no box');

  // The banner's words are selected, as in any page.
  await banner.dblclick({ position: { x: 60, y: text.height / 2 } });
  expect((await page.evaluate<string>('String(getSelection())')).trim()).not.toBe('');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A double-click whose first click hit the banner and whose second lands on a row (the layout
  // moved between the two clicks, as it does when a banner comes or goes) is no row double-click.
  const rowPoint = { x: target.x + 40, y: target.y + target.height / 2 };
  await page.mouse.click(text.x + 60, text.y + text.height / 2);
  await page.mouse.move(rowPoint.x, rowPoint.y);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The port map: a double-click on the listener's cell selects its row and opens nothing.
  await page.getByTestId('filter-input').fill('');
  const map = page.getByTestId('port-map');
  const geometry = await map.evaluate((el) => ({
    low: Number(el.getAttribute('data-low')),
    cols: Number(el.getAttribute('data-cols')),
    cell: Number(el.getAttribute('data-cell')),
  }));
  const offset = listener.port - geometry.low;
  const cell = { x: ((offset % geometry.cols) + 0.5) * geometry.cell, y: (Math.floor(offset / geometry.cols) + 0.5) * geometry.cell };
  await map.dblclick({ position: cell });
  const selected = page.locator(`[data-testid="socket-row"][data-local-port="${listener.port}"][aria-selected="true"]`);
  await expect(selected.first()).toBeVisible();
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // First click on the map, second on a row: still no dialog.
  const mapBox = await map.boundingBox();
  // The listener's row: a LISTEN row is not re-rendered under the test as busy rows are.
  const anyRow = await selected.first().boundingBox();
  if (!mapBox || !anyRow) throw new Error('map or row has no box');
  await page.mouse.click(mapBox.x + cell.x, mapBox.y + cell.y);
  await page.mouse.move(anyRow.x + 40, anyRow.y + anyRow.height / 2);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

for (const [width, height] of [
  [1280, 800],
  [900, 700],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every table in the dialog fits or scrolls sideways at ${width}×${height}, ${scheme}`, async ({ page, host, listener }, testInfo) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      // Enough holds that the history (300 px at most) scrolls down: its scrollbar must not hide a column.
      const clients = await connectTo(listener, 12);
      try {
        await openApp(page, host);
        const row = await filteredListener(page, listener);
        // The table is windowed: its footer counts the rows, the DOM holds only those on screen.
        await expect.poll(async () => Number(/([\d,]+) shown/.exec(await page.locator('.tfoot').innerText())?.[1]?.replace(/,/g, '')), { timeout: 15_000 }).toBeGreaterThanOrEqual(13);
        await row.dblclick();
        const dialog = page.getByTestId('details');
        await expect(dialog).toBeVisible();
        const history = dialog.getByTestId('details-history');
        await expect(history.locator('tbody tr').first()).toBeVisible({ timeout: 15_000 });
        await expect(dialog.locator('.mini-row').first()).toBeVisible();
        await attachShot(testInfo, `details-${width}x${height}-${scheme}`, dialog);
        // The dialog scrolls at 900×700: the history gets its own picture, scrolled into view.
        await history.scrollIntoViewIfNeeded();
        await attachShot(testInfo, `details-history-${width}x${height}-${scheme}`, history);

        expect(await history.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
        const boxes = await tableFits(page);
        expect(boxes.length).toBeGreaterThanOrEqual(2);
        for (const b of boxes) {
          expect(b.inside, `${b.name} lies inside the dialog`).toBe(true);
          expect(b.fits || b.scrolls, `${b.name} fits (${b.scrollWidth} <= ${b.clientWidth}) or scrolls`).toBe(true);
          // The history wraps long names and addresses, so its whole width shows without scrolling.
          if (b.name === 'history') expect(b.fits, `history fits (${b.scrollWidth} <= ${b.clientWidth})`).toBe(true);
        }
        // The history's last column can be reached and then lies wholly inside its box.
        const last = history.locator('thead th').last();
        await last.scrollIntoViewIfNeeded();
        const [cellBox, frame] = await Promise.all([last.boundingBox(), history.boundingBox()]);
        if (!cellBox || !frame) throw new Error('no history box');
        expect(cellBox.x + cellBox.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
        expect(cellBox.x).toBeGreaterThanOrEqual(frame.x - 1);
      } finally {
        for (const c of clients) c.destroy();
      }
    });
  }
}
