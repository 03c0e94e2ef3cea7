/**
 * Parser for Linux `ss -tunap` and `ss -tunaep` text, the tool most people check Ephemera against.
 * It keeps what lets the integrator compare an ss row with the procfs row for the same socket:
 * proto, local, remote, state, inode (ino:, with -e), uid (uid:), and the first owner of
 * users:((...)). ss notation is undone on the way: '*' is the dual-stack any-address (modern ss
 * prints 0.0.0.0 for IPv4), a '%dev' after the address is the bound device (procfs does not show
 * it, so it is dropped), and a TIME-WAIT timer becomes the row's timer.
 */
import type { Family, Owner, Proto, SocketState, SocketTimer, TimerKind } from '../../../shared/model';
import type { ParsedEndpoint } from './parse-address';
import { parseEndpoint } from './parse-address';
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

function endpoint(text: string, family: Family): ParsedEndpoint | null {
  const bare = withoutDevice(text);
  // Old ss printed IPv6 unbracketed (':::22'); bracket it so the last ':' is the port.
  const cut = bare.lastIndexOf(':');
  const fixed = family === 6 && !bare.startsWith('[') && bare !== '*:*' && cut > 0
    ? `[${bare.slice(0, cut)}]${bare.slice(cut)}` : bare;
  return parseEndpoint(fixed, ':', family, family);
}

/**
 * The local and peer columns of an ss row in the canonical form every source shares (the peer takes
 * the local side's family), or the refusal in words. Exported for the `ss -E` destroy-event reader,
 * whose lines have the same columns.
 */
export function ssEndpoints(localText: string, peerText: string): { local: ParsedEndpoint; remote: ParsedEndpoint } | string {
  const family = familyOf(localText);
  const local = family === null ? null : endpoint(localText, family);
  if (!local) return `malformed local address '${localText}'`;
  const remote = endpoint(peerText, local.family);
  if (!remote) return `malformed peer address '${peerText}'`;
  return { local, remote };
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

function parseRow(f: string[], raw: string, rows: RowCollector, line: number): void {
  const proto = f[0] as Proto;
  const state = ssState(f[1] ?? '', proto);
  if (state === null) return rows.refuse(line, `unknown ${proto} state '${f[1] ?? ''}'`);
  const rxQueue = count(f[2]);
  const txQueue = count(f[3]);
  if (rxQueue === null || txQueue === null) return rows.refuse(line, 'queue columns are not numbers');
  const ends = ssEndpoints(f[4] ?? '', f[5] ?? '');
  if (typeof ends === 'string') return rows.refuse(line, ends);
  const { local, remote } = ends;
  const extra = raw.slice(raw.indexOf(f[5] ?? '') + (f[5] ?? '').length);
  const ino = tagged(extra, 'ino');
  // With -e ss prints uid: only when it is not 0, so a row with ino: and no uid: belongs to root;
  // a TIME-WAIT remnant has no owner at all (procfs prints a literal 0 there too).
  const uid = state === 'TIME_WAIT' ? null : (tagged(extra, 'uid') ?? (ino === null ? null : 0));
  const timer = ssTimer(extra);
  const owners = ssOwners(extra);
  // On a listener ss's Send-Q is the backlog limit, not queued bytes; procfs shows 0 there.
  const tx = state === 'LISTEN' ? 0 : txQueue;
  rows.add(buildSocket({ proto, local, remote, state, inode: ino ?? 0, uid, rxQueue, txQueue: tx, timer, owner: owners[0] ?? null, owners }));
}

/** Parses ss text; rows of other netids (u_str, raw...) are not sockets this model holds. */
export function parseSs(text: string): ParseResult {
  const rows = new RowCollector('ss');
  textLines(text).forEach((raw, index) => {
    const f = fields(raw);
    if (f[0] !== 'tcp' && f[0] !== 'udp') return;
    parseRow(f, raw, rows, index + 1);
  });
  return rows.result();
}
