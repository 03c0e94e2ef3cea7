/**
 * The CSV export: the JSON export's socket rows flattened to one line each (owner_pid,
 * timer_kind, ...), with a reader that rebuilds the rows so the format provably round-trips.
 */
import type { Owner } from '../../../shared/model';
import { ExportSocketSchema } from './export-socket';
import type { ExportSocket } from './export-socket';
import { parseCsvRecords, toCsv } from './csv';

type Cell = string | number | boolean | null | undefined;

/** One field per holder, joined by ';' (the first is the owner); empty when none is known. */
function holderList(s: ExportSocket, get: (o: Owner) => string | number | undefined): string {
  return (s.owners ?? []).map((o) => String(get(o) ?? '')).join(';');
}

/** A name inside a ';' list: '%' and ';' written as %25 and %3B. */
const escapeItem = (name: string): string => name.replace(/%/g, '%25').replace(/;/g, '%3B');
const unescapeItem = (item: string): string => item.replace(/%3B/gi, ';').replace(/%25/g, '%');

/** A record's namespace, rebuilt from its netns_* and container_* columns. Host rows have none. */
function netnsOf(r: Record<string, string>): { netns?: unknown } {
  const label = orNull(r.netns);
  if (label === null || label === 'host') return {};
  const runtime = orNull(r.container_runtime);
  const container = runtime === null ? {} : { container: { runtime, id: r.container_id ?? '', name: orNull(r.container_name) } };
  const name = orNull(r.netns_name) === null ? {} : { name: r.netns_name };
  return { netns: { inode: num(r.netns_inode), kind: runtime === null ? 'netns' : 'container', label, ...container, ...name } };
}

/** The holders of a CSV record, rebuilt from its ';' lists. */
function holdersOf(r: Record<string, string>, basis: string | null): unknown[] {
  const pids = orNull(r.owner_pids)?.split(';') ?? [];
  const names = (r.owner_names ?? '').split(';');
  const starts = (r.owner_start_times ?? '').split(';');
  const ppids = (r.owner_ppids ?? '').split(';');
  return pids.map((pid, i) => ({
    pid: Number(pid),
    startTime: num(starts[i]),
    name: unescapeItem(names[i] ?? ''),
    ...(i === 0 && bool(r.owner_inferred) !== undefined ? { inferred: bool(r.owner_inferred) } : {}),
    ...(num(ppids[i]) === null ? {} : { ppid: num(ppids[i]) }),
    ...(basis === null ? {} : { basis }),
  }));
}

/** Column name and how it is read from a row; the order here is the file's column order. */
const COLUMNS: readonly (readonly [string, (s: ExportSocket) => Cell])[] = [
  ['id', (s) => s.id],
  ['proto', (s) => s.proto],
  ['family', (s) => s.family],
  ['local_address', (s) => s.localAddress],
  ['local_port', (s) => s.localPort],
  ['remote_address', (s) => s.remoteAddress],
  ['remote_port', (s) => s.remotePort],
  ['state', (s) => s.state],
  ['inode', (s) => s.inode],
  ['uid', (s) => s.uid],
  ['tx_queue', (s) => s.txQueue],
  ['rx_queue', (s) => s.rxQueue],
  ['timer_kind', (s) => s.timer?.kind],
  ['timer_remaining_ms', (s) => s.timer?.remainingMs],
  ['timer_retransmits', (s) => s.timer?.retransmits],
  ['owner_pid', (s) => s.owner?.pid],
  ['owner_start_time', (s) => s.owner?.startTime],
  ['owner_name', (s) => s.owner?.name],
  ['owner_inferred', (s) => s.owner?.inferred],
  ['owner_basis', (s) => s.owner?.basis],
  ['owner_ppid', (s) => s.owner?.ppid],
  ['owner_pids', (s) => holderList(s, (o) => o.pid)],
  ['owner_names', (s) => holderList(s, (o) => escapeItem(o.name))],
  ['owner_start_times', (s) => holderList(s, (o) => o.startTime)],
  ['owner_ppids', (s) => holderList(s, (o) => o.ppid)],
  ['netns', (s) => s.netns?.label ?? 'host'],
  ['netns_inode', (s) => s.netns?.inode],
  ['netns_name', (s) => s.netns?.name],
  ['container_runtime', (s) => s.netns?.container?.runtime],
  ['container_id', (s) => s.netns?.container?.id],
  ['container_name', (s) => s.netns?.container?.name],
  ['publishes', (s) => s.publishes],
  ['local_class', (s) => s.localClass],
  ['remote_class', (s) => s.remoteClass],
  ['local_in_ephemeral_range', (s) => s.localInEphemeralRange],
  ['local_service', (s) => s.localService],
  ['remote_service', (s) => s.remoteService],
  ['first_seen', (s) => s.firstSeen],
  // issue 12: names a capture printed (empty for live rows)
  ['local_host', (s) => s.localHost],
  ['remote_host', (s) => s.remoteHost],
  ['local_port_name', (s) => s.localPortName],
  ['remote_port_name', (s) => s.remotePortName],
];

/** Columns added after the first version: a file without them still reads. */
const LATER_COLUMNS: ReadonlySet<string> = new Set([
  // issue 12: names a capture printed
  'local_host',
  'remote_host',
  'local_port_name',
  'remote_port_name',
  // issue 10: every holder, namespaces
  'owner_basis',
  'owner_ppid',
  'owner_pids',
  'owner_names',
  'owner_start_times',
  'owner_ppids',
  'netns',
  'netns_inode',
  'netns_name',
  'container_runtime',
  'container_id',
  'container_name',
  'publishes',
]);
/** An optional text field: present when the cell has text. */
const optional = (key: string, v: string | undefined): Record<string, string> => (v === undefined || v === '' ? {} : { [key]: v });

/** The CSV header, in column order. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

const cell = (v: Cell): string => (v === null || v === undefined ? '' : String(v));

/** Export rows to CSV text (header first, CRLF line ends, RFC 4180 quoting). */
export function socketsToCsv(rows: readonly ExportSocket[]): string {
  return toCsv([CSV_COLUMNS, ...rows.map((r) => COLUMNS.map(([, get]) => cell(get(r))))]);
}

const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
const num = (v: string | undefined): number | null => (orNull(v) === null ? null : Number(v));
const bool = (v: string | undefined): boolean | undefined => (v === 'true' ? true : v === 'false' ? false : undefined);

/** Rebuilds one row from its CSV record; the result is checked by the row schema. */
function fromRecord(r: Record<string, string>): unknown {
  const timerKind = orNull(r.timer_kind);
  const ownerPid = num(r.owner_pid);
  const basis = orNull(r.owner_basis);
  const owners = holdersOf(r, basis);
  return {
    id: r.id,
    proto: r.proto,
    family: num(r.family),
    localAddress: r.local_address,
    localPort: num(r.local_port),
    remoteAddress: r.remote_address,
    remotePort: num(r.remote_port),
    state: r.state,
    inode: num(r.inode),
    uid: num(r.uid),
    txQueue: num(r.tx_queue),
    rxQueue: num(r.rx_queue),
    timer:
      timerKind === null
        ? null
        : { kind: timerKind, remainingMs: num(r.timer_remaining_ms), retransmits: num(r.timer_retransmits) },
    owner:
      ownerPid === null
        ? null
        : {
            pid: ownerPid,
            startTime: num(r.owner_start_time),
            name: r.owner_name ?? '',
            ...(bool(r.owner_inferred) === undefined ? {} : { inferred: bool(r.owner_inferred) }),
            ...(num(r.owner_ppid) === null ? {} : { ppid: num(r.owner_ppid) }),
            ...(basis === null ? {} : { basis }),
          },
    ...(r.owner_pids === undefined ? {} : { owners }),
    ...netnsOf(r),
    ...(orNull(r.publishes) === null ? {} : { publishes: r.publishes }),
    localClass: orNull(r.local_class),
    remoteClass: orNull(r.remote_class),
    localInEphemeralRange: bool(r.local_in_ephemeral_range),
    localService: orNull(r.local_service),
    remoteService: orNull(r.remote_service),
    firstSeen: orNull(r.first_seen),
    ...optional('localHost', r.local_host),
    remoteHost: orNull(r.remote_host),
    ...optional('localPortName', r.local_port_name),
    ...optional('remotePortName', r.remote_port_name),
  };
}

/** Reads a CSV export back into rows; throws naming the first row that is not a valid socket row. */
export function csvToSockets(text: string): ExportSocket[] {
  const { columns, records } = parseCsvRecords(text);
  const missing = CSV_COLUMNS.filter((c) => !columns.includes(c) && !LATER_COLUMNS.has(c));
  if (missing.length > 0) throw new Error(`CSV export lacks columns: ${missing.join(', ')}`);
  return records.map((r, n) => {
    const parsed = ExportSocketSchema.safeParse(fromRecord(r));
    if (!parsed.success) throw new Error(`CSV row ${n + 2} is not a socket row: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}
