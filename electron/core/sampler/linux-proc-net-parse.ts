/**
 * Parser for /proc/net/{tcp,tcp6,udp,udp6}: the Linux fast path reads these tables on every tick,
 * so this scans bytes in place (no per-line regex, no split) and refuses any row that does not
 * have the exact shape the kernel prints, counting it instead of guessing.
 */
import type { Socket } from '../../../shared/model';
import type { ProcNetParseOptions, ProcNetTable, TableShape } from './linux-proc-net-row';
import { buildSocket, isHeader, scanRow, shapeOf, skipSpaces } from './linux-proc-net-row';
import type { ParseResult } from './types';

export type { ProcNetParseOptions, ProcNetTable } from './linux-proc-net-row';

/** Every table, in the order the source reads them. */
export const PROC_NET_TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

const NEWLINE = 10;
const CR = 13;

/** A Buffer view of the same bytes (no copy): Buffer's native indexOf and compare beat JS loops. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The 1-based line number of the line that begins at `start`. */
function lineAt(buf: Buffer, start: number): number {
  let line = 1;
  for (let at = buf.indexOf(NEWLINE); at >= 0 && at < start; at = buf.indexOf(NEWLINE, at + 1)) line++;
  return line;
}

/**
 * Calls `visit` with the bounds of every data line (header and blank lines left out) from the
 * line that begins at `from` on; a visit that returns a reason counts the line as skipped. Shared
 * by the parser and the reader (which hands over after a lead of rows it took unchanged).
 */
export function visitRows(
  buf: Buffer,
  shape: TableShape,
  visit: (start: number, end: number) => string | null,
  from = 0,
): { skipped: number; firstError: string | null } {
  let skipped = 0;
  let firstError: string | null = null;
  for (let start = from; start < buf.length; ) {
    const newline = buf.indexOf(NEWLINE, start);
    const next = newline < 0 ? buf.length : newline + 1;
    let end = newline < 0 ? buf.length : newline;
    if (end > start && buf[end - 1] === CR) end--;
    if (skipSpaces(buf, start, end) < end && !isHeader(buf, start, end)) {
      const refusal = visit(start, end);
      if (refusal !== null) {
        skipped++;
        firstError ??= `/proc/net/${shape.name} line ${lineAt(buf, start)}: ${refusal}`;
      }
    }
    start = next;
  }
  return { skipped, firstError };
}

/**
 * Parses the full text of one /proc/net socket table. Blank lines and the header are ignored;
 * every other line becomes one Socket (owner null: the owner resolver fills it) or is counted
 * in `skipped`, with the first refusal in words.
 */
export function parseProcNet(
  input: Uint8Array | string,
  table: ProcNetTable,
  options: ProcNetParseOptions = {},
): ParseResult {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : asBuffer(input);
  const shape = shapeOf(table, options);
  const sockets: Socket[] = [];
  const counts = visitRows(buf, shape, (start, end) => {
    const refusal = scanRow(buf, start, end, shape);
    if (refusal === null) sockets.push(buildSocket(buf, shape));
    return refusal;
  });
  return { sockets, ...counts };
}
