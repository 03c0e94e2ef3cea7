/**
 * A real nginx (master + 2 workers sharing one listener) in the live table: the row names the
 * master with "+2", and its details list every holder with its parent pid, how the owner was
 * known, and the namespace; with `reuseport`, one row per worker socket whose details name the
 * rest of its SO_REUSEPORT group.
 */
import { attachShot, expect, listenerRow, openApp, setFilter, test } from './helpers/fixtures';
import { nginxMissing, startNginx } from '../electron/core/test-kit/real-nginx';

const missing = nginxMissing();

test(`a listener nginx shares with its workers shows them all${missing === null ? '' : ` (skipped: ${missing})`}`, async ({ page, host }, testInfo) => {
  test.skip(missing !== null, missing ?? '');
  const nginx = await startNginx(2);
  try {
    await openApp(page, host);
    await setFilter(page, `lport:${nginx.port} state:listen`);
    const row = listenerRow(page, nginx.port);
    await expect(row).toHaveCount(1, { timeout: 15_000 });
    await expect(row).toHaveAttribute('data-pid', String(nginx.master), { timeout: 15_000 });
    await expect(row).toContainText('nginx +2', { timeout: 15_000 });
    await expect(row).toContainText('host');
    await row.dblclick();
    const details = page.getByTestId('details');
    await expect(details.getByTestId('details-holders')).toContainText(`nginx master ${nginx.master}, workers ${nginx.workers.join(', ')}`);
    for (const worker of nginx.workers) await expect(details.getByTestId('details-holders')).toContainText(`nginx pid ${worker} · parent ${nginx.master}`);
    await expect(details.getByTestId('details-basis')).toHaveText('exact');
    await expect(details.getByTestId('details-netns')).toContainText('host');
    await attachShot(testInfo, 'details', details);
  } finally {
    await nginx.stop();
  }
});

test(`nginx with reuseport shows one listener per socket, each naming its group${missing === null ? '' : ` (skipped: ${missing})`}`, async ({ page, host }, testInfo) => {
  test.skip(missing !== null, missing ?? '');
  const nginx = await startNginx(2, true);
  try {
    await openApp(page, host);
    await setFilter(page, `lport:${nginx.port} state:listen`);
    const listeners = listenerRow(page, nginx.port);
    // nginx opens one SO_REUSEPORT socket per worker; each is its own row.
    await expect(listeners).toHaveCount(2, { timeout: 15_000 });
    await listeners.first().dblclick();
    const details = page.getByTestId('details');
    await expect(details.getByTestId('details-port-group')).toContainText('shares its port with 1 other listening socket (SO_REUSEPORT): nginx', { timeout: 15_000 });
    await expect(details.getByTestId('details-port-group')).toContainText(`${nginx.master}`);
    await attachShot(testInfo, 'details-port-group', details);
  } finally {
    await nginx.stop();
  }
});
