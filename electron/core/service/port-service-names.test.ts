/**
 * Host names through the production sampler thread and the real /etc/hosts: a connection to
 * 127.0.0.1 is named localhost (event, getHostNames and the export), an address with no name keeps
 * its number, and lookups that hang at a silent resolver neither delay a tick nor outlive 2 s.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, connectMany, listen, type TestListener } from '../metrics/real-sockets-test-kit';
import { buildTestWorkers, sleep, waitFor } from '../sampler/worker-test-kit';
import type { BuiltWorkers } from '../sampler/worker-test-kit';
import { createPortService } from './port-service';
import type { PortService } from './port-service';

let built: BuiltWorkers;
beforeAll(async () => {
  built = await buildTestWorkers();
}, 60_000);
afterAll(() => built?.remove());

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const p90 = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.9)] ?? NaN;
};

describe('names of real rows', () => {
  let service: PortService;
  let listener: TestListener;
  let udp: UdpSocket;
  const pushed: Record<string, string> = {};
  beforeAll(async () => {
    listener = await listen();
    udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.connect(9, '10.255.255.77', () => resolve()));
    service = createPortService({ intervalMs: 250, workerPath: built.worker });
    service.on('hostNames', (e) => Object.assign(pushed, e.names));
    await service.subscribe({});
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    udp?.close();
    await listener?.close();
  });

  it('names a connection to 127.0.0.1 localhost, and keeps the number of an address with none', async () => {
    const clients = await connectMany(listener.port, 2);
    try {
      await waitFor(() => pushed['127.0.0.1'] === 'localhost', 15_000, 'localhost pushed');
      // Other loopback rows of a busy machine may have been named first: wait for our own row too.
      const ours = async () => (await service.subscribe({})).snapshot.sockets.some((s) => s.localPort === clients[0]!.localPort && s.remotePort === listener.port);
      for (let i = 0; i < 60 && !(await ours()); i += 1) await sleep(250);
      const answer = await service.getHostNames({ addresses: ['127.0.0.1', '10.255.255.77'] });
      expect(answer).toEqual({ resolving: true, names: { '127.0.0.1': 'localhost' } });
      expect(service.hostName('10.255.255.77')).toBeNull();
      const doc = JSON.parse((await service.exportSnapshot({ format: 'json' })).content) as {
        sockets: { remoteAddress: string; remotePort: number; localPort: number; remoteHost: string | null }[];
      };
      const mine = doc.sockets.find((s) => s.remotePort === listener.port && s.localPort === clients[0]!.localPort);
      expect(mine?.remoteHost).toBe('localhost');
      const unnamed = doc.sockets.find((s) => s.remoteAddress === '10.255.255.77');
      expect(unnamed).toBeDefined();
      expect(unnamed?.remoteHost).toBeNull();
    } finally {
      await closeAll(clients);
    }
  });

  it('"Resolve names" off answers no names', async () => {
    expect(await service.setResolveNames({ on: false })).toEqual({ on: false });
    expect(await service.getHostNames({ addresses: ['127.0.0.1'] })).toEqual({ resolving: false, names: {} });
    expect(await service.setResolveNames({ on: true })).toEqual({ on: true });
  });
});

describe('a resolver that hangs', () => {
  it('times lookups out in 2 s and does not delay the sample tick', async () => {
    const silent = createSocket('udp4');
    let queries = 0;
    silent.on('message', () => (queries += 1));
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${silent.address().port}`]);
    const service = createPortService({
      intervalMs: 250,
      workerPath: built.worker,
      names: { resolver: { reverse: (a) => resolver.reverse(a) } },
    });
    try {
      await service.subscribe({});
      /** At least `ms` and at least 8 ticks (a loaded machine may sample slower than the interval). */
      const record = async (ms: number): Promise<{ sample: number[]; gap: number[] }> => {
        const sample: number[] = [];
        const gap: number[] = [];
        let last = 0;
        const off = service.on('delta', (d) => {
          sample.push(d.stats.sampleMs);
          const now = performance.now();
          if (last > 0) gap.push(now - last);
          last = now;
        });
        await sleep(ms);
        for (let i = 0; i < 120 && sample.length < 8; i += 1) await sleep(250);
        off();
        return { sample, gap };
      };
      const without = await record(3000);
      const addresses = Array.from({ length: 24 }, (_, i) => `203.0.113.${i + 1}`);
      const asked = performance.now();
      const answer = await service.getHostNames({ addresses });
      const answeredMs = performance.now() - asked;
      expect(answer.names).toEqual({});
      const withHang = await record(3000);
      // Once every lookup has timed out, measure again: the machine's own load drifts, so the hung
      // phase is compared with the quieter of the phases before and after it.
      await sleep(Math.max(0, 6500 - (performance.now() - asked)));
      const after = await record(3000);
      const base = { sample: [median(without.sample), median(after.sample)], gap: [median(without.gap), median(after.gap)] };
      // 24 hung lookups, 8 at a time, 2 s each: after 3 s or more the first 8 timed out and the next 8 went out.
      expect(queries).toBeGreaterThanOrEqual(16);
      expect(queries).toBeLessThanOrEqual(24);
      console.log(
        `tick without hung lookups: sample median ${median(without.sample).toFixed(1)} ms, gap median ${median(without.gap).toFixed(0)} ms p90 ${p90(without.gap).toFixed(0)} ms; ` +
          `with 8 hung: sample median ${median(withHang.sample).toFixed(1)} ms, gap median ${median(withHang.gap).toFixed(0)} ms p90 ${p90(withHang.gap).toFixed(0)} ms; ` +
          `after they timed out: sample median ${median(after.sample).toFixed(1)} ms, gap median ${median(after.gap).toFixed(0)} ms; getHostNames answered in ${answeredMs.toFixed(1)} ms`,
      );
      expect(answeredMs).toBeLessThan(100);
      expect(median(withHang.sample)).toBeLessThan(Math.max(...base.sample) * 1.5 + 5);
      expect(median(withHang.gap)).toBeLessThan(Math.max(...base.gap) * 1.2 + 50);
    } finally {
      await service.close();
      silent.close();
    }
  }, 90_000);
});
