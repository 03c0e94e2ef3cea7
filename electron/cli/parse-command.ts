/**
 * `ephemera parse FILE|- [filter] [--json | --csv]`: a capture from another machine (ss, netstat,
 * lsof, /proc/net) shown like `ls` shows this machine: the same columns, the same filter language,
 * and JSON/CSV in the export's row schema. The reading itself is core/capture's readCapture, the
 * one the service's parseCapture runs for the window; this file only reads bytes and words output.
 */
import type { Capture } from '../../shared/capture';
import { matchSocket } from '../../shared/filter';
import type { SocketFilter } from '../../shared/filter';
import type { Socket } from '../../shared/model';
import { toExportSocket } from '../core/export/export-socket';
import type { ExportSocket } from '../core/export/export-socket';
import { socketsToCsv } from '../core/export/snapshot-csv';
import { serviceName } from '../core/service/port-names';
import type { Paint } from './color';
import type { LsFormat } from './ls';
import { anyNetns, lsColumns, compareSockets, lsRow } from './socket-rows';
import { renderTable } from './table';

/** The capture's sockets that match the filter, in export order. */
export function selectCaptureSockets(capture: Capture, filter: SocketFilter): Socket[] {
  const ctx = { ephemeralRange: capture.ephemeralRange };
  return capture.sockets.filter((s) => matchSocket(filter, s, ctx)).sort(compareSockets);
}

/** The export rows of a capture's sockets (no first-seen time: the capture was taken elsewhere). */
export function captureRows(capture: Capture, sockets: readonly Socket[]): ExportSocket[] {
  const ctx = { ephemeralRange: capture.ephemeralRange, firstSeen: {}, serviceName };
  return sockets.map((s) => toExportSocket(s, ctx));
}

/** The one-line summary `parse` writes to standard error. */
export function captureSummary(capture: Capture, shown: number): string {
  const s = capture.source;
  const kinds = Object.entries(s.skippedBy).map(([kind, n]) => `${n} ${kind}`).join(', ');
  const skipped = s.linesSkipped === 0 ? '' : `; ${s.linesSkipped} line(s) not rows (${kinds})`;
  const unknown = s.portUnknownRows === 0 ? '' : `; ${s.portUnknownRows} row(s) with a port unknown (a service name IANA does not map to one port)`;
  const filtered = shown === s.rowsKept ? '' : `; ${shown} match the filter`;
  const mixed = s.formats.length > 1 ? ` (mixed: ${s.formats.map((f) => `${f.rows} ${f.format}`).join(', ')})` : '';
  return `${capture.name}: ${s.rowsKept} socket(s) read as ${s.format}${mixed}, ${s.encoding}, ${s.linesRead} line(s)${skipped}${unknown}${filtered}`;
}

/** The output of `parse` in a format: table (as ls), JSON ({ source, sockets }) or CSV (export columns). */
export function renderCapture(capture: Capture, sockets: readonly Socket[], format: LsFormat, paint: Paint): string {
  if (format === 'json') return JSON.stringify({ source: { name: capture.name, ...capture.source }, sockets: captureRows(capture, sockets) }, null, 2) + '\n';
  if (format === 'csv') return socketsToCsv(captureRows(capture, sockets));
  if (sockets.length === 0) return 'no sockets match\n';
  const netns = anyNetns(sockets);
  return renderTable(lsColumns(netns), sockets.map((s) => lsRow(s, undefined, netns)), paint);
}
