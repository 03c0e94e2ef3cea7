/**
 * Reads a capture for the CLI's `parse` and the service's `parseCapture`: size check, encoding
 * from the bytes, the line-by-line parse, and a report that accounts for every line, so nothing a
 * person pasted is dropped without a word: each line is a row, or it is counted and sampled.
 */
import type { Capture, CaptureFormat, CaptureSource, SkippedLine } from '../../../shared/capture';
import { CAPTURE_FORMAT_LABELS, CAPTURE_MAX_BYTES, CAPTURE_SAMPLE_LIMIT, portUnknown } from '../../../shared/capture';
import type { EphemeralRange, Socket } from '../../../shared/model';
import type { LineAssignment } from './line-shapes';
import { parseCapture } from '../sampler/detect-format';
import { textLines } from '../sampler/parse-rows';
import type { ParseResult } from '../sampler/types';
import { decodeCapture, decodePastedText } from './decode-capture';

/** What is read: a file's bytes, or text already decoded (pasted). */
export type CaptureInput = { bytes: Uint8Array } | { text: string };

/** A read capture, or why it was refused. */
export type CaptureRead = { ok: true; capture: Capture } | { ok: false; error: string };

const MB = 1024 * 1024;

/** The refusal for input past the cap, in words a person can act on. */
export function tooBigError(bytes: number): string {
  return `the capture is ${(bytes / MB).toFixed(1)} MB; Ephemera reads captures of at most ${CAPTURE_MAX_BYTES / MB} MB (cut it with grep or head first)`;
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Why a line that is no row was left, when no parser said: its shape. */
function shapeReason(assignment: LineAssignment | undefined, i: number): { kind: string; reason: string } {
  const shape = assignment?.shapes[i];
  if (shape?.kind === 'header') return { kind: 'header', reason: `${CAPTURE_FORMAT_LABELS[shape.format]} header or title` };
  if (shape?.kind === 'row') return { kind: 'refused', reason: 'looks like a row but was not read' };
  return { kind: 'other', reason: 'not a socket row in any known format' };
}

/** Counts and samples every non-blank line that did not become a row. */
function accountLines(lines: readonly string[], result: ParseResult, assignment: LineAssignment | undefined) {
  const rowLines = result.rowLines ?? new Set<number>();
  const skippedBy: Record<string, number> = {};
  const sample: SkippedLine[] = [];
  let linesRead = 0;
  let skipped = 0;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    linesRead++;
    if (rowLines.has(i + 1)) return;
    skipped++;
    const note = result.lineNotes?.get(i + 1) ?? shapeReason(assignment, i);
    skippedBy[note.kind] = (skippedBy[note.kind] ?? 0) + 1;
    if (sample.length < CAPTURE_SAMPLE_LIMIT) sample.push({ line: i + 1, text: cut(text.trim()), reason: note.reason });
  });
  return { linesRead, skipped, skippedBy, sample };
}

/** The OS default ephemeral range for the machine a capture came from (its real one is not in it). */
export function captureRange(format: CaptureFormat, sockets: readonly Socket[]): EphemeralRange {
  const linux = format === 'linux-proc' || format === 'ss' || format === 'linux-netstat' || (format === 'lsof' && sockets.some((s) => s.inode > 0));
  const os = linux ? 'Linux' : format === 'win32-netstat' ? 'Windows' : 'macOS';
  const range = linux ? { low: 32768, high: 60999 } : { low: 49152, high: 65535 };
  return { ...range, source: 'default', origin: `not in the capture: the ${os} default` };
}

/** Parses decoded capture text into a Capture, or the refusal (no known format, no row read). */
export function readCaptureText(text: string, encoding: string, name: string, from: CaptureFormat | 'auto'): CaptureRead {
  const parsed = parseCapture(text, from);
  if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
  const lines = textLines(text);
  const { sockets } = parsed.result;
  const lineCount = accountLines(lines, parsed.result, parsed.assignment);
  if (sockets.length === 0 && parsed.result.skipped > 0) {
    return { ok: false, error: `${name}: no ${parsed.format} rows read; ${parsed.result.skipped} line(s) refused, first: ${parsed.result.firstError ?? 'unreadable'}` };
  }
  const counts = parsed.assignment?.counts.filter((c) => c.rows > 0) ?? [{ format: parsed.format, rows: sockets.length }];
  const source: CaptureSource = {
    format: parsed.format,
    formats: counts,
    encoding,
    linesRead: lineCount.linesRead,
    rowsKept: sockets.length,
    linesSkipped: lineCount.skipped,
    skippedBy: lineCount.skippedBy,
    skippedSample: lineCount.sample,
    portUnknownRows: sockets.filter(portUnknown).length,
  };
  return { ok: true, capture: { name, source, sockets, ephemeralRange: captureRange(parsed.format, sockets) } };
}

/** Reads a capture (bytes of a file, or pasted text), refusing one past CAPTURE_MAX_BYTES. */
export function readCapture(input: CaptureInput, name: string, from: CaptureFormat | 'auto' = 'auto'): CaptureRead {
  const size = 'bytes' in input ? input.bytes.length : Buffer.byteLength(input.text, 'utf8');
  if (size > CAPTURE_MAX_BYTES) return { ok: false, error: `${name}: ${tooBigError(size)}` };
  const decoded = 'bytes' in input ? decodeCapture(input.bytes) : decodePastedText(input.text);
  return readCaptureText(decoded.text, decoded.encoding, name, from);
}
