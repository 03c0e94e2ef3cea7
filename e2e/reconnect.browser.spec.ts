/**
 * When the page's socket to the host is reset, the client reconnects on its own and resyncs:
 * a listener opened while it was away shows up afterwards without a reload.
 */
import { expect, openApp, rows, setFilter, test } from './helpers/fixtures';
import { dropConnectionsTo, openTestListener } from './helpers/listener';

test('the UI reconnects after the socket is reset and catches up on what it missed', async ({ page, host, tickMs }) => {
  const sockets: number[] = [];
  page.on('websocket', () => sockets.push(Date.now()));
  await openApp(page, host);
  await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
  expect(sockets).toHaveLength(1);
  const droppedAt = Date.now();
  const killed = await dropConnectionsTo(host.port);
  test.skip(killed === null, 'ss -K cannot reset sockets here (needs root and INET_DIAG_DESTROY)');
  expect(killed).toBeGreaterThanOrEqual(1);
  const listener = await openTestListener();
  try {
    await setFilter(page, `lport:${listener.port}`);
    await expect(rows(page)).toHaveCount(1, { timeout: 10_000 + 2 * tickMs });
    await expect(rows(page).first()).toHaveAttribute('data-pid', String(process.pid), { timeout: 15_000 });
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    // The first retry waits 250 ms; allow for a loaded machine.
    expect((sockets[1] ?? Infinity) - droppedAt).toBeLessThan(3000);
    expect(host.stderr()).not.toMatch(/request failed|TypeError|RangeError/);
  } finally {
    await listener.close();
  }
});
