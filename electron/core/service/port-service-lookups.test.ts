/**
 * The service's two look-ups on this machine, through the production sampler thread: service
 * names for the ports of real rows (a connection to a listener on a registered port, a UDP
 * socket aimed at 5353), and the lifetime histogram of this very process after it opened and
 * closed real connections.
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDelta } from '../../../shared/apply-delta';
import type { Histogram } from '../../../shared/churn-model';
import type { Snapshot } from '../../../shared/model';
import { SERVICE_KEY_LIMIT, serviceKey } from '../../../shared/service-key';
import { buildTestWorkers, sleep, waitFor } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService } from './port-service';
import type { PortService } from './port-service';

/** Registered ports with a fixed IANA name; the test listens on the first one that is free. */
const REGISTERED: ReadonlyArray<[number, string]> = [
  [5432, 'postgresql'],
  [3306, 'mysql'],
  [6379, 'redis'],
  [27017, 'mongodb'],
  [11211, 'memcache'],
];

async function listenOnRegistered(): Promise<{ server: Server; port: number; name: string }> {
  for (const [port, name] of REGISTERED) {
    const server = createServer((s) => s.on('error', () => undefined));
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { server, port, name };
  }
  throw new Error(`none of ${REGISTERED.map(([p]) => p).join(', ')} is free on 127.0.0.1`);
}

const total = (h: Histogram | null): number => (h === null ? 0 : h.counts.reduce((a, b) => a + b, 0));

let built: BuiltWorkers;
let service: PortService;
let table: Snapshot | null = null;
beforeAll(async () => {
  built = await buildTestWorkers();
  service = createPortService({ intervalMs: 250, workerPath: built.worker });
  table = (await service.subscribe({})).snapshot;
  service.on('delta', (d) => {
    if (table !== null) table = applyDelta(table, d);
  });
}, 60_000);
afterAll(async () => {
  await service?.close();
  built?.remove();
});

describe('getServiceNames on real rows', () => {
  let listener: { server: Server; port: number; name: string };
  let client: NetSocket;
  let udp: UdpSocket;
  beforeAll(async () => {
    listener = await listenOnRegistered();
    client = createConnection(listener.port, '127.0.0.1');
    await once(client, 'connect');
    udp = createSocket('udp4');
    udp.connect(5353, '127.0.0.1');
    await once(udp, 'connect');
  });
  afterAll(() => {
    client?.destroy();
    udp?.close();
    listener?.server.close();
  });

  it('names the remote port of an outbound connection and of a connected UDP socket', async () => {
    const clientPort = client.localPort;
    const udpPort = udp.address().port;
    const rowOf = (pred: (s: Snapshot['sockets'][number]) => boolean) => table?.sockets.find(pred);
    const tcpRow = () => rowOf((s) => s.proto === 'tcp' && s.localPort === clientPort && s.remotePort === listener.port);
    const udpRow = () => rowOf((s) => s.proto === 'udp' && s.localPort === udpPort && s.remotePort === 5353);
    await waitFor(() => tcpRow() !== undefined && udpRow() !== undefined, 5000, 'the client and UDP rows');
    const tcp = tcpRow()!;
    const dgram = udpRow()!;
    const keys = [serviceKey(tcp.remotePort, tcp.proto), serviceKey(dgram.remotePort, dgram.proto), '0/tcp', '49152/tcp', '65535/udp'];
    expect(await service.getServiceNames({ keys })).toEqual({
      [`${listener.port}/tcp`]: listener.name,
      '5353/udp': 'mdns',
    });
  });

  it('answers an empty list with nothing, and refuses bad keys and oversized lists', async () => {
    expect(await service.getServiceNames({ keys: [] })).toEqual({});
    await expect(service.getServiceNames({ keys: ['443/sctp'] })).rejects.toThrow(/invalid getServiceNames request.*port\/proto/);
    await expect(service.getServiceNames({ keys: ['70000/tcp'] })).rejects.toThrow(/invalid getServiceNames request/);
    const many = Array.from({ length: SERVICE_KEY_LIMIT + 1 }, (_, i) => `${i}/tcp`);
    await expect(service.getServiceNames({ keys: many })).rejects.toThrow(/invalid getServiceNames request/);
    const full = await service.getServiceNames({ keys: many.slice(0, SERVICE_KEY_LIMIT) });
    expect(full['443/tcp']).toBe('https');
    expect(Object.keys(full).length).toBeGreaterThan(500);
  });
});

describe('getProcessLifetimes after real short connections', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server?.close());

  it('counts connections this process held for about half a second, closed with a reset', async () => {
    const me = await service.getProcess({ pid: process.pid });
    const ref = { pid: process.pid, startTime: me.startTime };
    const before = await service.getProcessLifetimes(ref);
    const clients: NetSocket[] = [];
    for (let i = 0; i < 5; i += 1) {
      const c = createConnection(port, '127.0.0.1');
      c.on('error', () => undefined);
      await once(c, 'connect');
      clients.push(c);
    }
    // Held across at least two 250 ms samples, so each is seen alive, then reset: no TIME_WAIT tail.
    await sleep(600);
    for (const c of clients) c.resetAndDestroy();
    const end = Date.now() + 5000;
    let h = await service.getProcessLifetimes(ref);
    while (total(h) - total(before) < 5 && Date.now() < end) {
      await sleep(100);
      h = await service.getProcessLifetimes(ref);
    }
    expect(h).not.toBeNull();
    expect(h!.boundsMs).toHaveLength(h!.counts.length);
    const added = h!.counts.map((n, i) => n - (before?.counts[i] ?? 0));
    expect(added.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    // Each lived from its first sample to its reset, under a second (stretched samples allowed for): none lands above 5 s.
    const upTo5s = h!.boundsMs.findIndex((b) => b >= 5000);
    expect(added.slice(upTo5s + 1).every((n) => n === 0)).toBe(true);
    expect(added.every((n) => n >= 0)).toBe(true);
    // Without a start time: the most recently active process with this pid, which is this one.
    expect(total(await service.getProcessLifetimes({ pid: process.pid }))).toBeGreaterThanOrEqual(total(h));
  });

  it('answers null for another start time (a reused pid) and a pid with no connections', async () => {
    const me = await service.getProcess({ pid: process.pid });
    expect(await service.getProcessLifetimes({ pid: process.pid, startTime: me.startTime + 1 })).toBeNull();
    expect(await service.getProcessLifetimes({ pid: 2 ** 30 })).toBeNull();
    await expect(service.getProcessLifetimes({ pid: 0 })).rejects.toThrow(/invalid getProcessLifetimes request/);
    await expect(service.getProcessLifetimes({ pid: 1, extra: true } as never)).rejects.toThrow(/invalid getProcessLifetimes request/);
  });
});
