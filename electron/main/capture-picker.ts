/**
 * The desktop app's "Open capture…": the contract's openCaptureFile answered in the main process
 * with a native file picker, the file read as the CLI reads it (at most 8 MB) and parsed by the
 * same core reader as parseCapture. Electron's dialog is passed in, so this is tested without it.
 */
import { basename } from 'node:path';
import { METHOD_NAMES } from '../../shared/contract';
import type { PortApi } from '../../shared/contract';
import { readCaptureFile } from '../core/capture/capture-file';
import { readCapture } from '../core/capture/read-capture';

/** Shows the picker; the chosen path, or null when cancelled. */
export type PickFile = () => Promise<string | null>;

/** The picker's options: text captures first, any file second. */
export const CAPTURE_DIALOG = {
  title: 'Open capture',
  buttonLabel: 'Open',
  filters: [
    { name: 'Captures (ss, netstat, lsof)', extensions: ['txt', 'log', 'out'] },
    { name: 'All files', extensions: ['*'] },
  ],
  properties: ['openFile' as const],
};

/** Wraps `api` so openCaptureFile shows the picker and reads the chosen file. */
export function withCapturePicker(api: PortApi, pick: PickFile): PortApi {
  const wrapped = Object.fromEntries(METHOD_NAMES.map((method) => [method, (request: never) => api[method](request)])) as unknown as PortApi;
  wrapped.openCaptureFile = async () => {
    const path = await pick();
    if (path === null) return null;
    const read = readCapture({ bytes: await readCaptureFile(path) }, basename(path));
    if (!read.ok) throw new Error(read.error);
    return read.capture;
  };
  return wrapped;
}
