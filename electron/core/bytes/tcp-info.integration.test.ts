/**
 * Bytes per connection without root, through the service and the real `ss -tin`: a separate
 * process sends 10 MiB over loopback to a listener here. Its connection shows at least 10 MiB
 * acknowledged, the per-process total matches within 1%, the destination's total agrees, and a
 * second ask within the second is the same read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpInfoResult } from '../../../shared/destination-model';
import { buildTestWorkers, waitFor } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService, type PortService } from '../service/port-service';
import { createTcpInfoReader } from './tcp-info-reader';

const MIB10 = 10 * 1024 * 1024;
const SENDER = `
const net = require('node:net');
const s = net.connect(Number(process.argv[1]), '127.0.0.1', () => {
  s.write(Buffer.alloc(${MIB10}, 7), () => process.stdout.write('sent ' + s.localPort + '\\n'));
});
setTimeout(() => process.exit(0), 60000);
`;

let built: BuiltWorkers;
let service: PortService;
let server: Server;
let received = 0;
let sender: ChildProcess;
let senderPort = 0;
beforeAll(async () => {
  built = await buildTestWorkers();
  server = createServer((c) => c.on('data', (d: Buffer) => (received += d.length)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  service = createPortService({ intervalMs: 250, workerPath: built.worker });
  await service.subscribe({});
  sender = spawn(process.execPath, ['-e', SENDER, String((server.address() as AddressInfo).port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => sender.stdout?.on('data', (b: Buffer) => ((senderPort = Number(/sent (\d+)/.exec(b.toString())?.[1])), resolve())));
  await waitFor(() => received >= MIB10, 20_000, '10 MiB received');
}, 60_000);
afterAll(async () => {
  sender?.kill();
  await service?.close();
  await new Promise<void>((r) => server?.close(() => r()));
  built?.remove();
});

const ok = (r: TcpInfoResult) => {
  if (!r.available) throw new Error(`tcp_info not available: ${r.reason}`);
  return r;
};

describe('tcp_info through the service', () => {
  it('shows at least 10 MiB acked for the connection and the process total within 1%', async () => {
    const pid = sender.pid!;
    let r: TcpInfoResult | null = null;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      r = await service.getTcpInfo({ target: { kind: 'process', pid } });
      if (r.available && r.connections.length > 0) break;
      await new Promise((x) => setTimeout(x, 300));
    }
    const got = ok(r!);
    const conn = got.connections.find((c) => c.localPort === senderPort);
    expect(conn).toBeDefined();
    expect(conn!.bytesAcked).toBeGreaterThanOrEqual(MIB10);
    expect(conn!.id).toMatch(/^tcp\|127\.0\.0\.1\|/);
    expect(Math.abs(got.totals.bytesAcked - MIB10) / MIB10).toBeLessThan(0.01);
  });

  it('gives the same connection for one row and for its destination', async () => {
    const port = (server.address() as AddressInfo).port;
    // The sender's own row: its port number alone may be in use on another address of this busy machine.
    const row = (await service.subscribe({})).snapshot.sockets.find((s) => s.localPort === senderPort && s.remotePort === port && s.proto === 'tcp');
    expect(row).toBeDefined();
    const one = ok(await service.getTcpInfo({ target: { kind: 'socket', id: row!.id } }));
    expect(one.connections).toHaveLength(1);
    expect(one.connections[0]!.bytesAcked).toBeGreaterThanOrEqual(MIB10);
    const dest = ok(await service.getTcpInfo({ target: { kind: 'destination', key: `tcp|127.0.0.1|${port}` } }));
    expect(dest.totals.bytesAcked).toBeGreaterThanOrEqual(MIB10);
    expect(Math.abs(dest.totals.bytesAcked - MIB10) / MIB10).toBeLessThan(0.01);
  });

  it('answers a repeat within the second from the same read, and a row not in the table with a clear error', async () => {
    const pid = sender.pid!;
    const a = ok(await service.getTcpInfo({ target: { kind: 'process', pid } }));
    const b = ok(await service.getTcpInfo({ target: { kind: 'process', pid } }));
    expect(b.time).toBe(a.time);
    await expect(service.getTcpInfo({ target: { kind: 'socket', id: 'tcp|1.2.3.4|1|5.6.7.8|2|0' } })).rejects.toThrow(/no socket/);
  });
});

describe('the reader on other systems', () => {
  it('says "not available on this OS" in words on macOS and Windows, running nothing', async () => {
    for (const platform of ['darwin', 'win32']) {
      const reader = createTcpInfoReader({ platform, run: async () => Promise.reject(new Error('must not run')) });
      const r = await reader.read({ key: 'k', filter: [], sockets: [], onlyListed: false });
      expect(r.available).toBe(false);
      expect(r.available ? '' : r.reason).toMatch(/^not available on this OS/);
      expect(reader.reads).toBe(0);
    }
  });

  it('reads a target at most once a second and computes rates from the previous read', async () => {
    let now = 10_000;
    let acked = 1000;
    const reader = createTcpInfoReader({
      platform: 'linux',
      now: () => now,
      run: async () => `ESTAB 0 0 127.0.0.1:40000 127.0.0.1:443\n\t rtt:0.5/0.1 bytes_acked:${acked} bytes_received:50\n`,
    });
    const request = { key: 'p', filter: [], sockets: [], onlyListed: false };
    const first = ok(await reader.read(request));
    expect(first.connections[0]).toMatchObject({ bytesAcked: 1000, sendRate: null, rttMs: 0.5 });
    now += 400;
    acked = 5000;
    expect(ok(await reader.read(request)).connections[0]!.bytesAcked).toBe(1000);
    expect(reader.reads).toBe(1);
    now += 600;
    const second = ok(await reader.read(request));
    expect(reader.reads).toBe(2);
    expect(second.connections[0]).toMatchObject({ bytesAcked: 5000, sendRate: 4000, receiveRate: 0 });
    expect(second.totals).toEqual({ bytesAcked: 5000, bytesReceived: 50, sendRate: 4000, receiveRate: 0 });
  });
});
