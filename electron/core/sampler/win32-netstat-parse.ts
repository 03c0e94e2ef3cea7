/**
 * Parser for Windows `netstat -ano` (and `-an`, which has no PID column). Headers are translated
 * ('Aktive Verbindungen', '活动连接', 'Connexions actives'...) and skipped: only lines whose first
 * field is TCP or UDP are rows. Most locales keep the English state words; German translates them,
 * and a console code page can mangle the umlaut (ABHÖREN arrives as 'ABH™REN' or 'ABHÃ–REN'), so
 * those are matched loosely. An unknown state word refuses the row instead of guessing.
 */
import type { Family, SocketState } from '../../../shared/model';
import { portOfService } from '../service/port-names';
import type { NamedEndpoint } from './parse-address';
import { parseNamedEndpoint } from './parse-address';
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

/** An endpoint; without -n Windows prints host names ('orion:0') and service names ('host:http'). */
function endpoint(text: string, family: Family | null, wildcardFamily: Family, proto: 'tcp' | 'udp'): NamedEndpoint | string {
  return parseNamedEndpoint(text, ':', family, wildcardFamily, { proto, lookup: portOfService }) ?? `malformed address '${text}'`;
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
  const local = endpoint(f[1] ?? '', null, 4, proto);
  if (typeof local === 'string') return rows.refuse(line, local);
  const remote = endpoint(f[2] ?? '', local.address === '' ? null : local.family, local.family, proto);
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
  rows.add(buildSocket({ proto, local, remote, state, owner: ownerOf(pid, '') }), line);
}

/** `netstat -b`'s executable line under a row: ' [svchost.exe]'. */
const EXECUTABLE = /^\s*\[(.+)\]\s*$/;

/** True for a line netstat -b prints under a row: the executable, a service name, or a localized "cannot obtain". */
export function isWin32Continuation(raw: string): boolean {
  return /^\s+\S/.test(raw) && !/^\s*(TCP|UDP|Proto)\s/i.test(raw);
}

/** Gives the row above the executable a continuation line names, when the row has a pid (-o). */
function attach(raw: string, rows: RowCollector, rowLine: number, line: number): void {
  const exe = EXECUTABLE.exec(raw)?.[1];
  const last = rows.last();
  if (exe === undefined || last === undefined) return rows.note(line, 'attached', `netstat -b detail of the row on line ${rowLine}`);
  if (last.owner === null) return rows.note(line, 'attached', `executable ${exe} of the row on line ${rowLine}, which has no PID (add -o to keep it)`);
  rows.replaceLast({ ...last, owner: { ...last.owner, name: exe } });
  rows.note(line, 'attached', `executable of the row on line ${rowLine}`);
}

/**
 * Parses Windows netstat text. Owner names are empty (the live source resolves them per pid), except
 * where `netstat -b` printed the executable on the lines under a row: that name goes to the row above.
 */
export function parseWin32Netstat(text: string): ParseResult {
  const rows = new RowCollector('netstat');
  // The line of the row just read, 0 when the line above was no row or was refused.
  let rowLine = 0;
  textLines(text).forEach((raw, index) => {
    const f = fields(raw);
    const proto = (f[0] ?? '').toUpperCase();
    if (proto === 'TCP' || proto === 'UDP') {
      const before = rows.last();
      parseRow(f, rows, index + 1);
      rowLine = rows.last() !== before ? index + 1 : 0;
      return;
    }
    if (rowLine > 0 && isWin32Continuation(raw)) attach(raw, rows, rowLine, index + 1);
  });
  return rows.result();
}
