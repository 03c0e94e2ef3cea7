/**
 * Parser for Linux `ss -tunap` and `ss -tunaep` text, the tool most people check Ephemera against.
 * It keeps what lets the integrator compare an ss row with the procfs row for the same socket:
 * proto, local, remote, state, inode (ino:, with -e), uid (uid:), and the first owner of
 * users:((...)). ss notation is undone on the way: '*' is the dual-stack any-address (modern ss
 * prints 0.0.0.0 for IPv4), a '%dev' after the address is the bound device (procfs does not show
 * it, so it is dropped), and a TIME-WAIT timer becomes the row's timer.
 */
import type { Family, Owner, Proto, SocketState, SocketTimer, TimerKind } from '../../../shared/model';
import { portOfService } from '../service/port-names';
import type { NamedEndpoint } from './parse-address';
import { parseNamedEndpoint } from './parse-address';
import { buildSocket, count, fields, ownerOf, RowCollector, textLines } from './parse-rows';
import type { ParseResult } from './types';

const SS_STATES: Readonly<Record<string, SocketState>> = {
  ESTAB: 'ESTABLISHED',
  LISTEN: 'LISTEN',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'UNCONN',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSE',
};

const TIMER_KINDS: Readonly<Record<string, TimerKind>> = {
  on: 'retransmit',
  keepalive: 'keepalive',
  timewait: 'time-wait',
  persist: 'zero-window-probe',
  off: 'none',
};

/** The shared state for an ss state word; TCP 'UNCONN' is a closed socket. */
export function ssState(word: string, proto: Proto): SocketState | null {
  const state = SS_STATES[word] ?? null;
  if (state === 'UNCONN' && proto === 'tcp') return 'CLOSE';
  if (state === 'ESTABLISHED' || state === 'UNCONN' || proto === 'tcp') return state;
  return null;
}

/** Drops a '%dev' bound-device suffix that ss prints between the address and ':port'. */
function withoutDevice(text: string): string {
  return text.replace(/%[^%:\]\s]+(?=:[^:]*$)/, '');
}

/** Family of an ss address column: brackets, '*' and bare multi-colon text are IPv6, a dotted quad IPv4. */
function familyOf(text: string): Family | null {
  if (text.startsWith('[') || text.startsWith('*')) return 6;
  if (/^\d{1,3}(\.\d{1,3}){3}(%[^:]*)?:/.test(text)) return 4;
  return (text.match(/:/g) ?? []).length > 1 ? 6 : null;
}

function endpoint(text: string, family: Family, proto: Proto): NamedEndpoint | null {
  const bare = withoutDevice(text);
  // Old ss printed IPv6 unbracketed (':::22'); bracket it so the last ':' is the port.
  const cut = bare.lastIndexOf(':');
  const fixed = family === 6 && !bare.startsWith('[') && bare !== '*:*' && cut > 0
    ? `[${bare.slice(0, cut)}]${bare.slice(cut)}` : bare;
  return parseNamedEndpoint(fixed, ':', family, family, { proto, lookup: portOfService });
}

/**
 * The local and peer columns of an ss row in the canonical form every source shares (the peer takes
 * the local side's family), or the refusal in words. Exported for the `ss -E` destroy-event reader,
 * whose lines have the same columns. Without -n ss prints service names ('*:ssh'): the port comes
 * from the IANA table and the name is kept.
 */
export function ssEndpoints(localText: string, peerText: string, proto: Proto = 'tcp'): { local: NamedEndpoint; remote: NamedEndpoint } | string {
  const family = familyOf(localText) ?? (isNamed(localText) ? 4 : null);
  const local = family === null ? null : endpoint(localText, family, proto);
  if (!local) return `malformed local address '${localText}'`;
  const remote = endpoint(peerText, local.family, proto);
  if (!remote) return `malformed peer address '${peerText}'`;
  return { local, remote };
}

/** A 'name:port' endpoint (ss -r, or a host ss could not print as an address). */
function isNamed(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]*(%[^:]+)?:[^:]+$/.test(text);
}

const USER = /\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=\d+\)/;

/** The first owner in users:(("name",pid=1,fd=3),...), or null when there is none. */
export function ssOwner(extra: string): Owner | null {
  return ssOwners(extra)[0] ?? null;
}

/** Every distinct holder in users:((...),(...)), in ss's order (a socket shared after fork). */
export function ssOwners(extra: string): Owner[] {
  const owners: Owner[] = [];
  for (const m of extra.matchAll(new RegExp(USER.source, 'g'))) {
    const owner = ownerOf(Number(m[2]), (m[1] ?? '').replace(/\\(.)/g, '$1'));
    if (owner !== null && !owners.some((o) => o.pid === owner.pid)) owners.push(owner);
  }
  return owners;
}

/** Milliseconds in an ss duration such as '44sec', '1min3sec', '200ms', '1.5sec'. */
function durationMs(text: string): number | null {
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(min|sec|ms)/g)) {
    const unit = m[2] === 'min' ? 60000 : m[2] === 'sec' ? 1000 : 1;
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  return matched === text && matched !== '' ? Math.round(total) : null;
}

/** The timer of timer:(kind,duration,retransmits), or null when absent or unreadable. */
export function ssTimer(extra: string): SocketTimer | null {
  const m = /timer:\(([a-z]+),([^,)]*),(\d+)\)/.exec(extra);
  const kind = m ? TIMER_KINDS[m[1] ?? ''] : undefined;
  const remainingMs = m ? durationMs(m[2] ?? '') : null;
  if (!m || kind === undefined || remainingMs === null) return null;
  return { kind, remainingMs, retransmits: Number(m[3]) };
}

function tagged(extra: string, tag: string): number | null {
  const m = new RegExp(`(?:^|\\s)${tag}:(\\d+)(?=\\s|$)`).exec(extra);
  return m ? count(m[1]) : null;
}

function parseRow(proto: Proto, f: string[], raw: string, rows: RowCollector, line: number): void {
  const state = ssState(f[0] ?? '', proto);
  if (state === null) return rows.refuse(line, `unknown ${proto} state '${f[0] ?? ''}'`);
  const rxQueue = count(f[1]);
  const txQueue = count(f[2]);
  if (rxQueue === null || txQueue === null) return rows.refuse(line, 'queue columns are not numbers');
  const ends = ssEndpoints(f[3] ?? '', f[4] ?? '', proto);
  if (typeof ends === 'string') return rows.refuse(line, ends);
  const { local, remote } = ends;
  const extra = raw.slice(raw.indexOf(f[4] ?? '', raw.indexOf(f[3] ?? '') + (f[3] ?? '').length) + (f[4] ?? '').length);
  const ino = tagged(extra, 'ino');
  // With -e ss prints uid: only when it is not 0, so a row with ino: and no uid: belongs to root;
  // a TIME-WAIT remnant has no owner at all (procfs prints a literal 0 there too).
  const uid = state === 'TIME_WAIT' ? null : (tagged(extra, 'uid') ?? (ino === null ? null : 0));
  const timer = ssTimer(extra);
  const owners = ssOwners(extra);
  // On a listener ss's Send-Q is the backlog limit, not queued bytes; procfs shows 0 there.
  const tx = state === 'LISTEN' ? 0 : txQueue;
  rows.add(buildSocket({ proto, local, remote, state, inode: ino ?? 0, uid, rxQueue, txQueue: tx, timer, owner: owners[0] ?? null, owners }), line);
}

/** States only TCP has: a row without a Netid column in one of these is TCP. */
const TCP_ONLY = new Set(['LISTEN', 'TIME-WAIT', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSING']);
/** A row without the Netid column: ss prints none when one socket type was asked for (-t or -u). */
const NO_NETID = /^(ESTAB|LISTEN|UNCONN|TIME-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-[12]|CLOSE-WAIT|LAST-ACK|CLOSING)\s+\d+\s+\d+\s+\S/;

/**
 * The protocol of Netid-less rows: ss -t or ss -u printed them, so one state only TCP has makes them
 * all TCP and UNCONN makes them UDP; ESTAB alone could be either, so no protocol is guessed (null).
 */
function netidlessProto(lines: readonly string[]): Proto | null {
  let tcp = false;
  let udp = false;
  for (const raw of lines) {
    const word = NO_NETID.exec(raw.trimStart())?.[1];
    if (word === undefined) continue;
    if (TCP_ONLY.has(word)) tcp = true;
    if (word === 'UNCONN') udp = true;
  }
  return tcp === udp ? null : tcp ? 'tcp' : 'udp';
}

/** Parses ss text; rows of other netids (u_str, raw...) are not sockets this model holds. */
export function parseSs(text: string): ParseResult {
  const rows = new RowCollector('ss');
  const lines = textLines(text);
  let implied: Proto | null | undefined;
  lines.forEach((raw, index) => {
    const f = fields(raw);
    if (f[0] === 'tcp' || f[0] === 'udp') return parseRow(f[0], f.slice(1), raw, rows, index + 1);
    if (!NO_NETID.test(raw.trimStart())) {
      if (/^(u_|nl|p_|v_|xdp|raw|mptcp|sctp|icmp6?|tipc)\S*\s/.test(raw.trimStart())) rows.note(index + 1, 'not-inet', `${f[0] ?? ''} socket (only TCP and UDP are read)`);
      return;
    }
    implied ??= netidlessProto(lines);
    if (implied === null) return rows.refuse(index + 1, 'ss printed no Netid column and ESTAB alone does not say TCP or UDP (run ss with -t or -u and keep the header, or with both for a Netid column)');
    parseRow(implied, f, raw, rows, index + 1);
  });
  return rows.result();
}
