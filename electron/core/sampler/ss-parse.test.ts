import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { parseProcNet, PROC_NET_TABLES } from './linux-proc-net-parse';
import { ipv4Case, ipv6Case, noiseCapture, pidArb, portArb, wellFormed } from './parse-arbitraries';
import { parseSs, ssOwner, ssOwners, ssTimer } from './ss-parse';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/ss/${name}`, import.meta.url), 'utf8');
const held = JSON.parse(fixture('held-sockets.json')) as Record<string, number>;
const pid = held['pid']!;
const node = { pid, startTime: 0, name: 'node' };
const byLocal = (sockets: Socket[], port: number | undefined, remotePort?: number) =>
  sockets.filter((s) => s.localPort === port && (remotePort === undefined || s.remotePort === remotePort));

describe('parseSs on ss -tunaep recorded while holding known sockets', () => {
  const r = parseSs(fixture('ss-tunaep.txt'));

  it('reads every row', () => {
    expect(r.sockets).toHaveLength(40);
    expect(r).toMatchObject({ skipped: 0, firstError: null });
  });

  it('reads the dual-stack listener printed as *:port, with inode and owner', () => {
    expect(byLocal(r.sockets, held['listenDual'])[0]).toEqual({
      id: `tcp|::|${held['listenDual']}|::|0|15395`, proto: 'tcp', family: 6, localAddress: '::', localPort: held['listenDual'],
      remoteAddress: '::', remotePort: 0, state: 'LISTEN', inode: 15395, uid: 0, txQueue: 0, rxQueue: 0, timer: null, owner: { ...node },
    });
  });

  it('reads an IPv4-mapped connection as ::ffff:127.0.0.1', () => {
    expect(byLocal(r.sockets, held['listenDual'], held['clientMapped'])[0]).toMatchObject({
      family: 6, localAddress: '::ffff:127.0.0.1', remoteAddress: '::ffff:127.0.0.1', state: 'ESTABLISHED', inode: 15402, owner: node,
    });
  });

  it('reads UDP: unconnected [::1] as UNCONN, connected as ESTABLISHED', () => {
    expect(byLocal(r.sockets, held['udp6'])[0]).toMatchObject({ proto: 'udp', family: 6, localAddress: '::1', remoteAddress: '::', remotePort: 0, state: 'UNCONN', inode: 15431 });
    expect(byLocal(r.sockets, held['udpConnected'])[0]).toMatchObject({ proto: 'udp', remoteAddress: '127.0.0.1', remotePort: held['udp4'], state: 'ESTABLISHED', owner: node });
  });

  it('reads a TIME-WAIT remnant with its timer and no owner', () => {
    expect(byLocal(r.sockets, 48196, held['listen4'])[0]).toEqual({
      id: `tcp|127.0.0.1|48196|127.0.0.1|${held['listen4']}|0`, proto: 'tcp', family: 4, localAddress: '127.0.0.1', localPort: 48196,
      remoteAddress: '127.0.0.1', remotePort: held['listen4'], state: 'TIME_WAIT', inode: 0, uid: null, txQueue: 0, rxQueue: 0,
      timer: { kind: 'time-wait', remainingMs: 59000, retransmits: 0 }, owner: null,
    });
  });

  it('leaves the owner unknown where ss shows no users:', () => {
    expect(byLocal(r.sockets, 2024)[0]).toMatchObject({ state: 'LISTEN', inode: 1587, owner: null });
  });

  it('matches the procfs rows read at the same moment, row by row', () => {
    const proc = PROC_NET_TABLES.flatMap((t) => parseProcNet(fixture(`proc-net-${t}.txt`), t).sockets);
    const key = (s: Socket) => [s.proto, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state, s.inode, s.uid, s.txQueue, s.rxQueue].join(' ');
    expect(r.sockets.map(key).sort()).toEqual(proc.map(key).sort());
    expect(r.sockets.map((s) => s.id).sort()).toEqual(proc.map((s) => s.id).sort());
  });

  it('reads the same sockets from ss -tunap, only without inode and uid', () => {
    const plain = parseSs(fixture('ss-tunap.txt'));
    expect(plain.skipped).toBe(0);
    const strip = (s: Socket) => [s.proto, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state, s.owner?.pid ?? ''].join(' ');
    expect(plain.sockets.map(strip).sort()).toEqual(r.sockets.map(strip).sort());
    expect(plain.sockets.every((s) => s.inode === 0 && s.uid === null)).toBe(true);
  });
});

describe('ss fields', () => {
  it('takes the first of several owners and unescapes the name', () => {
    expect(ssOwner('users:(("nginx",pid=10,fd=6),("nginx",pid=11,fd=6))')).toEqual({ pid: 10, startTime: 0, name: 'nginx' });
    expect(ssOwner('users:(("a \\"q\\" b",pid=7,fd=1))')).toEqual({ pid: 7, startTime: 0, name: 'a "q" b' });
    expect(ssOwner('ino:0 sk:1')).toBeNull();
    // Every holder of a shared listener, each pid once (one process may hold it on two fds).
    expect(ssOwners('users:(("nginx",pid=10,fd=6),("nginx",pid=11,fd=6),("nginx",pid=11,fd=9))').map((o) => o.pid)).toEqual([10, 11]);
  });

  it('reads timer kinds and durations', () => {
    expect(ssTimer('timer:(keepalive,1min3sec,0)')).toEqual({ kind: 'keepalive', remainingMs: 63000, retransmits: 0 });
    expect(ssTimer('timer:(on,200ms,2)')).toEqual({ kind: 'retransmit', remainingMs: 200, retransmits: 2 });
    expect(ssTimer('timer:(weird,1sec,0)')).toBeNull();
  });

  it('drops the bound device and reads old unbracketed IPv6', () => {
    const text = [
      'udp   UNCONN 0      0        127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=640,fd=13))',
      'udp   UNCONN 0      0      [fe80::1]%eth0:546           [::]:*',
      'udp    UNCONN     0      0          :::30666        :::*',
    ].join('\n');
    const r = parseSs(text);
    expect(r.skipped).toBe(0);
    expect(r.sockets.map((s) => [s.localAddress, s.localPort, s.remoteAddress, s.family])).toEqual([
      ['127.0.0.53', 53, '0.0.0.0', 4], ['fe80::1', 546, '::', 6], ['::', 30666, '::', 6],
    ]);
  });
});

describe('parseSs properties', () => {
  it('never throws and only returns valid rows, on any text', () => {
    fc.assert(fc.property(noiseCapture, (text) => wellFormed(parseSs(text))));
  });

  const gen = fc.record({ v6: fc.boolean(), a4: ipv4Case, b4: ipv4Case, a6: ipv6Case, b6: ipv6Case, lport: portArb, rport: portArb, pid: pidArb, ino: fc.nat(1e9) });

  it('reads a generated ESTAB row in either family', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const [a, b] = g.v6 ? [`[${g.a6.printed}]`, `[${g.b6.printed}]`] : [g.a4.printed, g.b4.printed];
        const line = `tcp   ESTAB 0 0 ${a}:${g.lport} ${b}:${g.rport} users:(("x",pid=${g.pid},fd=3)) uid:1000 ino:${g.ino} sk:1 <->`;
        const r = parseSs(line);
        expect(r.skipped).toBe(0);
        expect(r.sockets).toEqual([
          expect.objectContaining({
            family: g.v6 ? 6 : 4, localAddress: g.v6 ? g.a6.canonical : g.a4.canonical, localPort: g.lport,
            remoteAddress: g.v6 ? g.b6.canonical : g.b4.canonical, remotePort: g.rport, state: 'ESTABLISHED',
            inode: g.ino, uid: 1000, owner: { pid: g.pid, startTime: 0, name: 'x' },
          }),
        ]);
      }),
    );
  });

  it('skips and counts a row with a corrupted column', () => {
    fc.assert(
      fc.property(gen, fc.constantFrom('state', 'queue', 'port', 'address'), (g, what) => {
        const state = what === 'state' ? 'ESTABX' : 'ESTAB';
        const queue = what === 'queue' ? '-1' : '0';
        const port = what === 'port' ? '99999' : String(g.lport);
        const local = what === 'address' ? `${g.a4.printed}.9` : g.a4.printed;
        const r = parseSs(`tcp ${state} ${queue} 0 ${local}:${port} ${g.b4.printed}:${g.rport}`);
        expect(r.sockets).toEqual([]);
        expect(r.skipped).toBe(1);
        expect(r.firstError).toMatch(/^ss line 1: /);
      }),
    );
  });
});
