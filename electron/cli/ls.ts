/**
 * `ephemera ls [filter]`: this machine's sockets through the UI's own filter language (shared/
 * filter.ts), as aligned columns, JSON or CSV. JSON and CSV carry the export's rows (the socket
 * plus IANA class, ephemeral-range flag, service names, first seen) so scripts get one schema.
 */
import type { Status } from '../../shared/contract';
import type { Snapshot, Socket } from '../../shared/model';
import { countOwnerCoverage } from '../../shared/owner-coverage';
import { ownerCoverageText } from '../../shared/owner-coverage-text';
import { parseFilter, matchSocket } from '../../shared/filter';
import type { SocketFilter } from '../../shared/filter';
import { toExportSocket } from '../core/export/export-socket';
import type { ExportSocket } from '../core/export/export-socket';
import { socketsToCsv } from '../core/export/snapshot-csv';
import { serviceName } from '../core/service/port-names';
import { coverageContext } from '../core/service/service-defaults';
import { UsageError } from '../../shared/argv';
import type { Paint } from './color';
import { anyNetns, lsColumns, compareSockets, lsRow, type NameOf } from './socket-rows';
import { renderTable } from './table';

/** Parses the filter words of `ls` and `watch`; a bad filter is a usage error that says where. */
export function parseFilterArg(filterText: string): SocketFilter {
  const parsed = parseFilter(filterText);
  if (!parsed.ok) throw new UsageError(`bad filter '${filterText}': ${parsed.error} (at character ${parsed.at + 1})`);
  return parsed.filter;
}

/** The snapshot's sockets that match the filter, in export order. */
export function selectSockets(snapshot: Snapshot, filter: SocketFilter): Socket[] {
  const ctx = { ephemeralRange: snapshot.ephemeralRange };
  return snapshot.sockets.filter((s) => matchSocket(filter, s, ctx)).sort(compareSockets);
}

/** The export rows of some sockets of a snapshot. */
export function exportRows(snapshot: Snapshot, sockets: readonly Socket[], hostName?: NameOf): ExportSocket[] {
  const ctx = { ephemeralRange: snapshot.ephemeralRange, firstSeen: snapshot.firstSeen, serviceName, hostName, timeMs: snapshot.time };
  return sockets.map((s) => toExportSocket(s, ctx));
}

/**
 * The line under the `ls` table: owners known among the rows shown and why not the others, in
 * the words of the app's status line. `status` is the one-shot service's, for its source and
 * the processes whose fds could not be read.
 */
export function lsFooter(snapshot: Snapshot, sockets: readonly Socket[], status: Status): string {
  const unreadable = status.ownerCoverage.unreadableProcesses ?? [];
  const coverage = countOwnerCoverage(sockets, coverageContext(snapshot.platform, status.source, unreadable));
  return `${ownerCoverageText(coverage)}\n`;
}

/** How `ls` prints. */
export type LsFormat = 'table' | 'json' | 'csv';

/** The output of `ls` in a format. */
export function renderLs(snapshot: Snapshot, sockets: readonly Socket[], format: LsFormat, paint: Paint, nameOf?: NameOf): string {
  if (format === 'json') return JSON.stringify(exportRows(snapshot, sockets, nameOf), null, 2) + '\n';
  if (format === 'csv') return socketsToCsv(exportRows(snapshot, sockets, nameOf));
  if (sockets.length === 0) return 'no sockets match\n';
  const netns = anyNetns(sockets);
  return renderTable(lsColumns(netns), sockets.map((s) => lsRow(s, nameOf, netns)), paint);
}
