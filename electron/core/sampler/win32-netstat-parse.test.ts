import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { ipv4Case, ipv6Case, noiseCapture, pidArb, portArb, wellFormed } from './parse-arbitraries';
import { parseWin32Netstat, win32State } from './win32-netstat-parse';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const at = (sockets: Socket[], proto: string, local: string, localPort: number, remotePort = 0) =>
  sockets.find((s) => s.proto === proto && s.localAddress === local && s.localPort === localPort && s.remotePort === remotePort);

describe('parseWin32Netstat on recorded outputs', () => {
  const de = parseWin32Netstat(fixture('netstat-ano-de.txt'));

  it('reads every row of a German netstat -ano', () => {
    expect(de.sockets).toHaveLength(123);
    expect(de).toMatchObject({ skipped: 0, firstError: null });
  });

  it('maps German state words', () => {
    expect(at(de.sockets, 'tcp', '0.0.0.0', 80)).toEqual({
      id: 'tcp|0.0.0.0|80|0.0.0.0|0|0', proto: 'tcp', family: 4, localAddress: '0.0.0.0', localPort: 80,
      remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', inode: 0, uid: null, txQueue: 0, rxQueue: 0,
      timer: null, owner: { pid: 4, startTime: 0, name: '' },
    });
    expect(at(de.sockets, 'tcp', '127.0.0.1', 1110, 54995)).toMatchObject({ state: 'FIN_WAIT2', owner: { pid: 2588 } });
    expect(at(de.sockets, 'tcp', '127.0.0.1', 54995, 1110)).toMatchObject({ state: 'CLOSE_WAIT', owner: { pid: 12600 } });
    expect(at(de.sockets, 'tcp', '127.0.0.1', 2869, 54989)).toMatchObject({ state: 'TIME_WAIT', owner: null });
    expect(at(de.sockets, 'tcp', '127.0.0.1', 1110, 53588)).toMatchObject({ state: 'ESTABLISHED', remoteAddress: '127.0.0.1' });
  });

  it('reads bracketed IPv6, a zone id and UDP *:* rows', () => {
    expect(at(de.sockets, 'tcp', '::1', 49396)).toMatchObject({ family: 6, remoteAddress: '::', remotePort: 0, state: 'LISTEN', owner: { pid: 6864 } });
    expect(at(de.sockets, 'udp', 'fe80::10b0:462e:c279:f46a%9', 546)).toEqual({
      id: 'udp|fe80::10b0:462e:c279:f46a%9|546|::|0|0', proto: 'udp', family: 6,
      localAddress: 'fe80::10b0:462e:c279:f46a%9', localPort: 546, remoteAddress: '::', remotePort: 0,
      state: 'UNCONN', inode: 0, uid: null, txQueue: 0, rxQueue: 0, timer: null, owner: { pid: 1216, startTime: 0, name: '' },
    });
    expect(at(de.sockets, 'udp', '0.0.0.0', 68)).toMatchObject({ family: 4, remoteAddress: '0.0.0.0', state: 'UNCONN', owner: { pid: 1216 } });
  });

  it('reads ABHÖREN whatever the code page did to the Ö, and -an without a PID column', () => {
    const text = fixture('netstat-an-de-cp850.txt');
    for (const variant of [text, text.replaceAll('™', '\uFFFD'), text.replaceAll('ABH™REN', 'ABHÃ–REN')]) {
      const r = parseWin32Netstat(variant);
      expect(r).toMatchObject({ skipped: 0 });
      expect(r.sockets).toHaveLength(66);
      expect(at(r.sockets, 'tcp', '0.0.0.0', 102)).toMatchObject({ state: 'LISTEN', owner: null });
      expect(at(r.sockets, 'tcp', '::', 135)).toMatchObject({ state: 'LISTEN', family: 6 });
    }
  });

  it('refuses the one row with junk after the PID and keeps the rest', () => {
    const r = parseWin32Netstat(fixture('netstat-ano-en-lighthouse-7694.txt'));
    expect(r.sockets).toHaveLength(14);
    expect(r.skipped).toBe(1);
    expect(r.firstError).toMatch(/^netstat line 10: unknown TCP state 'LISTENING 2744 REANNA/);
    expect(r.sockets.some((s) => s.localPort === 2105)).toBe(false);
  });

  it('skips localized headers and reads English states under them', () => {
    const r = parseWin32Netstat(fixture('netstat-ano-zh-find-process.txt'));
    expect(r).toMatchObject({ skipped: 0 });
    expect(r.sockets).toHaveLength(15);
    expect(at(r.sockets, 'tcp', '10.211.55.6', 50506, 80)).toMatchObject({ state: 'CLOSE_WAIT', remoteAddress: '183.136.138.140', owner: { pid: 3020 } });
    expect(at(r.sockets, 'tcp', '10.211.55.6', 50510, 80)).toMatchObject({ state: 'TIME_WAIT', owner: null });
  });

  it('gives repeated UDP tuples distinct ids and reads a connected UDP socket', () => {
    const r = parseWin32Netstat(fixture('netstat-a-p-udp-netstat2-rs-7.txt'));
    expect(r.sockets).toHaveLength(14);
    expect(r.sockets.filter((s) => s.localPort === 3702).map((s) => s.id)).toEqual([
      'udp|0.0.0.0|3702|0.0.0.0|0|0', 'udp|0.0.0.0|3702|0.0.0.0|0|0#2', 'udp|0.0.0.0|3702|0.0.0.0|0|0#3', 'udp|0.0.0.0|3702|0.0.0.0|0|0#4',
    ]);
    expect(at(r.sockets, 'udp', '0.0.0.0', 50127, 443)).toMatchObject({ state: 'ESTABLISHED', remoteAddress: '0.0.0.94' });
  });

  it('knows only the state words it has seen recorded', () => {
    expect(win32State('ABHÖREN')).toBe('LISTEN');
    expect(win32State('SYN_RECEIVED')).toBe('SYN_RECV');
    expect(win32State('LISTENING')).toBe('LISTEN');
    expect(win32State('ÉCOUTE')).toBeNull();
  });
});

describe('parseWin32Netstat properties', () => {
  it('never throws and only returns valid rows, on any text', () => {
    fc.assert(fc.property(noiseCapture, (text) => wellFormed(parseWin32Netstat(text))));
  });

  const endpoint = (a: { printed: string }, v6: boolean, port: number) => (v6 ? `[${a.printed}]:${port}` : `${a.printed}:${port}`);
  const gen = fc.record({ v6: fc.boolean(), a4: ipv4Case, b4: ipv4Case, a6: ipv6Case, b6: ipv6Case, lport: portArb, rport: portArb, pid: pidArb });

  it('reads a generated ESTABLISHED row in either family', () => {
    fc.assert(
      fc.property(gen, (g) => {
        const [a, b] = g.v6 ? [g.a6, g.b6] : [g.a4, g.b4];
        const line = `  TCP    ${endpoint(a, g.v6, g.lport)}   ${endpoint(b, g.v6, g.rport)}   HERGESTELLT     ${g.pid}\r\n`;
        const r = parseWin32Netstat(line);
        expect(r.skipped).toBe(0);
        expect(r.sockets).toEqual([
          expect.objectContaining({
            family: g.v6 ? 6 : 4, localAddress: a.canonical, localPort: g.lport, remoteAddress: b.canonical,
            remotePort: g.rport, state: 'ESTABLISHED', owner: { pid: g.pid, startTime: 0, name: '' },
          }),
        ]);
      }),
    );
  });

  it('skips and counts a row with a corrupted address or state', () => {
    fc.assert(
      fc.property(gen, fc.constantFrom('address', 'state', 'port'), (g, what) => {
        const local = what === 'address' ? `${g.a4.printed}.1:${g.lport}` : `${g.a4.printed}:${what === 'port' ? 65536 : g.lport}`;
        const state = what === 'state' ? 'HERGESTELLTX' : 'ESTABLISHED';
        const r = parseWin32Netstat(`  TCP    ${local}    ${g.b4.printed}:${g.rport}    ${state}    ${g.pid}`);
        expect(r.sockets).toEqual([]);
        expect(r.skipped).toBe(1);
      }),
    );
  });
});

describe('netstat -anob continuation lines (issue 12)', () => {
  // The layout of netstat -anob: the recorded French -anb block (fixtures/captures) with the PID
  // column -o adds; no recorded -anob capture was found, so the PIDs are written in here.
  const anob = [
    '  Proto  Adresse locale         Adresse distante       État           PID',
    '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044',
    '  RpcSs',
    ' [svchost.exe]',
    '  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4',
    ' Impossible d’obtenir les informations de propriétaire',
    '  TCP    0.0.0.0:902            0.0.0.0:0              LISTENING       3960',
    ' [vmware-authd.exe]',
    '  TCP    10.33.51.143:60742     204.79.197.239:443     TIME_WAIT       0',
  ].join('\r\n');

  it('gives each row the executable printed under it, and notes every detail line', () => {
    const r = parseWin32Netstat(anob);
    expect(r.sockets.map((s) => [s.localPort, s.owner?.pid ?? null, s.owner?.name ?? null])).toEqual([
      [135, 1044, 'svchost.exe'], [445, 4, ''], [902, 3960, 'vmware-authd.exe'], [60742, null, null],
    ]);
    expect([...(r.lineNotes ?? new Map()).keys()]).toEqual([3, 4, 6, 8]);
    expect(r.rowLines).toEqual(new Set([2, 5, 7, 9]));
  });

  it('never gives an executable to the wrong row when the row above was refused', () => {
    const r = parseWin32Netstat(anob.replace('0.0.0.0:902 ', '0.0.0.0:99999 '));
    expect(r.skipped).toBe(1);
    expect(r.sockets.find((s) => s.owner?.name === 'vmware-authd.exe')).toBeUndefined();
  });
});
