import { readFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { ipv4Case, pidArb, portArb, wellFormed } from './parse-arbitraries';
import { createSiSource, normalizeSiConnections, siState } from './si-source';
import { parseSs } from './ss-parse';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const tuple = (s: Socket) => [s.proto, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state].join(' ');

describe('normalizeSiConnections on recorded systeminformation output (Linux, root)', () => {
  const rows: unknown = JSON.parse(fixture('si/linux-root.json'));
  const r = normalizeSiConnections(rows, 'linux');
  const held = JSON.parse(fixture('ss/held-sockets.json')) as Record<string, number>;

  it('keeps every row it was given', () => {
    expect(r.sockets).toHaveLength(38);
    expect(r).toMatchObject({ skipped: 0, firstError: null });
  });

  it('restores the mapped address si prints as plain IPv4 on a tcp6 row', () => {
    expect(r.sockets.find((s) => s.localPort === held['listenDual'] && s.state === 'ESTABLISHED')).toEqual({
      id: `tcp|::ffff:127.0.0.1|${held['listenDual']}|::ffff:127.0.0.1|${held['clientMapped']}|0`, proto: 'tcp', family: 6,
      localAddress: '::ffff:127.0.0.1', localPort: held['listenDual'], remoteAddress: '::ffff:127.0.0.1', remotePort: held['clientMapped'],
      state: 'ESTABLISHED', inode: 0, uid: null, txQueue: 0, rxQueue: 0, timer: null, owner: { pid: held['pid'], startTime: 0, name: 'node' },
    });
  });

  it('reads TIME_WAIT rows without an owner and a connected UDP socket as ESTABLISHED', () => {
    expect(r.sockets.filter((s) => s.state === 'TIME_WAIT').every((s) => s.owner === null)).toBe(true);
    expect(r.sockets.find((s) => s.localPort === held['udpConnected'])).toMatchObject({ proto: 'udp', state: 'ESTABLISHED', remotePort: held['udp4'] });
  });

  it('misses exactly the unconnected UDP sockets that ss saw at the same moment', () => {
    const ss = parseSs(fixture('ss/ss-tunaep.txt')).sockets;
    const seen = new Set(r.sockets.map(tuple));
    const missing = ss.filter((s) => !seen.has(tuple(s)));
    expect(missing.map((s) => [s.proto, s.state, s.localPort])).toEqual([
      ['udp', 'UNCONN', held['udp4']],
      ['udp', 'UNCONN', held['udp6']],
    ]);
    expect(r.sockets.every((s) => ss.some((t) => tuple(t) === tuple(s)))).toBe(true);
  });
});

describe('recorded gaps of systeminformation', () => {
  it('cuts a long IPv6 address (recorded in a network namespace); those rows are refused, its UDP socket is absent', () => {
    const rec = JSON.parse(fixture('si/linux-long-ipv6-netns.json')) as { connections: unknown[]; udpPort: number };
    expect(JSON.stringify(rec.connections)).toContain('"2001:db8:aaaa:bbb"');
    const r = normalizeSiConnections(rec.connections, 'linux');
    expect(r.sockets).toEqual([]);
    expect(r.skipped).toBe(3);
    expect(r.firstError).toBe("systeminformation line 1: malformed endpoint '2001:db8:aaaa:bbb' port '37529'");
    expect(JSON.stringify(rec.connections)).not.toContain(`"${rec.udpPort}"`);
  });

  it('has no pid for other users\' sockets when not root, and keeps its own', () => {
    const rec = JSON.parse(fixture('si/linux-nonroot.json')) as { uid: number; listenPort: number; connections: unknown[] };
    expect(rec.uid).toBe(65534);
    const r = normalizeSiConnections(rec.connections, 'linux');
    const own = r.sockets.filter((s) => s.localPort === rec.listenPort || s.remotePort === rec.listenPort);
    expect(own.length).toBe(3);
    expect(own.every((s) => s.owner?.name === 'node')).toBe(true);
    const others = r.sockets.filter((s) => !own.includes(s));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((s) => s.owner === null)).toBe(true);
  });
});

describe('createSiSource on this machine', () => {
  it('samples real sockets: sees a held TCP connection with its owner, drops an unconnected UDP socket', async () => {
    const server = net.createServer((c) => c.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = await new Promise<net.Socket>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => resolve(c));
    });
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const source = createSiSource();
      expect(source.name).toBe('systeminformation');
      const sample = await source.sample();
      expect(sample.counters).toBeNull();
      expect(wellFormed({ sockets: sample.sockets, skipped: sample.skipped, firstError: sample.errors[0] ?? null })).toBe(true);
      expect(sample.sockets.find((s) => s.localPort === port && s.state === 'LISTEN')).toMatchObject({ localAddress: '127.0.0.1', owner: { pid: process.pid } });
      expect(sample.sockets.find((s) => s.localPort === client.localPort)).toMatchObject({ state: 'ESTABLISHED', remotePort: port });
      expect(sample.sockets.some((s) => s.proto === 'udp' && s.localPort === udp.address().port)).toBe(false);
      expect(await source.ephemeralRange()).toMatchObject({ source: 'os' });
    } finally {
      client.destroy();
      udp.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('passes on a failure of networkConnections() so the caller can fall back', async () => {
    const source = createSiSource({ list: () => Promise.reject(new Error('netstat: not found')), platform: 'linux' });
    await expect(source.sample()).rejects.toThrow('netstat: not found');
  });
});

describe('normalizeSiConnections properties', () => {
  it('never throws and only returns valid rows, on any value', () => {
    fc.assert(fc.property(fc.anything(), (v) => wellFormed(normalizeSiConnections(v, 'linux'))));
    fc.assert(fc.property(fc.array(fc.dictionary(fc.constantFrom('protocol', 'localAddress', 'localPort', 'peerAddress', 'peerPort', 'state', 'pid', 'process'), fc.oneof(fc.string(), fc.integer(), fc.constant(null)))), (v) => wellFormed(normalizeSiConnections(v, 'win32'))));
  });

  const gen = fc.record({ a: ipv4Case, b: ipv4Case, lport: portArb, rport: portArb, pid: fc.oneof(pidArb, fc.constantFrom(0, -1, null)) });

  it('reads a generated row; pid 0, -1 and null mean no owner', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const row = { protocol: 'tcp', localAddress: g.a.printed, localPort: String(g.lport), peerAddress: g.b.printed, peerPort: String(g.rport), state: 'ESTABLISHED', pid: g.pid, process: 'p' };
        const r = normalizeSiConnections([row], 'darwin');
        const owner = typeof g.pid === 'number' && g.pid > 0 ? { pid: g.pid, startTime: 0, name: 'p' } : null;
        expect(r.sockets).toEqual([expect.objectContaining({ localAddress: g.a.canonical, localPort: g.lport, remotePort: g.rport, state: 'ESTABLISHED', owner })]);
      }),
    );
  });

  it('skips and counts a row with a corrupted field', () => {
    fc.assert(
      fc.property(gen, fc.constantFrom('protocol', 'localPort', 'state', 'peerAddress'), (g, what) => {
        const row: Record<string, unknown> = { protocol: 'tcp', localAddress: g.a.printed, localPort: String(g.lport), peerAddress: g.b.printed, peerPort: '*', state: 'LISTEN', pid: 1, process: 'p' };
        row[what] = what === 'localPort' ? '65536' : 'bogus';
        const r = normalizeSiConnections([row], 'linux');
        expect(r.sockets).toEqual([]);
        expect(r.skipped).toBe(1);
      }),
    );
  });

  it('accepts the state words each platform path of si passes on', () => {
    expect(siState('ESTAB', 'tcp')).toBe('ESTABLISHED');
    expect(siState('TIME_WAIT', 'tcp')).toBe('TIME_WAIT');
    expect(siState('FIN_WAIT1', 'tcp')).toBe('FIN_WAIT1');
    expect(siState('LISTENING', 'tcp')).toBe('LISTEN');
  });
});
