/**
 * Issue 13 in Chromium: the destinations tab lists this test's listener with this test process
 * as its caller, clicking the row filters the table to that destination, and the details of a
 * process that sent 10 MiB over loopback show at least that much acknowledged (tcp_info via ss).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { attachShot, expect, openApp, rows, setFilter, test, waitForSamples } from './helpers/fixtures';

const MIB10 = 10 * 1024 * 1024;

/** Short connections from this process to a port at ~rate/s, closed client-first, plus `held` kept open. */
function churnTo(port: number, rate: number, held: number): { stop: () => void } {
  const open: Socket[] = [];
  for (let i = 0; i < held; i += 1) open.push(net.connect(port, '127.0.0.1').on('error', () => undefined));
  const timer = setInterval(() => {
    const s = net.connect(port, '127.0.0.1', () => setTimeout(() => s.end(), 20));
    s.on('error', () => undefined);
  }, 1000 / rate);
  return {
    stop: () => {
      clearInterval(timer);
      for (const s of open) s.destroy();
    },
  };
}

test('the destinations tab lists the listener with this process; clicking it filters the table', async ({ page, host, listener }, testInfo) => {
  test.setTimeout(90_000);
  const load = churnTo(listener.port, 25, 3);
  try {
    // A loaded machine may take many seconds for the host's first samples of 20,000 sockets.
    await waitForSamples(host, 3, 45_000);
    await openApp(page, host);
    await page.getByTestId('tab-destinations').click();
    const row = page.locator(`[data-testid="destination-row"][data-key="tcp|127.0.0.1|${listener.port}"]`);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByTestId('destination-callers').locator(`[data-pid="${process.pid}"]`)).toBeVisible({ timeout: 15_000 });
    // 127.0.0.1 is named from /etc/hosts.
    await expect(row).toContainText(`localhost:${listener.port}`);
    await attachShot(testInfo, 'destinations', page.getByTestId('destinations'));
    await row.click();
    await expect(page.getByTestId('filter-input')).toHaveValue(`remote:127.0.0.1:${listener.port} proto:tcp`);
    await expect(rows(page).first()).toBeVisible({ timeout: 10_000 });
    const remotes = await rows(page).evaluateAll((els) => els.map((el) => el.querySelector('.col-remote')?.getAttribute('title') ?? ''));
    expect(remotes.length).toBeGreaterThan(0);
    expect(remotes.filter((t) => !t.startsWith(`127.0.0.1:${listener.port}`))).toEqual([]);
    // The remote column shows the name; the tooltip keeps the address.
    await expect(rows(page).first().locator('.col-remote')).toHaveText(`localhost:${listener.port}`);
  } finally {
    load.stop();
  }
});

test('the details of a process that sent 10 MiB show it acknowledged, per connection and in total', async ({ page, host }, testInfo) => {
  let received = 0;
  const server = net.createServer((c) => c.on('data', (d: Buffer) => (received += d.length)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const sender = spawn(process.execPath, ['-e', `
    const s = require('node:net').connect(${port}, '127.0.0.1', () => s.write(Buffer.alloc(${MIB10}, 1), () => console.log('sent ' + s.localPort)));
    setTimeout(() => process.exit(0), 90000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const localPort = await new Promise<number>((resolve) => sender.stdout.on('data', (b: Buffer) => resolve(Number(/sent (\d+)/.exec(b.toString())?.[1]))));
    await expect.poll(() => received, { timeout: 20_000 }).toBeGreaterThanOrEqual(MIB10);
    await openApp(page, host);
    await setFilter(page, `lport:${localPort} rport:${port}`);
    const row = rows(page).and(page.locator(`[data-pid="${sender.pid}"]`));
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    await row.dblclick();
    const details = page.getByTestId('details');
    const conn = details.locator(`[data-testid="traffic-row"][data-local-port="${localPort}"]`);
    await expect(conn).toBeVisible({ timeout: 10_000 });
    expect(Number(await conn.getAttribute('data-acked'))).toBeGreaterThanOrEqual(MIB10);
    const total = Number(await details.getByTestId('traffic-total').getAttribute('data-acked'));
    expect(Math.abs(total - MIB10) / MIB10).toBeLessThan(0.01);
    await attachShot(testInfo, 'traffic', details);
  } finally {
    sender.kill();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
