/**
 * `ephemera top-destinations`: which remote (address, port, proto) eats the ephemeral ports, and
 * who calls it. Samples for a few seconds (births per second need more than one table), then
 * prints the destinations view: connections, births per second, median lifetime, TIME_WAIT,
 * occupancy of the busiest local address with its forecast, and the calling processes.
 */
import type { Destination, Destinations } from '../../shared/destination-model';
import { formatDuration, formatEndpoint, formatPercent } from '../../shared/format';
import { UsageError } from '../../shared/argv';
import type { Paint } from './color';
import type { NameOf } from './socket-rows';
import { renderTable, type Column } from './table';

/** Reads --seconds: 2..60 whole seconds of sampling (default 5). */
export function parseSecondsArg(text: string | undefined): number {
  if (text === undefined) return 5;
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 2 && n <= 60)) throw new UsageError(`--seconds must be a whole number from 2 to 60, not '${text}'`);
  return n;
}

const COLUMNS: readonly Column[] = [
  { header: 'DESTINATION' },
  { header: 'PROTO' },
  { header: 'CONN', align: 'right' },
  { header: 'BIRTHS/S', align: 'right' },
  { header: 'MEDIAN LIFE', align: 'right' },
  { header: 'TIME_WAIT', align: 'right' },
  { header: 'OCCUPANCY', align: 'right' },
  { header: 'FULL IN', align: 'right' },
  { header: 'CALLERS' },
];

/** The destination as `name:port` when named, else `addr:port`. */
export function destinationText(d: Destination, nameOf: NameOf): string {
  const name = nameOf(d.remoteAddress);
  return name === null ? formatEndpoint(d.remoteAddress, d.remotePort) : `${name}:${d.remotePort}`;
}

/** Callers as `name[pid]×births`, an inferred share marked with '?'. */
export function callersText(d: Destination): string {
  const parts = d.callers.map((c) => `${c.name}[${c.pid}]×${c.births}${c.inferredBirths > 0 ? '?' : ''}`);
  if (d.unknownBirths > 0) parts.push(`(unknown)×${d.unknownBirths}`);
  return parts.length === 0 ? '-' : parts.join(' ');
}

function row(d: Destination, nameOf: NameOf): string[] {
  const occ = d.occupancy;
  return [
    destinationText(d, nameOf),
    d.proto,
    String(d.connections),
    d.birthsPerSec.toFixed(1),
    d.medianLifetimeMs === null ? '-' : formatDuration(d.medianLifetimeMs),
    String(d.timeWait),
    occ === null ? '-' : `${formatPercent(occ.fraction)} ${occ.localAddress}`,
    occ?.forecastSec == null ? '-' : formatDuration(occ.forecastSec * 1000),
    callersText(d),
  ];
}

/** The human answer. */
export function renderTopDestinations(view: Destinations, paint: Paint, nameOf: NameOf, limit: number): string {
  const rows = view.destinations.slice(0, limit);
  const head = `births per second over the last ${view.spanSec.toFixed(0)} s; '?' marks callers partly inferred (first seen in TIME_WAIT)\n`;
  if (rows.length === 0) return `${head}no outgoing connections seen\n`;
  return head + renderTable(COLUMNS, rows.map((d) => row(d, nameOf)), paint);
}

/** The --json answer: the view, each destination with its name (or null). */
export function topDestinationsJson(view: Destinations, nameOf: NameOf, limit: number): string {
  const destinations = view.destinations.slice(0, limit).map((d) => ({ ...d, remoteHost: nameOf(d.remoteAddress) }));
  return JSON.stringify({ ...view, destinations }, null, 2) + '\n';
}
