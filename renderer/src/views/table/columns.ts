/**
 * The socket table's columns: header, width and the text of a cell. One definition serves the
 * table, its header and "copy rows", so the copied text reads exactly like the screen.
 */
import { formatDuration } from '../../../../shared/format';
import { netnsText } from '../../../../shared/netns';
import { holdersText, moreHolders, ownerBasis, ownersOf } from '../../../../shared/owners';
import { portClass } from '../../../../shared/port-class';
import type { ColumnId } from '../../store/row-order';
import { serviceTip } from '../../store/service-pick';
import type { TableRow } from '../../store/table-row';

/** One column of the table. */
export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** CSS grid track, e.g. '1.4fr' or '64px'. */
  track: string;
  align: 'start' | 'end';
  /** Monospaced (addresses, numbers). */
  mono: boolean;
  /** Cell text; `now` is the latest sample time, for ages. */
  text: (row: TableRow, now: number) => string;
  /** Hover help for the header. */
  help: string;
  /** Hover text of a cell when it should say more than the cell (default: the cell text). */
  tip?: (row: TableRow) => string;
}

/** Shown where a value is unknown. */
const UNKNOWN = '—';

function ownerText(row: TableRow): string {
  const owner = row.socket.owner;
  if (!owner) return UNKNOWN;
  const basis = ownerBasis(owner);
  const name = basis === 'exact' ? owner.name : `${owner.name} (${basis === 'inferred-unique' ? 'inferred' : 'guessed'})`;
  const more = moreHolders(row.socket);
  return more === '' ? name : `${name} ${more}`;
}

/** Columns in display order. */
export const COLUMNS: readonly ColumnDef[] = [
  {
    id: 'proto',
    label: 'Proto',
    track: '52px',
    align: 'start',
    mono: false,
    help: 'Protocol and address family',
    text: (r) => `${r.socket.proto}${r.socket.family === 6 ? '6' : ''}`,
  },
  {
    id: 'local',
    label: 'Local address',
    track: 'minmax(150px, 1.3fr)',
    align: 'start',
    mono: true,
    help: 'Local address:port',
    text: (r) => r.localText,
  },
  {
    id: 'remote',
    label: 'Remote address',
    track: 'minmax(150px, 1.3fr)',
    align: 'start',
    mono: true,
    help: 'Remote address:port (* = none); by name when "Resolve names" is on and a name is known',
    text: (r) => (r.remoteHost ? `${r.remoteHost}:${r.socket.remotePort}` : r.remoteText),
    tip: (r) => (r.remoteHost ? `${r.remoteText} (${r.remoteHost})` : r.remoteText),
  },
  {
    id: 'state',
    label: 'State',
    track: '112px',
    align: 'start',
    mono: false,
    help: 'TCP state, or UNCONN for UDP',
    text: (r) => r.socket.state,
  },
  {
    id: 'process',
    label: 'Process',
    track: 'minmax(110px, 1fr)',
    align: 'start',
    mono: false,
    help: 'Owning process; — when it belongs to another user or to no process',
    text: ownerText,
    tip: (r) => {
      const owners = ownersOf(r.socket);
      return owners.length > 1 ? `held by ${holdersText(owners)}` : ownerText(r);
    },
  },
  {
    id: 'pid',
    label: 'PID',
    track: '60px',
    align: 'end',
    mono: true,
    help: 'Process id',
    text: (r) => (r.socket.owner ? String(r.socket.owner.pid) : UNKNOWN),
  },
  {
    id: 'service',
    label: 'Service',
    track: '72px',
    align: 'start',
    mono: false,
    help: "IANA service name: the local port's for a server, the remote port's for a client on an ephemeral port",
    text: (r) => r.service ?? UNKNOWN,
    tip: (r) => serviceTip(r.servicePick),
  },
  {
    id: 'class',
    label: 'Port class',
    track: '78px',
    align: 'start',
    mono: false,
    help: 'IANA class of the local port',
    text: (r) => portClass(r.socket.localPort),
  },
  {
    id: 'ns',
    label: 'Namespace',
    track: 'minmax(64px, 0.7fr)',
    align: 'start',
    mono: false,
    help: 'Network namespace: host, a container (name and short id) or netns:<inode>',
    text: (r) => netnsText(r.socket),
    tip: (r) => (r.socket.publishes === undefined ? netnsText(r.socket) : `forwards to ${r.socket.publishes}`),
  },
  {
    id: 'age',
    label: 'Age',
    track: '80px',
    align: 'end',
    mono: true,
    help: 'Time since first seen',
    text: (r, now) => formatDuration(Math.max(0, now - r.firstSeen)),
  },
];

/** The grid-template-columns value shared by the header and every row. */
export const GRID_TEMPLATE = COLUMNS.map((c) => c.track).join(' ');

/** Rows as tab-separated text with a header line, for the clipboard. */
export function rowsAsText(rows: readonly TableRow[], now: number): string {
  const lines = [COLUMNS.map((c) => c.label).join('\t')];
  for (const row of rows) lines.push(COLUMNS.map((c) => c.text(row, now).replace(/[\t\n]/g, ' ')).join('\t'));
  return `${lines.join('\n')}\n`;
}
