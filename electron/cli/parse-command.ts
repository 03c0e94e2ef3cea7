/**
 * `ephemera parse FILE`: a capture from another machine (ss, netstat, lsof, /proc/net) turned
 * into the sampler's own rows. The parsing itself is detect-format's parseCapture, which the web
 * UI can call the same way; this file only reads the file and words the outcome.
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from '../../shared/model';
import type { CaptureFormat } from '../core/sampler/detect-format';
import { parseCapture } from '../core/sampler/detect-format';

/** What parsing a capture gave: rows and a one-line summary, or a one-line error. */
export type CaptureOutcome = { ok: true; sockets: Socket[]; summary: string } | { ok: false; error: string };

/**
 * Parses capture text. Fails when the format is unknown, or when not one row could be read and
 * some were refused (a capture forced through the wrong parser), so nothing is silently empty.
 */
export function readCaptureText(text: string, from: CaptureFormat | 'auto', name: string): CaptureOutcome {
  const parsed = parseCapture(text, from);
  if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
  const { sockets, skipped, firstError } = parsed.result;
  const refused = skipped === 0 ? '' : `; ${skipped} line(s) skipped, first: ${firstError ?? 'unreadable'}`;
  if (sockets.length === 0 && skipped > 0) {
    return { ok: false, error: `${name}: no ${parsed.format} rows read${refused}` };
  }
  return { ok: true, sockets, summary: `${name}: ${sockets.length} socket(s) read as ${parsed.format}${refused}` };
}

/** Reads a capture file, naming the file and the reason when it cannot be read. */
export async function readCaptureFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : String(error);
    throw new Error(`cannot read ${path}: ${reason}`, { cause: error });
  }
}
