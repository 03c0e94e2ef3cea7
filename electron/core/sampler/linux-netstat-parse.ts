/**
 * Parser for Linux net-tools `netstat` (-tulpn, -antp, -anp, -l without -n, -e, -o), the layout
 * the seed page's `netstat -tulpn | grep :60430` prints and that nothing else reads:
 *   Proto Recv-Q Send-Q Local Address  Foreign Address  State  [User Inode]  PID/Program name  [Timer]
 * UDP rows have no state (connected ones say ESTABLISHED); '-' is an owner netstat could not see;
 * ':::22' is the IPv6 wildcard, the port after the last ':'. Without -W netstat cuts an address to
 * 23 characters with its port, so a full-width address may be cut: it is kept as printed, never
 * taken for a real address. unix-domain and raw rows (the -anp unix section) are noted, not rows.
 */
import type { Family, Proto, SocketState, Socket } from '../../../shared/model';
import { portOfService } from '../service/port-names';
import type { NamedEndpoint } from './parse-address';
import { parseNamedEndpoint } from './parse-address';
import { buildSocket, count, fields, netstatState, ownerOf, RowCollector, textLines, udpState } from './parse-rows';
import type { ParseResult } from './types';

/** A net-tools row: tcp, tcp6, udp, udp6, udpl (UDP-Lite), with Recv-Q and Send-Q. */
export const LINUX_NETSTAT_ROW = /^\s*(tcp6?|udp6?|udpl6?)\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+(\s|$)/;
/** Rows net-tools prints that are not internet sockets this model holds. */
const NOT_MODELLED = /^\s*(unix|raw6?)\s+\d+\s/;
/** The -o timer column: 'off (0.00/0/0)', 'keepalive (6580.48/0/0)'. */
const TIMER = /\s+(off|on|keepalive|timewait|probe|unkn-\d+)\s+\([^)]*\)\\?\s*$/;
/** Width netstat gives an address and its port without -W. */
const NARROW = 23;

/** Linux kernel state names as net-tools prints them. */
const LINUX_STATES: Readonly<Record<string, SocketState>> = {
  SYN_RECV: 'SYN_RECV',
  FIN_WAIT1: 'FIN_WAIT1',
  FIN_WAIT2: 'FIN_WAIT2',
  CLOSE: 'CLOSE',
};

/** The shared state for a net-tools TCP state word, or null. */
export function linuxNetstatState(word: string): SocketState | null {
  return LINUX_STATES[word] ?? netstatState(word);
}

interface Layout {
  /** -e: User and Inode columns before PID/Program name. */
  extended: boolean;
  /** -W: addresses are never cut. */
  wide: boolean;
}

/** The layout a header line announces, or null when the line is not the inet header. */
export function linuxNetstatLayout(line: string): Layout | null {
  if (!/^\s*Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address/.test(line)) return null;
  return { extended: /\bUser\s+Inode\b/.test(line), wide: false };
}

function endpoint(text: string, family: Family, proto: Proto, layout: Layout): NamedEndpoint | null {
  // Unbracketed IPv6 ('::1:631', ':::*'): the port is after the last ':'.
  const cut = text.lastIndexOf(':');
  const fixed = !text.startsWith('[') && text.indexOf(':') < cut ? `[${text.slice(0, cut)}]${text.slice(cut)}` : text;
  const mayBeCut = (): boolean => !layout.wide && text.length >= NARROW;
  return parseNamedEndpoint(fixed, ':', family, family, { proto, lookup: portOfService, mayBeCut });
}

/** Owner, uid and inode from the columns after the state: '[user inode] pid/name' or '-'. */
function readTail(tail: string, layout: Layout): { pid: number | null; name: string; uid: number | null; inode: number } | string {
  let rest = (tail.includes('(') ? tail.replace(TIMER, '') : tail).trim();
  let uid: number | null = null;
  let inode = 0;
  if (layout.extended) {
    const m = /^(\S+)\s+(\d+)(?:\s+|$)(.*)$/.exec(rest);
    if (!m) return `no User and Inode columns in '${tail}'`;
    uid = count(m[1]);
    inode = Number(m[2]);
    rest = m[3] ?? '';
  }
  if (rest === '' || rest === '-') return { pid: null, name: '', uid, inode };
  const owner = /^(\d+)\/(.+)$/.exec(rest);
  if (!owner) return `unexpected text after the state: '${rest}'`;
  return { pid: Number(owner[1]), name: (owner[2] ?? '').trim(), uid, inode };
}

function parseRow(raw: string, layout: Layout, rows: RowCollector, line: number): void {
  const f = fields(raw);
  const word = f[0] ?? '';
  const proto: Proto = word.startsWith('tcp') ? 'tcp' : 'udp';
  const family: Family = word.endsWith('6') ? 6 : 4;
  const rxQueue = count(f[1]);
  const txQueue = count(f[2]);
  if (rxQueue === null || txQueue === null) return rows.refuse(line, 'queue columns are not numbers');
  const local = endpoint(f[3] ?? '', family, proto, layout);
  if (!local) return rows.refuse(line, `malformed local address '${f[3] ?? ''}'`);
  const remote = endpoint(f[4] ?? '', family, proto, layout);
  if (!remote) return rows.refuse(line, `malformed foreign address '${f[4] ?? ''}'`);
  const afterRemote = raw.slice(raw.indexOf(f[4] ?? '', raw.indexOf(f[3] ?? '') + (f[3] ?? '').length) + (f[4] ?? '').length);
  let state: SocketState | null = udpState(remote);
  let tail = afterRemote;
  const stateWord = f[5] ?? '';
  if (proto === 'tcp') {
    state = linuxNetstatState(stateWord);
    if (state === null) return rows.refuse(line, `unknown TCP state '${stateWord}'`);
    tail = afterRemote.slice(afterRemote.indexOf(stateWord) + stateWord.length);
  } else if (stateWord === 'ESTABLISHED') {
    tail = afterRemote.slice(afterRemote.indexOf(stateWord) + stateWord.length);
  }
  const owner = readTail(tail, layout);
  if (typeof owner === 'string') return rows.refuse(line, owner);
  const socket: Socket = buildSocket({
    proto, local, remote, state, rxQueue, txQueue, inode: owner.inode, uid: owner.uid, owner: ownerOf(owner.pid, owner.name),
  });
  rows.add(socket, line);
}

/** Parses net-tools netstat text: inet rows are read, unix and raw rows noted, the rest left to the caller. */
export function parseLinuxNetstat(text: string): ParseResult {
  const rows = new RowCollector('netstat');
  let layout: Layout = { extended: false, wide: false };
  textLines(text).forEach((raw, index) => {
    const header = linuxNetstatLayout(raw);
    if (header) {
      layout = header;
      return;
    }
    if (NOT_MODELLED.test(raw)) return rows.note(index + 1, 'not-inet', `${fields(raw)[0] ?? ''} socket (only TCP and UDP are read)`);
    if (LINUX_NETSTAT_ROW.test(raw)) parseRow(raw, layout, rows, index + 1);
  });
  return rows.result();
}
