import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { SocketSchema } from '../../../shared/model';
import type { ProcNetTable } from './linux-proc-net-parse';
import { PROC_NET_TABLES, parseProcNet } from './linux-proc-net-parse';

const CAPTURE = join(__dirname, 'fixtures/linux/capture-1');
const capture = JSON.parse(readFileSync(join(CAPTURE, 'capture.json'), 'utf8')) as Record<string, unknown>;
const portOf = (key: string): number => capture[key] as number;

function parseTable(table: ProcNetTable): Socket[] {
  const result = parseProcNet(readFileSync(join(CAPTURE, 'proc/net', table)), table);
  expect(result.skipped).toBe(0);
  expect(result.firstError).toBeNull();
  return result.sockets;
}

const all = PROC_NET_TABLES.flatMap(parseTable);
const find = (predicate: (s: Socket) => boolean): Socket[] => all.filter(predicate);
const byInode = (inode: number): Socket | undefined => all.find((s) => s.inode === inode);

describe('parseProcNet on a recorded capture (rows verified with ss -tunaep at capture time)', () => {
  it('reads every row of every table as a valid Socket', () => {
    expect(all).toHaveLength(30 + 8 + 2 + 1);
    for (const s of all) expect(SocketSchema.safeParse(s).success).toBe(true);
  });

  it('decodes an IPv4 listener (ss: LISTEN 127.0.0.1:40037 0.0.0.0:* ino:13791)', () => {
    expect(byInode(13791)).toEqual({
      id: 'tcp|127.0.0.1|40037|0.0.0.0|0|13791',
      proto: 'tcp',
      family: 4,
      localAddress: '127.0.0.1',
      localPort: portOf('listen4'),
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: 'LISTEN',
      inode: 13791,
      uid: 0,
      txQueue: 0,
      rxQueue: 0,
      timer: { kind: 'none', remainingMs: 0, retransmits: 0 },
      owner: null,
    });
  });

  it('keeps the keepalive timer in ms (ss: timer:(keepalive,59sec,0) ino:13802)', () => {
    const s = byInode(13802);
    expect(s).toMatchObject({ localPort: portOf('est4'), remotePort: 40037, state: 'ESTABLISHED' });
    expect(s?.timer).toEqual({ kind: 'keepalive', remainingMs: 0x173e * 10, retransmits: 0 });
  });

  it('reads TIME_WAIT with inode 0, no uid, no owner and the time-wait timer', () => {
    const [tw] = find((s) => s.localPort === portOf('timeWait'));
    expect(tw).toMatchObject({ state: 'TIME_WAIT', inode: 0, uid: null, owner: null, remotePort: 40037 });
    expect(tw?.timer).toEqual({ kind: 'time-wait', remainingMs: 59500, retransmits: 0 });
    expect(tw?.id).toBe(`tcp|127.0.0.1|${portOf('timeWait')}|127.0.0.1|40037|0`);
  });

  it('reads queues, half-closed states and other users (ss: Recv-Q 1000, FIN-WAIT-2, CLOSE-WAIT, uid:65534)', () => {
    expect(byInode(13815)).toMatchObject({ rxQueue: 1000, txQueue: 0, localPort: portOf('slowListen') });
    expect(byInode(13811)).toMatchObject({ state: 'FIN_WAIT2', localPort: portOf('half'), remotePort: 36061 });
    expect(byInode(13812)).toMatchObject({ state: 'CLOSE_WAIT', localPort: 36061, remotePort: portOf('half') });
    expect(byInode(13072)).toMatchObject({ state: 'LISTEN', uid: 65534, localPort: 43957 });
  });

  it('decodes IPv6 loopback, wildcard and IPv4-mapped rows', () => {
    expect(byInode(13801)).toMatchObject({
      family: 6,
      localAddress: '::1',
      localPort: portOf('listen6'),
      remoteAddress: '::',
      remotePort: 0,
      state: 'LISTEN',
    });
    expect(byInode(13806)).toMatchObject({
      family: 6,
      localAddress: '::ffff:127.0.0.1',
      localPort: portOf('mapped'),
      remoteAddress: '::ffff:127.0.0.1',
      remotePort: 40037,
    });
  });

  it('maps UDP 07 to UNCONN and 01 to ESTABLISHED', () => {
    expect(byInode(13816)).toMatchObject({ proto: 'udp', state: 'UNCONN', localPort: portOf('udp4'), remotePort: 0 });
    expect(byInode(13817)).toMatchObject({ proto: 'udp', state: 'ESTABLISHED', remotePort: portOf('udp4') });
    expect(byInode(13818)).toMatchObject({ proto: 'udp', family: 6, state: 'UNCONN', localAddress: '::1' });
  });

  it('agrees with every row of the ss -tunaep output recorded in the same second', () => {
    const ss = readSsRows(readFileSync(join(CAPTURE, 'ss-tunaep.txt'), 'utf8'));
    const ours = all.map((s) => `${s.proto} ${s.state} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort} ${s.inode}`);
    expect(ours.sort()).toEqual(ss.sort());
  });
});

describe('parseProcNet edge cases', () => {
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const row = '   0: 0100007F:9C65 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 13791 1 0 100';

  it('accepts a string, CRLF endings and a missing final newline', () => {
    expect(parseProcNet(`${header}${row}\r\n${row}`, 'tcp').sockets).toHaveLength(2);
  });

  it('counts a short row and names it, keeping the good rows', () => {
    const result = parseProcNet(`${header}${row}\n   1: 0100007F:9C65 00000000:0000 0A\n`, 'tcp');
    expect(result.sockets).toHaveLength(1);
    expect(result.skipped).toBe(1);
    expect(result.firstError).toBe('/proc/net/tcp line 3: bad queues');
  });

  it('refuses an IPv4-width address in an IPv6 table, and an unknown state or timer', () => {
    expect(parseProcNet(row, 'tcp6').skipped).toBe(1);
    expect(parseProcNet(row.replace(' 0A ', ' 0E '), 'tcp').firstError).toMatch(/bad state/);
    expect(parseProcNet(row.replace(' 00:0', ' 05:0'), 'tcp').firstError).toMatch(/unknown timer/);
  });

  it('reads a 64-bit negative timer as an expired (negative) remaining time', () => {
    const expired = row.replace(' 00:00000000 ', ' 01:FFFFFFFFFFFFFF9C ');
    expect(parseProcNet(expired, 'tcp').sockets[0]?.timer).toEqual({ kind: 'retransmit', remainingMs: -1000, retransmits: 0 });
  });

  it('uses the given CLK_TCK for the timer', () => {
    const keep = row.replace(' 00:00000000 ', ' 02:000003E8 ');
    expect(parseProcNet(keep, 'tcp', { clkTck: 1000 }).sockets[0]?.timer?.remainingMs).toBe(1000);
    expect(parseProcNet(keep, 'tcp').sockets[0]?.timer?.remainingMs).toBe(10000);
  });
});

/** Reads `ss -tunaep` rows into the same one-line form (a test oracle, not production code). */
function readSsRows(text: string): string[] {
  const states: Record<string, string> = {
    ESTAB: 'ESTABLISHED',
    'TIME-WAIT': 'TIME_WAIT',
    'FIN-WAIT-2': 'FIN_WAIT2',
    'CLOSE-WAIT': 'CLOSE_WAIT',
    LISTEN: 'LISTEN',
    UNCONN: 'UNCONN',
  };
  const endpoint = (text: string): string => {
    const at = text.lastIndexOf(':');
    const host = text.slice(0, at).replace(/^\[|\]$/g, '');
    const port = text.slice(at + 1);
    return `${host}:${port === '*' ? 0 : port}`;
  };
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [proto, state, , , local, peer] = line.trim().split(/\s+/);
      const inode = /ino:(\d+)/.exec(line)?.[1];
      return `${proto} ${states[state ?? ''] ?? state} ${endpoint(local ?? '')} ${endpoint(peer ?? '')} ${inode}`;
    });
}
