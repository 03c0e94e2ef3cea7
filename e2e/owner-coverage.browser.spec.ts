/**
 * The status line and the glance say why owners are unknown, in the shared words: a TIME_WAIT
 * remnant this test leaves behind is named as one, and as root nothing is blamed on other users.
 */
import net from 'node:net';
import { attachShot, expect, openApp, test } from './helpers/fixtures';

/** Connects to the listener and closes client-first, so the client side lingers in TIME_WAIT. */
async function leaveTimeWait(port: number, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('error', () => {});
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    await new Promise<void>((resolve) => s.end(() => resolve()));
    await new Promise<void>((resolve) => s.once('close', () => resolve()));
  }
}

test('owner coverage names TIME_WAIT remnants, and never other users as root', async ({ page, host, listener }, testInfo) => {
  await leaveTimeWait(listener.port, 3);
  await openApp(page, host);
  const status = page.getByTestId('status-coverage');
  await expect(status).toContainText(/\d+ in TIME_WAIT \(closed; no process holds them\)/, { timeout: 15_000 });
  if (process.geteuid?.() === 0) await expect(status).not.toContainText('other users');
  // The glance says it in the same words (both follow the live status, so compare until they agree).
  const glance = page.getByTestId('glance-owners');
  await expect.poll(async () => (await glance.getAttribute('title')) === (await status.getAttribute('title')), { timeout: 15_000 }).toBe(true);
  await expect(glance).toContainText('in TIME_WAIT');
  await attachShot(testInfo, 'status-line', page.getByTestId('status-line'));
  await attachShot(testInfo, 'glance-states', page.locator('.glance-card.states').first());
});
