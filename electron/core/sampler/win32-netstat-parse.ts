/**
 * Parser for Windows `netstat -ano` (and `-an`, which has no PID column). Headers are translated
 * ('Aktive Verbindungen', '活动连接', 'Connexions actives'...) and skipped: only lines whose first
 * field is TCP or UDP are rows. Most locales keep the English state words; German translates them,
 * and a console code page can mangle the umlaut (ABHÖREN arrives as 'ABH™REN' or 'ABHÃ–REN'), so
 * those are matched loosely. An unknown state word refuses the row instead of guessing.
 */
import type { Family, SocketState } from '../../../shared/model';
import type { ParsedEndpoint } from './parse-address';
import { parseEndpoint } from './parse-address';
import { buildSocket, count, fields, netstatState, ownerOf, RowCollector, textLines, udpState } from './parse-rows';
import type { ParseResult } from './types';

/** German state words as German Windows prints them (others read as unknown and are refused). */
const GERMAN_STATES: Readonly<Record<string, SocketState>> = {
  HERGESTELLT: 'ESTABLISHED',
  WARTEND: 'TIME_WAIT',
  SCHLIESSEN_WARTEN: 'CLOSE_WAIT',
  FIN_WARTEN_1: 'FIN_WAIT1',
  FIN_WARTEN_2: 'FIN_WAIT2',
  SYN_GESENDET: 'SYN_SENT',
  SCHLIESSEND: 'CLOSING',
};

/** ABHÖREN with the Ö in any code page: one to three bytes between 'ABH' and 'REN'. */
const ABHOEREN = /^ABH.{1,3}REN$/u;

/** The shared state for a Windows state word in English or German, or null when unknown. */
export function win32State(word: string): SocketState | null {
  const upper = word.toUpperCase();
  if (ABHOEREN.test(upper)) return 'LISTEN';
  return netstatState(upper) ?? GERMAN_STATES[upper] ?? null;
}

function endpoint(text: string, family: Family | null, wildcardFamily: Family): ParsedEndpoint | string {
  return parseEndpoint(text, ':', family, wildcardFamily) ?? `malformed address '${text}'`;
}

/** The state words and the pid of a row's tail (the fields after the two addresses). */
function splitTail(proto: 'tcp' | 'udp', tail: string[]): { words: string[]; pid: number | null } {
  const last = tail[tail.length - 1];
  const pid = count(last);
  const hasPid = pid !== null && (proto === 'udp' || tail.length >= 2);
  return hasPid ? { words: tail.slice(0, -1), pid } : { words: tail, pid: null };
}

function parseRow(f: string[], rows: RowCollector, line: number): void {
  const proto = (f[0] ?? '').toLowerCase() as 'tcp' | 'udp';
  const local = endpoint(f[1] ?? '', null, 4);
  if (typeof local === 'string') return rows.refuse(line, local);
  const remote = endpoint(f[2] ?? '', local.family, local.family);
  if (typeof remote === 'string') return rows.refuse(line, remote);
  const { words, pid } = splitTail(proto, f.slice(3));
  let state: SocketState | null;
  if (proto === 'udp') {
    if (words.length > 0) return rows.refuse(line, `unexpected text after a UDP row: '${words.join(' ')}'`);
    state = udpState(remote);
  } else {
    state = win32State(words.join('_'));
    if (state === null) return rows.refuse(line, `unknown TCP state '${words.join(' ')}'`);
  }
  rows.add(buildSocket({ proto, local, remote, state, owner: ownerOf(pid, '') }));
}

/** Parses Windows netstat text; owner names are empty (the source resolves them per pid). */
export function parseWin32Netstat(text: string): ParseResult {
  const rows = new RowCollector('netstat');
  textLines(text).forEach((raw, index) => {
    const f = fields(raw);
    const proto = (f[0] ?? '').toUpperCase();
    if (proto !== 'TCP' && proto !== 'UDP') return;
    parseRow(f, rows, index + 1);
  });
  return rows.result();
}
