/**
 * How `ls` and `who` show sockets: one order (proto, local port, id, as exports use), one set
 * of columns, one state coloring, so both commands read alike.
 */
import { endpointLabel } from '../../shared/capture';
import { formatEndpoint } from '../../shared/format';
import type { Socket, SocketState } from '../../shared/model';
import { netnsText } from '../../shared/netns';
import { moreHolders } from '../../shared/owners';
import type { Cell, Column } from './table';
import type { Style } from './color';

/** Sorts like the export: proto, then local port, then id. */
export function compareSockets(a: Socket, b: Socket): number {
  return a.proto.localeCompare(b.proto) || a.localPort - b.localPort || a.id.localeCompare(b.id);
}

const STATE_STYLE: Partial<Record<SocketState, Style>> = {
  LISTEN: 'green',
  UNCONN: 'green',
  SYN_SENT: 'cyan',
  SYN_RECV: 'cyan',
  CLOSE_WAIT: 'yellow',
  TIME_WAIT: 'dim',
  FIN_WAIT1: 'dim',
  FIN_WAIT2: 'dim',
  LAST_ACK: 'dim',
  CLOSING: 'dim',
};

/** 'tcp' or 'tcp6', as netstat and ss users read it. */
export function protoLabel(s: Socket): string {
  return s.family === 6 ? `${s.proto}6` : s.proto;
}

/** A colored state cell. */
export function stateCell(s: Socket): Cell {
  return { text: s.state, style: STATE_STYLE[s.state] ?? null };
}

/**
 * The owner's name; '?' marks an inferred owner, '(unknown)' an unknown one, and "+2" the other
 * holders of a shared socket (who lists them all).
 */
export function ownerCell(s: Socket): Cell {
  if (s.owner === null) return { text: '(unknown)', style: 'dim' };
  const name = s.owner.inferred === true ? `${s.owner.name}?` : s.owner.name;
  const more = moreHolders(s);
  return more === '' ? name : `${name} ${more}`;
}

/** A remote address's name when one is known (null: show the number). */
export type NameOf = (address: string) => string | null;

const NUMBERS: NameOf = () => null;

/**
 * The remote end, or '*' for a listener or an unconnected datagram socket; a capture's printed
 * names as printed; `name:port` when the address has a known name.
 */
export function remoteText(s: Socket, nameOf: NameOf = NUMBERS): string {
  if (s.remoteHost !== undefined || s.remotePortName !== undefined) return endpointLabel(s.remoteAddress, s.remotePort, s.remoteHost, s.remotePortName);
  if (s.remotePort === 0 && /^(0\.0\.0\.0|::)$/.test(s.remoteAddress)) return '*';
  const name = nameOf(s.remoteAddress);
  return name === null ? formatEndpoint(s.remoteAddress, s.remotePort) : `${name}:${s.remotePort}`;
}

/** The local end; a capture's printed host or service name where it gave one. */
export function localText(s: Socket): string {
  if (s.localHost !== undefined || s.localPortName !== undefined) return endpointLabel(s.localAddress, s.localPort, s.localHost, s.localPortName);
  return formatEndpoint(s.localAddress, s.localPort);
}

const BASE_COLUMNS: readonly Column[] = [
  { header: 'PROTO' },
  { header: 'STATE' },
  { header: 'LOCAL' },
  { header: 'REMOTE' },
  { header: 'PID', align: 'right' },
  { header: 'PROCESS' },
];

/** The columns of `ls`: NETNS only when some row was read in another network namespace. */
export function lsColumns(netns: boolean): readonly Column[] {
  return netns ? [...BASE_COLUMNS, { header: 'NETNS' }] : BASE_COLUMNS;
}

/** Whether any of the rows comes from another network namespace (so NETNS is worth a column). */
export function anyNetns(sockets: readonly Socket[]): boolean {
  return sockets.some((s) => s.netns !== undefined);
}

/** One `ls` row; `netns` adds the NETNS cell (see lsColumns). */
export function lsRow(s: Socket, nameOf: NameOf = NUMBERS, netns = true): Cell[] {
  const cells: Cell[] = [
    protoLabel(s),
    stateCell(s),
    localText(s),
    remoteText(s, nameOf),
    s.owner === null ? '-' : String(s.owner.pid),
    ownerCell(s),
  ];
  if (netns) cells.push(netnsText(s));
  return cells;
}
