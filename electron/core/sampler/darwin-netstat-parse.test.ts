import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { darwinLayout, parseDarwinNetstat } from './darwin-netstat-parse';
import { ipv4Case, noiseCapture, pidArb, portArb, wellFormed } from './parse-arbitraries';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const find = (sockets: Socket[], localPort: number, remotePort = 0) =>
  sockets.find((s) => s.localPort === localPort && s.remotePort === remotePort);

describe('parseDarwinNetstat on recorded outputs', () => {
  it('reads Tahoe process:pid with a space in the name (pid-port#14)', () => {
    const r = parseDarwinNetstat(fixture('netstat-anv-tahoe-pid-port-14.txt'));
    expect(r).toMatchObject({ skipped: 0, firstError: null });
    expect(r.sockets).toEqual([
      {
        id: 'tcp|127.0.0.1|49515|127.0.0.1|49472|0', proto: 'tcp', family: 4,
        localAddress: '127.0.0.1', localPort: 49515, remoteAddress: '127.0.0.1', remotePort: 49472,
        state: 'ESTABLISHED', inode: 0, uid: null, txQueue: 0, rxQueue: 0, timer: null,
        owner: { pid: 22712, startTime: 0, name: 'Autodesk Fusion' },
      },
      {
        id: 'tcp|127.0.0.1|49510|127.0.0.1|49513|0', proto: 'tcp', family: 4,
        localAddress: '127.0.0.1', localPort: 49510, remoteAddress: '127.0.0.1', remotePort: 49513,
        state: 'ESTABLISHED', inode: 0, uid: null, txQueue: 0, rxQueue: 0, timer: null,
        owner: { pid: 22712, startTime: 0, name: 'Autodesk Fusion' },
      },
    ]);
  });

  it('reads macOS 26 rows: cut names, IPv6, wildcards, and keeps a cut IPv6 address as printed, never as an address', () => {
    const r = parseDarwinNetstat(fixture('netstat-anv-p-tcp-macos26.txt'));
    expect(r.sockets).toHaveLength(6);
    expect(r.skipped).toBe(0);
    expect(find(r.sockets, 62503)).toMatchObject({ family: 6, localAddress: '', localHost: 'fe80::c4c8:5ff:f', state: 'LISTEN', owner: { pid: 368, name: 'remoted' } });
    expect(find(r.sockets, 8080)).toMatchObject({ localAddress: '192.168.1.147', state: 'LISTEN', owner: { pid: 777, name: 'Google Chrome H' } });
    expect(find(r.sockets, 3000)).toMatchObject({ family: 6, localAddress: '::1', remoteAddress: '::', remotePort: 0, owner: { pid: 13950, name: 'node' } });
    expect(find(r.sockets, 65193)).toMatchObject({ family: 4, localAddress: '0.0.0.0', owner: { pid: 27328, name: 'Python' } });
    expect(find(r.sockets, 65195, 443)).toMatchObject({ remoteAddress: '4.207.44.71', txQueue: 523, rxQueue: 0, owner: { name: 'telemetryd_v2' } });
  });

  it('reads the old layout with Recv-Q and CLOSE_WAIT (Mojave)', () => {
    const r = parseDarwinNetstat(fixture('netstat-v-n-p-tcp-mojave.txt'));
    expect(r.sockets).toHaveLength(7);
    expect(r.skipped).toBe(0);
    expect(find(r.sockets, 52040, 443)).toEqual({
      id: 'tcp|192.168.1.191|52040|140.82.114.4|443|0', proto: 'tcp', family: 4,
      localAddress: '192.168.1.191', localPort: 52040, remoteAddress: '140.82.114.4', remotePort: 443,
      state: 'CLOSE_WAIT', inode: 0, uid: null, txQueue: 0, rxQueue: 24, timer: null,
      owner: { pid: 9811, startTime: 0, name: '' },
    });
  });

  it('reads the Sequoia layout (rxbytes before a bare pid) and tcp6 wildcards', () => {
    const r = parseDarwinNetstat(fixture('netstat-anvp-tcp-sequoia.txt'));
    expect(r).toMatchObject({ skipped: 0 });
    expect(r.sockets.map((s) => [s.family, s.localAddress, s.localPort, s.owner?.pid])).toEqual([
      [6, '::', 65367, 602],
      [4, '0.0.0.0', 65367, 602],
      [6, '::1', 24642, 799],
      [4, '127.0.0.1', 16494, 949],
      [4, '127.0.0.1', 15393, 949],
    ]);
  });

  it('reads tcp46 as a dual-stack IPv6 listener', () => {
    const r = parseDarwinNetstat(fixture('netstat-anv-p-tcp-find-process.txt'));
    expect(find(r.sockets, 443)).toMatchObject({ family: 6, localAddress: '::', state: 'LISTEN', owner: { pid: 61044 } });
  });

  it('reads UDP without a state column, TIME_WAIT, and keeps every cut IPv6 host as printed (evidence pack)', () => {
    const r = parseDarwinNetstat(fixture('netstat-anv-evidence-pack.txt'));
    expect(r.sockets).toHaveLength(39);
    expect(r.skipped).toBe(0);
    const cut = r.sockets.filter((s) => s.localHost !== undefined);
    expect(cut).toHaveLength(9);
    for (const s of cut) expect(s).toMatchObject({ family: 6, localAddress: '', localHost: expect.stringMatching(/^(2603:6010:7c00:4|fe80::ab45:b3fd:)$/) });
    expect(find(r.sockets, 51737, 443)).toMatchObject({ remoteAddress: '', remoteHost: '2606:50c0:8003::', owner: { pid: 704 } });
    expect(find(r.sockets, 65115)).toMatchObject({ proto: 'udp', family: 4, localAddress: '0.0.0.0', state: 'UNCONN', owner: { pid: 56 } });
    expect(find(r.sockets, 58852)).toMatchObject({ proto: 'udp', family: 6, localAddress: '::', state: 'UNCONN', owner: { pid: 187 } });
    expect(find(r.sockets, 51745, 443)).toMatchObject({ state: 'TIME_WAIT', remoteAddress: '1.1.1.1', owner: { pid: 28786 } });
    expect(r.sockets.some((s) => s.localAddress.startsWith('2603') || s.localAddress.startsWith('fe80'))).toBe(false);
  });

  it('finds the owner column from each header', () => {
    const header = (name: string) => fixture(name).split('\n')[1] ?? '';
    expect(darwinLayout(header('netstat-v-n-p-tcp-mojave.txt'))).toEqual({ ownerAt: 2, named: false, wide: false });
    expect(darwinLayout(header('netstat-anvp-tcp-sequoia.txt'))).toEqual({ ownerAt: 4, named: false, wide: false });
    expect(darwinLayout(header('netstat-anv-tahoe-pid-port-14.txt'))).toEqual({ ownerAt: 4, named: true, wide: false });
    expect(darwinLayout('Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)')).toEqual({ ownerAt: null, named: false, wide: false });
    expect(darwinLayout('tcp4 0 0 *.22 *.* LISTEN')).toBeNull();
  });
});

const OLD_HEADER = 'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid';
const NAMED_HEADER = 'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          rxbytes      txbytes  rhiwat  shiwat          process:pid    state  options';

describe('parseDarwinNetstat properties', () => {
  it('never throws and only returns valid rows, on any text', () => {
    fc.assert(fc.property(noiseCapture, (text) => wellFormed(parseDarwinNetstat(`${OLD_HEADER}\n${text}`))));
    fc.assert(fc.property(noiseCapture, (text) => wellFormed(parseDarwinNetstat(text))));
  });

  const row = fc.record({ local: ipv4Case, remote: ipv4Case, lport: portArb, rport: portArb, pid: pidArb, name: fc.constantFrom('node', 'Google Chrome H', 'a b c') });

  it('reads a generated ESTABLISHED row in both layouts', () => {
    fc.assert(
      fc.property(row, fc.boolean(), (g, named) => {
        const owner = named ? `${g.name}:${g.pid}  00102 00000008` : `${g.pid}      0`;
        const counters = named ? '10 20  131072  131072' : '131072 131072';
        const line = `tcp4       0      0  ${g.local.printed}.${g.lport}   ${g.remote.printed}.${g.rport}  ESTABLISHED ${counters}  ${owner}`;
        const r = parseDarwinNetstat(`${named ? NAMED_HEADER : OLD_HEADER}\n${line}`);
        expect(r.skipped).toBe(0);
        expect(r.sockets).toEqual([
          expect.objectContaining({
            localAddress: g.local.canonical, localPort: g.lport, remoteAddress: g.remote.canonical, remotePort: g.rport,
            state: 'ESTABLISHED', owner: { pid: g.pid, startTime: 0, name: named ? g.name : '' },
          }),
        ]);
      }),
    );
  });

  it('skips and counts a row whose port or state is corrupted', () => {
    fc.assert(
      fc.property(row, fc.constantFrom('port', 'state', 'pid'), (g, what) => {
        const lport = what === 'port' ? '70000' : String(g.lport);
        const state = what === 'state' ? 'ESTABLISHEDX' : 'ESTABLISHED';
        const pid = what === 'pid' ? 'x12' : String(g.pid);
        const line = `tcp4 0 0 ${g.local.printed}.${lport} ${g.remote.printed}.${g.rport} ${state} 131072 131072 ${pid} 0`;
        const r = parseDarwinNetstat(`${OLD_HEADER}\n${line}`);
        expect(r.sockets).toEqual([]);
        expect(r.skipped).toBe(1);
        expect(r.firstError).toMatch(/^netstat line 2: /);
      }),
    );
  });
});
