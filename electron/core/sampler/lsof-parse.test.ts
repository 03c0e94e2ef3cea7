import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lsofState, parseLsof } from './lsof-parse';
import { ipv4Case, ipv6Case, noiseCapture, pidArb, portArb, wellFormed } from './parse-arbitraries';
import { parseSs } from './ss-parse';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const held = JSON.parse(fixture('lsof/held-sockets.json')) as Record<string, number>;
const node = { pid: held['pid']!, startTime: 0, name: 'node' };

describe('parseLsof on lsof -nP -i recorded while holding known sockets', () => {
  const text = fixture('lsof/lsof-nP-i.txt');
  const r = parseLsof(text);

  it('reads every row', () => {
    expect(r.sockets).toHaveLength(12);
    expect(r).toMatchObject({ skipped: 0, firstError: null });
  });

  it('reads a listener with DEVICE as inode and COMMAND as owner', () => {
    expect(r.sockets[0]).toEqual({
      id: `tcp|127.0.0.1|${held['listen4']}|0.0.0.0|0|15389`, proto: 'tcp', family: 4, localAddress: '127.0.0.1',
      localPort: held['listen4'], remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', inode: 15389,
      uid: null, txQueue: 0, rxQueue: 0, timer: null, owner: node,
    });
  });

  it('reads *:port on an IPv6 socket as :: and a dotted peer on IPv6 as mapped', () => {
    expect(r.sockets.find((s) => s.inode === 15395)).toMatchObject({ family: 6, localAddress: '::', localPort: held['listenDual'], state: 'LISTEN' });
    expect(r.sockets.find((s) => s.inode === 15402)).toMatchObject({
      family: 6, localAddress: '::ffff:127.0.0.1', localPort: held['listenDual'], remoteAddress: '::ffff:127.0.0.1', remotePort: held['clientMapped'], state: 'ESTABLISHED',
    });
  });

  it('reads UDP rows without a state: unconnected UNCONN, connected ESTABLISHED', () => {
    expect(r.sockets.find((s) => s.localPort === held['udp6'])).toMatchObject({ proto: 'udp', family: 6, localAddress: '::1', remoteAddress: '::', state: 'UNCONN' });
    expect(r.sockets.find((s) => s.localPort === held['udpConnected'])).toMatchObject({ proto: 'udp', remotePort: held['udp4'], state: 'ESTABLISHED', owner: node });
  });

  it('gives every socket the same id ss -tunaep gave it at the same moment', () => {
    const ssIds = new Set(parseSs(fixture('ss/ss-tunaep.txt')).sockets.map((s) => s.id));
    expect(r.sockets.filter((s) => !ssIds.has(s.id))).toEqual([]);
  });

  it('keeps one row, with the first owner, when several processes hold the same socket', () => {
    const forked = text.split('\n')[1]!.replace(/^node\s+\d+/, `node-child ${held['pid']! + 1}`);
    const twice = parseLsof(`${text}${forked}\n`);
    expect(twice.sockets).toHaveLength(12);
    expect(twice.sockets[0]!.owner).toEqual(node);
  });

  it('maps both Linux and macOS state words', () => {
    expect(lsofState('FIN_WAIT1')).toBe('FIN_WAIT1');
    expect(lsofState('FIN_WAIT_1')).toBe('FIN_WAIT1');
    expect(lsofState('CLOSED')).toBe('CLOSE');
    expect(lsofState('SYN_RECEIVED')).toBe('SYN_RECV');
    expect(lsofState('IDLE')).toBeNull();
  });

  it('undoes lsof\'s escaping of spaces in COMMAND and keeps a macOS DEVICE out of the inode', () => {
    const mac = 'Google\\x20C 1234 me   27u  IPv4 0x5f1e8a3bd5a8b1c9      0t0  TCP 192.168.1.5:52100->17.1.2.3:443 (ESTABLISHED)';
    expect(parseLsof(mac).sockets[0]).toMatchObject({ inode: 0, owner: { pid: 1234, name: 'Google C' } });
  });
});

describe('parseLsof properties', () => {
  it('never throws and only returns valid rows, on any text', () => {
    fc.assert(fc.property(noiseCapture, (text) => wellFormed(parseLsof(text))));
  });

  const gen = fc.record({ v6: fc.boolean(), a4: ipv4Case, b4: ipv4Case, a6: ipv6Case, b6: ipv6Case, lport: portArb, rport: portArb, pid: pidArb, dev: fc.nat(1e9) });

  it('reads a generated ESTABLISHED row in either family', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const [a, b] = g.v6 ? [`[${g.a6.printed}]`, `[${g.b6.printed}]`] : [g.a4.printed, g.b4.printed];
        const line = `curl ${g.pid} user 5u IPv${g.v6 ? 6 : 4} ${g.dev} 0t0 TCP ${a}:${g.lport}->${b}:${g.rport} (ESTABLISHED)`;
        const r = parseLsof(`COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n${line}`);
        expect(r.skipped).toBe(0);
        expect(r.sockets).toEqual([
          expect.objectContaining({
            family: g.v6 ? 6 : 4, localAddress: g.v6 ? g.a6.canonical : g.a4.canonical, localPort: g.lport,
            remoteAddress: g.v6 ? g.b6.canonical : g.b4.canonical, remotePort: g.rport, inode: g.dev,
            state: 'ESTABLISHED', owner: { pid: g.pid, startTime: 0, name: 'curl' },
          }),
        ]);
      }),
    );
  });

  it('skips and counts a row with a corrupted column', () => {
    fc.assert(
      fc.property(gen, fc.constantFrom('pid', 'state', 'port', 'name'), (g, what) => {
        const pid = what === 'pid' ? 'p1' : String(g.pid);
        const state = what === 'state' ? '(ESTABLISHEDX)' : '(ESTABLISHED)';
        const port = what === 'port' ? '65536' : String(g.lport);
        const arrow = what === 'name' ? '->->' : '->';
        const r = parseLsof(`curl ${pid} user 5u IPv4 ${g.dev} 0t0 TCP ${g.a4.printed}:${port}${arrow}${g.b4.printed}:${g.rport} ${state}`);
        expect(r.sockets).toEqual([]);
        expect(r.skipped).toBe(1);
        expect(r.firstError).toMatch(/^lsof line 1: /);
      }),
    );
  });
});
