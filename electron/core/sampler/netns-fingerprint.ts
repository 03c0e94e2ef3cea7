/**
 * A cheap sign of change for one network namespace. Reading /proc/<pid>/net/tcp or tcp6 walks the
 * whole TCP established hash the namespace uses (by default the host's, 262,144 buckets here:
 * ~1.6 ms each, whatever the namespace holds), while its per-namespace counters cost ~0.03 ms a
 * file. So each tick reads the counters first, and the caller re-reads the tables only when they
 * moved (see netns-tables.ts).
 *
 * What goes into the key, all per namespace on Linux 6.x (checked on 6.18):
 * - snmp `Tcp:` (opens, fails, resets, CurrEstab, InSegs, OutSegs, RetransSegs, OutRsts, …; TCP
 *   over IPv4 and IPv6 alike) and `Udp:` (InDatagrams, OutDatagrams, NoPorts, drops, …);
 * - snmp6 `Udp6*` (read only when sockstat6 has IPv6 UDP sockets);
 * - sockstat `sockets: used`, `TCP: inuse` and `tw`, `UDP: inuse`; sockstat6 `TCP6:`/`UDP6: inuse`.
 *   `orphan`, `alloc` and `mem` are machine-wide on this kernel and left out.
 *
 * Exact emptiness: a tcp table is empty when its family's `inuse` is 0 and `tw` is 0. `inuse`
 * counts every hashed socket of the family: listeners, connecting and established ones, children
 * not yet accepted, an IPv4-mapped AF_INET6 socket (in tcp6 and TCP6 both). A SYN_RECV request
 * exists only under a listener; `tw` counts TIME_WAIT and FIN_WAIT2 time-wait sockets of both
 * families. A bound socket that neither listens nor connects is in no table and counts in no
 * inuse. A udp table is empty when its `UDP(6): inuse` is 0 (a UDP socket is listed once bound).
 *
 * What no counter shows (the caller bounds how stale such a row can be with a maximum age): an
 * application reading its receive queue (rx_queue falls, often without a segment), accept()
 * taking a child off a listener's queue, data queued behind a closed window (tx_queue grows
 * without a segment), SO_KEEPALIVE arming a timer, and a socket closed while another of the same
 * family is made in the same tick (every count stays equal).
 */
import type { ProcNetTable } from './linux-proc-net-parse';

/** The counter files of one namespace, as text; null where the file does not exist (no IPv6). */
export interface NetnsCounterText {
  snmp: string;
  /** Only needed when sockstat6 counts IPv6 UDP sockets. */
  snmp6: string | null;
  sockstat: string;
  sockstat6: string | null;
}

/** What the counters say: a key that changes with the tables, and the tables known empty. */
export interface NetnsFingerprint {
  key: string;
  empty: ReadonlySet<ProcNetTable>;
}

const TCP_COLUMNS = [
  'ActiveOpens',
  'PassiveOpens',
  'AttemptFails',
  'EstabResets',
  'CurrEstab',
  'InSegs',
  'OutSegs',
  'RetransSegs',
  'OutRsts',
];
const UDP_COLUMNS = ['InDatagrams', 'NoPorts', 'InErrors', 'OutDatagrams', 'RcvbufErrors', 'SndbufErrors'];

function count(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,19}$/.test(text) ? Number(text) : null;
}

/**
 * The value line of a `Name:` header/value pair in snmp (all of it: any column moving is a
 * change), after checking it has the named columns as counts. A reason when it does not.
 */
export function snmpLine(text: string, prefix: 'Tcp' | 'Udp', needed: readonly string[]): string | { error: string } {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`${prefix}:`));
  const values = lines[at + 1];
  if (at < 0 || values === undefined || !values.startsWith(`${prefix}:`))
    return { error: `snmp has no ${prefix}: header and value lines` };
  const names = (lines[at] ?? '').trim().split(/\s+/);
  const cells = values.trim().split(/\s+/);
  if (names.length !== cells.length)
    return { error: `snmp ${prefix}: has ${names.length} names but ${cells.length} values` };
  // Every cell is an integer (MaxConn is -1); the named ones are counts.
  if (cells.slice(1).some((cell) => !/^-?\d{1,19}$/.test(cell)))
    return { error: `snmp ${prefix}: has a value that is not an integer` };
  const missing = needed.find((name) => count(cells[names.indexOf(name)]) === null);
  if (missing !== undefined) return { error: `snmp ${prefix}: lacks ${missing}` };
  return cells.slice(1).join(' ');
}

/** `LABEL: key value key value …` of sockstat as a map; null when the line is absent or malformed. */
function sockstatLine(text: string, label: string): Map<string, number> | null {
  const line = text.split('\n').find((l) => l.startsWith(`${label}: `));
  if (line === undefined) return null;
  const cells = line
    .slice(label.length + 1)
    .trim()
    .split(/\s+/);
  if (cells.length % 2 !== 0) return null;
  const fields = new Map<string, number>();
  for (let i = 0; i < cells.length; i += 2) {
    const value = count(cells[i + 1]);
    if (value === null) return null;
    fields.set(cells[i] ?? '', value);
  }
  return fields;
}

function field(text: string, file: string, label: string, name: string): number | { error: string } {
  const value = sockstatLine(text, label)?.get(name);
  return value === undefined ? { error: `${file} has no readable "${label}: ${name}"` } : value;
}

/** The socket counts of sockstat and sockstat6 (null: no IPv6). */
export function parseSockstat(
  sockstat: string,
  sockstat6: string | null,
): { used: number; tcp: number; tw: number; udp: number; tcp6: number; udp6: number } | { error: string } {
  const values = [
    field(sockstat, 'sockstat', 'sockets', 'used'),
    field(sockstat, 'sockstat', 'TCP', 'inuse'),
    field(sockstat, 'sockstat', 'TCP', 'tw'),
    field(sockstat, 'sockstat', 'UDP', 'inuse'),
    sockstat6 === null ? 0 : field(sockstat6, 'sockstat6', 'TCP6', 'inuse'),
    sockstat6 === null ? 0 : field(sockstat6, 'sockstat6', 'UDP6', 'inuse'),
  ];
  const bad = values.find((v) => typeof v !== 'number');
  if (bad !== undefined) return bad as { error: string };
  const [used, tcp, tw, udp, tcp6, udp6] = values as number[];
  return { used: used ?? 0, tcp: tcp ?? 0, tw: tw ?? 0, udp: udp ?? 0, tcp6: tcp6 ?? 0, udp6: udp6 ?? 0 };
}

/** The `Udp6…` lines of snmp6 (name, spaces, value), checked to be counts. */
export function snmp6Udp(text: string): string | { error: string } {
  const lines = text.split('\n').filter((line) => line.startsWith('Udp6'));
  const values: string[] = [];
  for (const line of lines) {
    const [name, value, extra] = line.trim().split(/\s+/);
    if (count(value) === null || extra !== undefined)
      return { error: `snmp6 line "${line.slice(0, 40)}" is not a name and a count` };
    values.push(`${name}=${value}`);
  }
  for (const name of UDP_COLUMNS)
    if (!values.some((v) => v.startsWith(`Udp6${name}=`))) return { error: `snmp6 lacks Udp6${name}` };
  return values.join(' ');
}

/** Whether snmp6 is needed for this sockstat6 (it is only when IPv6 UDP sockets exist). */
export function needsSnmp6(sockstat6: string | null): boolean {
  return sockstat6 !== null && field(sockstat6, 'sockstat6', 'UDP6', 'inuse') !== 0;
}

/** The fingerprint of one namespace's counters, or why they cannot serve (the caller reads in full). */
export function parseNetnsFingerprint(text: NetnsCounterText): NetnsFingerprint | { error: string } {
  const socks = parseSockstat(text.sockstat, text.sockstat6);
  if ('error' in socks) return socks;
  const tcp = snmpLine(text.snmp, 'Tcp', TCP_COLUMNS);
  if (typeof tcp !== 'string') return tcp;
  const udp = snmpLine(text.snmp, 'Udp', UDP_COLUMNS);
  if (typeof udp !== 'string') return udp;
  let udp6 = '';
  if (socks.udp6 > 0) {
    if (text.snmp6 === null) return { error: 'snmp6 is missing while sockstat6 counts IPv6 UDP sockets' };
    const read = snmp6Udp(text.snmp6);
    if (typeof read !== 'string') return read;
    udp6 = read;
  }
  const empty = new Set<ProcNetTable>();
  if (socks.tcp === 0 && socks.tw === 0) empty.add('tcp');
  if (socks.tcp6 === 0 && socks.tw === 0) empty.add('tcp6');
  if (socks.udp === 0) empty.add('udp');
  if (socks.udp6 === 0) empty.add('udp6');
  const { used, tcp: tcpIn, tw, udp: udpIn, tcp6, udp6: udp6In } = socks;
  return { key: `${used} ${tcpIn} ${tw} ${udpIn} ${tcp6} ${udp6In}|${tcp}|${udp}|${udp6}`, empty };
}

/** Reads one file as text; throws as fs does. */
export type TextReader = (path: string) => string;

function optional(read: TextReader, path: string): string | null {
  try {
    return read(path);
  } catch (error) {
    // Without IPv6 (ipv6.disable=1) the *6 files do not exist: no IPv6 sockets then.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Reads and parses the counters under `<root>/<pid>/net`. Throws when a file cannot be read (the
 * member may be gone); an error result when the text does not parse. Either way: a full read.
 */
export function readNetnsFingerprint(read: TextReader, dir: string): NetnsFingerprint | { error: string } {
  const sockstat = read(`${dir}/sockstat`);
  const sockstat6 = optional(read, `${dir}/sockstat6`);
  const snmp = read(`${dir}/snmp`);
  const snmp6 = needsSnmp6(sockstat6) ? optional(read, `${dir}/snmp6`) : null;
  return parseNetnsFingerprint({ snmp, snmp6, sockstat, sockstat6 });
}
