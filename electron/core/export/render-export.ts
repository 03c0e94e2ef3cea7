/**
 * Renders a snapshot export in a format, with a file name and MIME type, so the renderer can
 * download it and the service can write it with the same bytes.
 */
import type { ExportFormat, ExportResult } from '../../../shared/contract';
import { socketsToCsv } from './snapshot-csv';
import { buildSnapshotExport } from './snapshot-json';
import type { ExportInput } from './snapshot-json';

/** A file-name-safe stamp of an epoch ms time, UTC: 20240131-235959. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** A file name with only safe characters from the host name. */
export function exportFilename(host: string, timeMs: number, format: ExportFormat): string {
  const safeHost = host.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'host';
  return `ephemera-${safeHost}-${stamp(timeMs)}.${format}`;
}

/** The export of a snapshot as text: JSON (pretty, trailing newline) or CSV. */
export function renderExport(format: ExportFormat, input: ExportInput): ExportResult {
  const doc = buildSnapshotExport(input);
  const filename = exportFilename(doc.host, doc.timeMs, format);
  if (format === 'json') {
    return { filename, mime: 'application/json', content: JSON.stringify(doc, null, 2) + '\n' };
  }
  return { filename, mime: 'text/csv; charset=utf-8', content: socketsToCsv(doc.sockets) };
}
