/**
 * Opening a capture in the window (issue 12): a recorded `netstat -tulpn` chosen through the file
 * input is parsed by the service and shown read-only in the table with its banner; a row's
 * details show the capture's owner and no lookups or actions; "Back to live" returns to this
 * machine's table; a 100 MB file is refused with its size, and the page keeps working.
 */
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachShot, expect, listenerRow, openApp, rows, setFilter, test } from './helpers/fixtures';

const CAPTURE = fileURLToPath(new URL('../electron/core/sampler/fixtures/captures/netstat-tulpn-node-netstat-22.txt', import.meta.url));

test('a recorded capture opens through the file input, read-only, and Back to live returns', async ({ page, host, listener }, testInfo) => {
  await openApp(page, host);
  const live = listenerRow(page, listener.port);
  await setFilter(page, `port:${listener.port}`);
  await expect(live).toHaveCount(1, { timeout: 15_000 });
  await setFilter(page, '');

  await page.getByTestId('capture-file').setInputFiles(CAPTURE);
  await expect(page.getByTestId('capture-title')).toHaveText('capture: netstat-tulpn-node-netstat-22.txt, Linux netstat, 11 rows, taken elsewhere');
  // The table holds the capture's 11 rows, and this machine's listener is not among them.
  await expect(rows(page)).toHaveCount(11);
  await expect(live).toHaveCount(0);
  await expect(page.getByTestId('pause-toggle')).toBeDisabled();
  await expect(page.getByTestId('export-json')).toBeDisabled();
  await attachShot(testInfo, 'capture-table', page.locator('.app'));

  // Filters work on the capture as on live rows.
  await setFilter(page, 'proto:udp port:53');
  await expect(rows(page)).toHaveCount(6);
  await setFilter(page, '');

  const dhcpd = rows(page).and(page.locator('[data-local-port="40475"]'));
  await expect(dhcpd).toHaveAttribute('data-pid', '7618');
  await dhcpd.dblclick();
  const details = page.getByTestId('details');
  await expect(details).toBeVisible();
  await expect(details.locator('#details-title')).toContainText('dhcpd · pid 7618');
  await expect(details.getByTestId('details-capture')).toBeVisible();
  await expect(details.getByTestId('details-pid')).toHaveText('7618');
  await expect(details.getByTestId('details-exe')).toHaveText('—');
  await expect(details.getByText(/^History of/)).toHaveCount(0);
  await expect(details.getByText('Check by hand')).toHaveCount(0);
  await expect(details.locator('button').filter({ hasNotText: /Close/ })).toHaveCount(0);
  await attachShot(testInfo, 'capture-details', details);
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);

  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('capture-banner')).toHaveCount(0);
  await setFilter(page, `port:${listener.port}`);
  await expect(live).toHaveCount(1);
  await expect(page.getByTestId('pause-toggle')).toBeEnabled();
});

test('a 100 MB file is refused with its size, and the window keeps working', async ({ page, host, listener }) => {
  const dir = mkdtempSync(join(tmpdir(), 'eph-i12-capture-'));
  const big = join(dir, 'huge-capture.txt');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 100 * 1024 * 1024);
  closeSync(fd);
  try {
    await openApp(page, host);
    await page.getByTestId('capture-file').setInputFiles(big);
    await expect(page.getByText(/huge-capture\.txt is 100\.0 MB; Ephemera opens captures of at most 8 MB/)).toBeVisible();
    await expect(page.getByTestId('capture-banner')).toHaveCount(0);
    await setFilter(page, `port:${listener.port}`);
    await expect(rows(page).and(page.locator(`[data-local-port="${listener.port}"]`))).not.toHaveCount(0, { timeout: 15_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
