import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { HostNameBook, type ReverseResolver } from './host-names';

/** A UDP port that takes DNS queries and never answers: a resolver that hangs. */
async function silentDnsServer(): Promise<{ port: number; queries: () => number; close: () => void }> {
  const sock: UdpSocket = createSocket('udp4');
  let queries = 0;
  sock.on('message', () => (queries += 1));
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return { port: sock.address().port, queries: () => queries, close: () => sock.close() };
}

const resolvers: dns.Resolver[] = [];

/**
 * A resolver pointed at a server that never answers. Its own timeout is far past the book's 2 s,
 * so the book's timeout is what ends each lookup (with both at 2 s, c-ares sometimes won the race
 * and the lookup counted as a failure, not a timeout).
 */
function hangingResolver(port: number): ReverseResolver {
  const r = new dns.Resolver({ timeout: 20_000, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  resolvers.push(r);
  return { reverse: (a) => r.reverse(a) };
}

const books: HostNameBook[] = [];
const track = (b: HostNameBook): HostNameBook => (books.push(b), b);
afterEach(() => {
  books.splice(0).forEach((b) => b.close());
  resolvers.splice(0).forEach((r) => r.cancel());
});

describe('HostNameBook with the real /etc/hosts', () => {
  it('names 127.0.0.1 localhost and its IPv4-mapped spelling too', async () => {
    const book = track(new HostNameBook());
    expect(book.name('127.0.0.1')).toBeUndefined();
    const found = await book.resolveAll(['127.0.0.1', '::ffff:127.0.0.1']);
    expect(found.get('127.0.0.1')).toBe('localhost');
    expect(book.name('::ffff:127.0.0.1')).toBe('localhost');
  });

  it('leaves a private address without a hosts line unnamed and never asks a resolver', async () => {
    const asked: string[] = [];
    const book = track(new HostNameBook({ resolver: { reverse: async (a) => (asked.push(a), ['leak.example']) } }));
    const found = await book.resolveAll(['10.255.255.1', '192.168.77.77', 'fe80::1234']);
    expect(found.size).toBe(0);
    expect(book.name('10.255.255.1')).toBeNull();
    expect(asked).toEqual([]);
  });

  it('pushes names found as one batched event', async () => {
    const events: Record<string, string>[] = [];
    const book = track(new HostNameBook({ onNames: (n) => events.push(n), batchMs: 20 }));
    book.want(['127.0.0.1', '10.9.9.9']);
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual([{ '127.0.0.1': 'localhost' }]);
  });
});

describe('HostNameBook with a resolver that hangs', () => {
  it('gives up on a lookup after 2 s, caches the failure for a minute, and runs at most 8 at once', async () => {
    const server = await silentDnsServer();
    try {
      let now = Date.now();
      const book = track(new HostNameBook({ resolver: hangingResolver(server.port), now: () => now }));
      const addresses = Array.from({ length: 12 }, (_, i) => `203.0.113.${i + 1}`);
      const started = performance.now();
      book.want(addresses);
      expect(book.stats.inFlight).toBe(8);
      expect(book.stats.queued).toBe(4);
      const found = await book.resolveAll(addresses);
      const elapsed = performance.now() - started;
      expect(found.size).toBe(0);
      expect(book.stats.timeouts).toBe(12);
      // Two rounds of 2 s (8, then 4): the timeout bounds each lookup.
      expect(elapsed).toBeGreaterThan(3900);
      expect(elapsed).toBeLessThan(6500);
      expect(server.queries()).toBeGreaterThanOrEqual(8);
      expect(book.name('203.0.113.1')).toBeNull();
      book.want(addresses);
      expect(book.stats.inFlight).toBe(0);
      now += 61_000;
      expect(book.name('203.0.113.1')).toBeUndefined();
    } finally {
      server.close();
    }
  }, 15000);

  it('uses a name with its TTL, or 10 minutes, and forgets it after', async () => {
    let now = 1_000_000;
    const answers: Record<string, Awaited<ReturnType<ReverseResolver['reverse']>>> = {
      '198.51.100.1': { names: ['short.example'], ttlMs: 30_000 },
      '198.51.100.2': ['long.example', 'alias.example'],
    };
    const book = track(new HostNameBook({ resolver: { reverse: async (a) => answers[a] ?? [] }, now: () => now }));
    await book.resolveAll(Object.keys(answers));
    expect(book.name('198.51.100.1')).toBe('short.example');
    expect(book.name('198.51.100.2')).toBe('long.example');
    now += 31_000;
    expect(book.name('198.51.100.1')).toBeUndefined();
    expect(book.name('198.51.100.2')).toBe('long.example');
    now += 600_000;
    expect(book.name('198.51.100.2')).toBeUndefined();
  });

  it('turned off, answers nothing and looks nothing up', async () => {
    const asked: string[] = [];
    const book = track(new HostNameBook({ resolver: { reverse: async (a) => (asked.push(a), ['x.example']) } }));
    book.setEnabled(false);
    book.want(['198.51.100.9', '127.0.0.1']);
    expect(await book.resolveAll(['198.51.100.9'])).toEqual(new Map());
    expect(asked).toEqual([]);
    expect(book.name('127.0.0.1')).toBeUndefined();
  });
});
