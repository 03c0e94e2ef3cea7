/**
 * The port service end to end on this machine: the production worker (built by Vite) sampling
 * /proc for real, a listener and a connection this test opens, deltas applied to a subscriber's
 * copy, pause, interval checks, port history, process details and a crash mid-run.
 */
import { spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDelta } from '../../../shared/apply-delta';
import type { Status } from '../../../shared/contract';
import type { Delta, Snapshot } from '../../../shared/model';
import { createLinuxSource } from '../sampler/linux-source';
import type { SocketSource } from '../sampler/types';
import { buildTestWorkers, sleep, waitFor } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService } from './port-service';
import type { PortService } from './port-service';


/** A subscriber that keeps its own copy of the table from subscribe + deltas, as the renderer does. */
async function subscriber(service: PortService) {
  const deltas: Delta[] = [];
  const statuses: Status[] = [];
  const sub = await service.subscribe({});
  const copy = { snapshot: sub.snapshot as Snapshot };
  const offDelta = service.on('delta', (d) => {
    deltas.push(d);
    copy.snapshot = applyDelta(copy.snapshot, d);
  });
  const offStatus = service.on('status', (s) => statuses.push(s));
  return { deltas, statuses, copy, off: () => (offDelta(), offStatus()) };
}

let built: BuiltWorkers;
let service: PortService;
let lastEvents = '';
let server: Server;
let port: number;
beforeAll(async () => {
  built = await buildTestWorkers();
  service = createPortService({ intervalMs: 250, workerPath: built.worker });
  service.on('status', (s) => (lastEvents = s.events));
  server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await service?.close();
  server?.close();
  built?.remove();
});

describe('port service on the real machine', () => {
  it('publishes the listener and a connection as deltas that keep a subscriber exact', async () => {
    const sub = await subscriber(service);
    const has = (pred: (s: Snapshot['sockets'][number]) => boolean) => sub.copy.snapshot.sockets.some(pred);
    await waitFor(() => has((s) => s.localPort === port && s.state === 'LISTEN'), 5000, 'the listener row');
    const listener = sub.copy.snapshot.sockets.find((s) => s.localPort === port && s.state === 'LISTEN')!;
    expect(listener.owner?.pid).toBe(process.pid);

    const client: NetSocket = createConnection(port, '127.0.0.1');
    await new Promise((r) => client.on('connect', r));
    const clientPort = client.localPort!;
    // Linux shares an ephemeral port among connections to different peers: match the whole pair.
    const outbound = (s: Snapshot['sockets'][number]) => s.localPort === clientPort && s.remotePort === port && s.state === 'ESTABLISHED';
    await waitFor(() => has(outbound), 5000, 'the client row');
    const outboundId = sub.copy.snapshot.sockets.find(outbound)!.id;
    client.destroy();
    await waitFor(() => !has(outbound), 5000, 'the client row to go');
    expect(sub.deltas.some((d) => d.removed.some((r) => r.id === outboundId) || d.changed.some((s) => s.id === outboundId))).toBe(true);

    await service.pause({});
    const fresh = await service.subscribe({});
    expect(fresh.snapshot.seq).toBe(sub.copy.snapshot.seq);
    const ids = (s: Snapshot) => s.sockets.map((x) => x.id).sort();
    expect(ids(sub.copy.snapshot)).toEqual(ids(fresh.snapshot));
    await service.resume({});
    sub.off();
  });

  it('reports status: source, interval, owner coverage, events, errors', async () => {
    await service.pause({});
    const status = await service.getStatus({});
    const { snapshot } = await service.subscribe({});
    expect(status.source).toBe('linux-procfs');
    expect(status.intervalMs).toBe(250);
    expect(status.paused).toBe(true);
    expect(status.samples).toBeGreaterThan(2);
    expect(status.lastSampleMs).toBeGreaterThan(0);
    expect(status.ownerCoverage.total).toBe(snapshot.sockets.length);
    expect(status.ownerCoverage.attributed).toBe(snapshot.sockets.filter((s) => s.owner !== null).length);
    expect(status.ownerCoverage.attributed).toBeGreaterThan(0);
    // the ss -E reader stops with sampling and says so
    expect(status.events).toBe('off: paused');
    expect(status.ephemeralRange.source).toBe('os');
    expect(status.errors.length).toBeLessThanOrEqual(20);
    await service.resume({});
    await waitFor(() => lastEvents === 'running (ss -E)', 3000, 'the destroy-event reader to run again');
  });

  it('pause stops deltas, resume brings them back', async () => {
    const sub = await subscriber(service);
    const paused = await service.pause({});
    expect(paused.paused).toBe(true);
    await sleep(100);
    const atPause = sub.deltas.length;
    await sleep(800);
    expect(sub.deltas.length).toBe(atPause);
    expect((await service.resume({})).paused).toBe(false);
    await waitFor(() => sub.deltas.length > atPause, 2000, 'a delta after resume');
    // Other changes (owner coverage as the machine's sockets come and go) may push more statuses.
    const flips = sub.statuses.map((s) => s.paused).filter((p, i, all) => i === 0 || p !== all[i - 1]);
    expect(flips.slice(-2)).toEqual([true, false]);
    sub.off();
  });

  it('checks every request against the contract and the interval range', async () => {
    await expect(service.setInterval({ ms: 100 })).rejects.toThrow('sampling interval must be a whole number of ms from 250 to 10000, got 100');
    await expect(service.setInterval({ ms: 10_001 })).rejects.toThrow(/from 250 to 10000, got 10001/);
    await expect(service.setInterval({ ms: 500.5 })).rejects.toThrow(/got 500.5/);
    await expect(service.setInterval({ ms: 500, extra: 1 } as never)).rejects.toThrow(/invalid setInterval request/);
    await expect(service.getPortHistory({ port: 70_000, proto: 'tcp' })).rejects.toThrow(/invalid getPortHistory request/);
    await expect(service.getProcess({ pid: -1 })).rejects.toThrow(/invalid getProcess request/);
    await expect(service.subscribe({ since: 3 } as never)).rejects.toThrow(/invalid subscribe request/);
    await expect(service.exportSnapshot({ format: 'xml' } as never)).rejects.toThrow(/invalid exportSnapshot request/);
    const changed = await service.setInterval({ ms: 500 });
    expect(changed.intervalMs).toBe(500);
    expect((await service.getStatus({})).intervalMs).toBe(500);
    await service.setInterval({ ms: 250 });
  });

  it('gives the port history of the listener, owned by this process', async () => {
    const holds = await service.getPortHistory({ port, proto: 'tcp' });
    const listen = holds.find((h) => h.lastState === 'LISTEN');
    expect(listen?.owner?.pid).toBe(process.pid);
    expect(listen?.to).toBeNull();
    expect(await service.getPortHistory({ port, proto: 'udp' })).toEqual([]);
  });

  it('gives process details, and a clear error for a process that has exited or was replaced', async () => {
    const me = await service.getProcess({ pid: process.pid });
    expect(me.pid).toBe(process.pid);
    expect(me.cmdline.length).toBeGreaterThan(0);
    expect(me.startTime).toBeGreaterThan(0);
    const child = spawnSync('true');
    await expect(service.getProcess({ pid: child.pid! })).rejects.toThrow(`process ${child.pid} has exited`);
    await expect(service.getProcess({ pid: process.pid, startTime: me.startTime + 1 })).rejects.toThrow(
      `process ${process.pid} has exited (pid ${process.pid} now belongs to a newer process)`,
    );
  });
});

describe('port service under stress', () => {
  it('says a slow sample stretched the tick (in-process source that takes 400 ms)', async () => {
    const real = createLinuxSource();
    const slow: SocketSource = {
      name: 'slow-linux',
      ephemeralRange: () => real.ephemeralRange(),
      async sample() {
        await sleep(400);
        return real.sample();
      },
    };
    const svc = createPortService({ intervalMs: 250, inProcessSource: slow });
    try {
      const sub = await subscriber(svc);
      await waitFor(() => sub.deltas.length >= 2, 5000, 'two slow deltas');
      const status = await svc.getStatus({});
      expect(status.source).toBe('slow-linux');
      expect(status.stretched).toBe(true);
      expect(status.lastSampleMs).toBeGreaterThanOrEqual(395);
      expect(sub.statuses.some((s) => s.stretched)).toBe(true);
      expect(sub.deltas[1]!.time - sub.deltas[0]!.time).toBeGreaterThanOrEqual(395);
    } finally {
      await svc.close();
    }
  });

  it('survives a crashing sampler thread: error in status, restart, deltas still apply in order', async () => {
    const svc = createPortService({
      intervalMs: 250,
      workerPath: built.testWorker,
      workerExtra: { crashAfterSamples: 3 },
      restart: { initialMs: 100, maxMs: 400 },
    });
    try {
      const sub = await subscriber(svc);
      await waitFor(() => sub.deltas.length >= 6, 10_000, 'deltas across a restart');
      const status = await svc.getStatus({});
      expect(status.errors.some((e) => e.startsWith('sampler thread crashed: test crash after 3 samples; restarting in'))).toBe(true);
      expect(status.errors.filter((e) => /listener threw/.test(e))).toEqual([]);
      const seqs = sub.deltas.map((d) => d.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      expect(sub.copy.snapshot.sockets.some((s) => s.localPort === port && s.state === 'LISTEN')).toBe(true);
    } finally {
      await svc.close();
    }
  });

  it('close stops sampling and refuses further requests', async () => {
    const svc = createPortService({ intervalMs: 250, inProcessSource: createLinuxSource() });
    const sub = await subscriber(svc);
    await svc.close();
    const n = sub.deltas.length;
    await sleep(600);
    expect(sub.deltas.length).toBe(n);
    await expect(svc.pause({})).rejects.toThrow('the port service is closed');
  });
});
