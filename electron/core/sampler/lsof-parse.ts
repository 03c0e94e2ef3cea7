/**
 * Parser for `lsof -nP -i` text (Linux and macOS): COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME.
 * lsof lists one row per (process, fd), so a socket that several processes share (a forked
 * listener, an inherited fd) shows up several times. Rows are deduplicated by proto + tuple +
 * DEVICE and the first owner is kept, because the model holds one owner per socket.
 * On Linux DEVICE is the socket inode, so it becomes the row's inode and ids match procfs; on
 * macOS it is a kernel address and the inode stays 0. lsof prints an IPv4 peer of an IPv6 socket
 * as a dotted quad; TYPE says IPv6, so it becomes ::ffff:a.b.c.d like procfs.
 */
import type { Family, Proto, SocketState } from '../../../shared/model';
import { portOfService } from '../service/port-names';
import type { NamedEndpoint } from './parse-address';
import { ANY_ADDRESS, parseNamedEndpoint } from './parse-address';
import { buildSocket, count, fields, netstatState, ownerOf, RowCollector, textLines } from './parse-rows';
import type { ParseResult } from './types';

/** Linux lsof prints the kernel's state names; macOS prints netstat's words. */
const LINUX_WORDS: Readonly<Record<string, SocketState>> = {
  SYN_RECV: 'SYN_RECV',
  FIN_WAIT1: 'FIN_WAIT1',
  FIN_WAIT2: 'FIN_WAIT2',
  CLOSE: 'CLOSE',
};

/** The shared state for an lsof TCP state word, or null when unknown. */
export function lsofState(word: string): SocketState | null {
  return LINUX_WORDS[word] ?? netstatState(word);
}

/** lsof escapes unprintable bytes and spaces in COMMAND as \xNN; undo that. */
function commandName(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

interface NameParts {
  local: NamedEndpoint;
  remote: NamedEndpoint;
  stateWord: string | null;
}

/** lsof -E adds the other end's 'pid,command,fd' after the address; it names no state. */
const ENDPOINT_INFO = /^\d+,[^,\s]+,\d+[a-zA-Z]*$/;

/**
 * Splits NAME ('a:1->b:2 (ESTABLISHED)', '*:22 (LISTEN)', '[::1]:631', 'localhost:ipp', and
 * macOS's KAME-scoped '[fe80:5::1]:123'); a string is a refusal.
 */
function readName(name: string[], family: Family, proto: Proto): NameParts | string {
  const endpoints = name[0] ?? '';
  const stateText = name.slice(1).filter((t) => !ENDPOINT_INFO.test(t)).join(' ');
  const stateMatch = /^\(([A-Z_0-9]+)\)$/.exec(stateText);
  if (stateText !== '' && !stateMatch) return `unexpected text after the address: '${stateText}'`;
  const [localText, remoteText, more] = endpoints.split('->');
  if (more !== undefined) return `malformed NAME '${endpoints}'`;
  const options = { proto, lookup: portOfService };
  const local = parseNamedEndpoint(localText ?? '', ':', family, family, options);
  if (!local) return `malformed local address '${localText ?? ''}'`;
  const remote = remoteText === undefined
    ? { address: ANY_ADDRESS[family], family, port: 0 }
    : parseNamedEndpoint(remoteText, ':', family, family, options);
  if (!remote) return `malformed remote address '${remoteText ?? ''}'`;
  return { local, remote, stateWord: stateMatch?.[1] ?? null };
}

function parseRow(f: string[], rows: RowCollector, seen: Map<string, number>, line: number): void {
  const typeAt = f.findIndex((v, i) => i >= 4 && (v === 'IPv4' || v === 'IPv6'));
  if (typeAt < 0) return rows.refuse(line, 'no IPv4/IPv6 TYPE column');
  const node = f[typeAt + 3] ?? '';
  if (node !== 'TCP' && node !== 'UDP') return rows.refuse(line, `NODE is '${node}', not TCP or UDP`);
  const pid = count(f[1]);
  if (pid === null) return rows.refuse(line, `PID '${f[1] ?? ''}' is not a number`);
  const family: Family = f[typeAt] === 'IPv4' ? 4 : 6;
  const proto = node.toLowerCase() as Proto;
  const parts = readName(f.slice(typeAt + 4), family, proto);
  if (typeof parts === 'string') return rows.refuse(line, parts);
  const connected = parts.remote.port !== 0 || parts.remote.address !== ANY_ADDRESS[family];
  if (proto === 'tcp' && parts.stateWord === null) return rows.refuse(line, 'lsof printed no TCP state (run lsof without -T, or with -Ts)');
  const state = proto === 'udp' ? (connected ? 'ESTABLISHED' : 'UNCONN') : lsofState(parts.stateWord ?? '');
  if (state === null) return rows.refuse(line, `unknown TCP state '${parts.stateWord ?? ''}'`);
  const device = f[typeAt + 1] ?? '';
  const inode = /^\d+$/.test(device) ? Number(device) : 0;
  const socket = buildSocket({
    proto, local: parts.local, remote: parts.remote, state, inode,
    uid: count(f[2]), owner: ownerOf(pid, commandName(f[0] ?? '')),
  });
  const key = `${socket.id}|${device}`;
  const first = seen.get(key);
  if (first !== undefined) return rows.note(line, 'duplicate', `the socket of line ${first}, held by another fd or process`);
  seen.set(key, line);
  rows.add(socket, line);
}

/** Parses lsof -i text; the header and lsof's own warnings are skipped, malformed rows counted. */
export function parseLsof(text: string): ParseResult {
  const rows = new RowCollector('lsof');
  const seen = new Map<string, number>();
  textLines(text).forEach((raw, index) => {
    const f = fields(raw);
    if (f.length === 0 || (f[0] === 'COMMAND' && f[1] === 'PID') || f[0] === 'lsof:') return;
    parseRow(f, rows, seen, index + 1);
  });
  return rows.result();
}
