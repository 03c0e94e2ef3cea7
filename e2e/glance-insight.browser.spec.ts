/**
 * What polling misses, in the real UI on this machine: the glance names the reconciliation's
 * figures and counts connections that lived shorter than a tick when destroy events run; a
 * listener this test opens raises an in-page notification that leaves by itself; the service
 * column names the registered port of a real connection.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import type { Server, Socket } from 'node:net';
import { expect, integerOf, listenerRow, openApp, rows, setFilter, test, waitForSamples } from './helpers/fixtures';
import { startBuiltHost, type RunningHost } from './helpers/web-host';
import { openCaller } from './helpers/ws-caller';

/** Registered ports with a fixed IANA name; the service-name test listens on the first free one. */
const REGISTERED: ReadonlyArray<[number, string]> = [
  [5432, 'postgresql'],
  [3306, 'mysql'],
  [6379, 'redis'],
  [27017, 'mongodb'],
];

function listen(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.on('error', () => {}));
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server | null): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** The host's status fields this spec reads. */
async function hostStatus(host: RunningHost): Promise<{ events: string; tracepoint: string; low: number }> {
  const caller = await openCaller(host.port, host.token);
  try {
    const reply = await caller.call('getStatus', {});
    if (!reply.ok) throw new Error(`getStatus failed: ${reply.error}`);
    const status = reply.response as { events: string; tracepoint?: string; ephemeralRange: { low: number } };
    return { events: status.events, tracepoint: status.tracepoint ?? '', low: status.ephemeralRange.low };
  } finally {
    caller.close();
  }
}

/** `count` connections to `port`, each reset as soon as it is up: they live far shorter than a tick. */
async function resetBurst(port: number, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const socket: Socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.resetAndDestroy();
  }
}

test('the glance reconciles polling with the kernel and counts what only destroy events saw', async ({ page, host, listener, tickMs }) => {
  await openApp(page, host, '#/glance');
  const recon = page.getByTestId('glance-reconciliation');
  await expect(recon).toBeVisible({ timeout: 15_000 });
  for (const label of ['kernel opens', 'seen by sampling', 'seen only by events', 'missed']) {
    await expect(recon.getByText(label, { exact: true })).toBeVisible();
  }
  // The page has held less than a minute of totals: the figures say they run since start.
  await expect(recon).toHaveAttribute('data-scope', 'since-start');
  await expect(recon.getByText('since start', { exact: true })).toBeVisible();
  await waitForSamples(host, 2);
  await expect.poll(() => integerOf(page, 'glance-kernel-opens-60s'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThanOrEqual(0);

  const { events, tracepoint } = await hostStatus(host);
  const before = { kernel: await integerOf(page, 'glance-kernel-opens-60s'), sampled: await integerOf(page, 'glance-seen-sampling') };
  await resetBurst(listener.port, 30);
  // Each reset connection is two kernel opens, whoever sees them.
  await expect.poll(() => integerOf(page, 'glance-kernel-opens-60s'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThanOrEqual(before.kernel + 60);
  if (events.startsWith('running')) {
    // Born and reset within a tick: most are seen only by their destroy events, and tallied under one tick.
    await expect.poll(() => integerOf(page, 'glance-seen-events'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThan(0);
    const lifetimes = page.getByTestId('glance-lifetimes');
    await expect.poll(async () => Number(await lifetimes.getAttribute('data-below-tick')), { timeout: 4 * tickMs + 5000 }).toBeGreaterThan(0);
  } else {
    await expect(page.getByTestId('glance-seen-events')).toHaveText('—');
  }
  expect(await integerOf(page, 'glance-missed-60s')).toBeGreaterThanOrEqual(0);
  await expect(recon.locator('.recon-words')).toContainText('TCP opens seen');
  // Every source says its state; a tracepoint that ran through the burst says how many owners it named.
  const sources = page.getByTestId('glance-sources');
  await expect(sources).toContainText(`sources: polling · ss -E ${events.split(':')[0]}`);
  await expect(sources).toContainText(`tracepoint ${tracepoint.split(':')[0]}`);
  if (tracepoint.startsWith('running') && events.startsWith('running')) {
    await expect.poll(() => integerOf(page, 'glance-tracepoint-named'), { timeout: 4 * tickMs + 5000 }).toBeGreaterThan(0);
  }

  await openApp(page, host, '#/');
  await expect(page.getByTestId('status-line')).toContainText(`destroy events ${events.split(':')[0]}`, { timeout: 15_000 });
});

/** Why this machine cannot run the connect tracepoint, in the tracer's own words; null when it can. */
const UNTRACEABLE = /^off: (not root|bpftrace missing|tracefs not mounted|the connect tracepoint needs Linux)/;

test('with --tracepoint, the status and the glance say it runs and the glance how many owners it named', async ({ page, listener }) => {
  test.skip(process.getuid?.() !== 0 || spawnSync('bpftrace', ['--version']).status !== 0, 'the connect tracepoint needs root and bpftrace');
  test.setTimeout(120_000);
  const traced = await startBuiltHost(process.cwd(), ['--tracepoint']);
  try {
    // Compiling the bpftrace program takes seconds on a busy machine.
    await expect.poll(async () => (await hostStatus(traced)).tracepoint, { timeout: 70_000 }).not.toMatch(/starting|^$/);
    const { tracepoint } = await hostStatus(traced);
    test.skip(UNTRACEABLE.test(tracepoint), `tracepoint ${tracepoint}`);
    expect(tracepoint).toBe('running (tracepoint)');
    await openApp(page, traced, '#/glance');
    await waitForSamples(traced, 2);
    await resetBurst(listener.port, 30);
    // Reset within a tick: seen only by their destroy events, their owners named by the tracepoint.
    await expect.poll(() => integerOf(page, 'glance-tracepoint-named'), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('glance-sources')).toContainText('tracepoint running (tracepoint), named');
    await openApp(page, traced, '#/');
    await expect(page.getByTestId('status-line')).toContainText('exact owners running (tracepoint)', { timeout: 15_000 });
  } finally {
    await traced.stop();
  }
});

test('a new listener raises an in-page notification that leaves by itself', async ({ page, host, tickMs }) => {
  await openApp(page, host);
  await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
  const { low } = await hostStatus(host);
  // Outside the ephemeral range, a new listener is an info 'new-listener' notification.
  let server: Server | null = null;
  let port = 0;
  for (let tries = 0; server === null && tries < 40; tries += 1) {
    port = 20_000 + Math.floor(Math.random() * Math.max(1, Math.min(10_000, low - 20_000)));
    server = await listen(port);
  }
  expect(server, 'a free port below the ephemeral range').not.toBeNull();
  try {
    const toast = page.getByTestId('notifications').getByTestId('notification').filter({ hasText: `New listener on port ${port}` });
    await expect(toast).toHaveCount(1, { timeout: 3 * tickMs + 5000 });
    await expect(toast).toHaveAttribute('data-kind', 'new-listener');
    await expect(toast).toContainText(`pid ${process.pid}`);
    // The table stays usable under the toast stack: the filter still takes input.
    await setFilter(page, `lport:${port}`);
    await expect(rows(page)).toHaveCount(1, { timeout: 2 * tickMs + 3000 });
    // Info leaves after about 8 s.
    await expect(toast).toHaveCount(0, { timeout: 15_000 });
  } finally {
    await close(server);
  }
});

test('the service column names the registered port of a real connection, from both ends', async ({ page, host, tickMs }) => {
  let server: Server | null = null;
  let entry: [number, string] | undefined;
  for (const candidate of REGISTERED) {
    server = await listen(candidate[0]);
    if (server) {
      entry = candidate;
      break;
    }
  }
  test.skip(!entry, 'none of the registered test ports is free here');
  const [port, name] = entry as [number, string];
  const client = net.connect({ port, host: '127.0.0.1' });
  client.on('error', () => {});
  try {
    await openApp(page, host);
    await setFilter(page, `port:${port} state:listen,estab`);
    const listening = listenerRow(page, port);
    const outbound = rows(page).and(page.locator(`[data-state="ESTABLISHED"]:not([data-local-port="${port}"])`));
    await expect(listening.locator('.col-service')).toHaveText(name, { timeout: 3 * tickMs + 5000 });
    // The client's end sits on an ephemeral port: its service is the server's port, and the tooltip says so.
    await expect(outbound.locator('.col-service')).toHaveText(name, { timeout: 3 * tickMs + 5000 });
    await expect(outbound.locator('.col-service')).toHaveAttribute('title', new RegExp(`remote port ${port}/tcp`));
  } finally {
    client.destroy();
    await close(server);
  }
});
