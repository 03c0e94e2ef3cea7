/**
 * The tray's "Export snapshot…": what the save dialog proposes, and which format a chosen path
 * means. The format follows the file extension (GTK dialogs do not report the chosen filter),
 * and a name without one gets .json, so what is written always matches its name.
 */
import { extname, join } from 'node:path';
import type { SaveDialogOptions } from 'electron';
import type { ExportFormat } from '../../shared/contract';

/** A timestamp safe in file names on every OS: 2025-01-02T03-04-05. */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace(/:/g, '-');
}

/** The save dialog's options: a dated default name in `dir`, JSON first, CSV second. */
export function exportDialogOptions(now: number, dir: string): SaveDialogOptions {
  return {
    title: 'Export snapshot',
    buttonLabel: 'Export',
    defaultPath: join(dir, `ephemera-snapshot-${fileStamp(now)}.json`),
    filters: [
      { name: 'JSON snapshot', extensions: ['json'] },
      { name: 'CSV table', extensions: ['csv'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** The format and final path for a path the user chose. */
export function resolveExportTarget(path: string): { format: ExportFormat; path: string } {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return { format: 'csv', path };
  if (ext === '.json') return { format: 'json', path };
  return { format: 'json', path: `${path}.json` };
}
