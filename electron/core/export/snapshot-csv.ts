/**
 * The CSV export: the JSON export's socket rows flattened to one line each (owner_pid,
 * timer_kind, ...), with a reader that rebuilds the rows so the format provably round-trips.
 */
import { ExportSocketSchema } from './export-socket';
import type { ExportSocket } from './export-socket';
import { parseCsvRecords, toCsv } from './csv';

type Cell = string | number | boolean | null | undefined;

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

/** Columns a reader does not require, so exports written before them still read back. */
const OPTIONAL_COLUMNS = new Set(['local_host', 'remote_host', 'local_port_name', 'remote_port_name']);
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
          },
    localClass: r.local_class,
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
  const missing = CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !columns.includes(c));
  if (missing.length > 0) throw new Error(`CSV export lacks columns: ${missing.join(', ')}`);
  return records.map((r, n) => {
    const parsed = ExportSocketSchema.safeParse(fromRecord(r));
    if (!parsed.success) throw new Error(`CSV row ${n + 2} is not a socket row: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}
