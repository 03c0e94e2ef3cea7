/**
 * Recognizes a pasted or saved socket-table capture and parses it with the matching parser, so
 * the CLI's `parse` and the tests take any tool's output the same way. Detection scores each
 * format by its header and by how many lines look like its rows; the best score wins.
 */
import type { CaptureFormat } from '../../../shared/capture';
import { CAPTURE_FORMATS } from '../../../shared/capture';
import { assignLines } from '../capture/line-shapes';
import type { LineAssignment } from '../capture/line-shapes';
import { parseDarwinNetstat } from './darwin-netstat-parse';
import { parseLinuxNetstat } from './linux-netstat-parse';
import type { ProcNetTable } from './linux-proc-net-parse';
import { parseProcNet } from './linux-proc-net-parse';
import { parseLsof } from './lsof-parse';
import { mergeResults } from './netstat-source';
import { RowCollector, textLines } from './parse-rows';
import { parseSs } from './ss-parse';
import type { LineNote, ParseResult } from './types';
import { parseWin32Netstat } from './win32-netstat-parse';

export { CAPTURE_FORMATS } from '../../../shared/capture';
/** A capture format. */
export type { CaptureFormat } from '../../../shared/capture';

/** The format most rows of a capture are, or null when no line is a row or a header of any format. */
export function detectFormat(text: string): CaptureFormat | null {
  const assignment = assignLines(textLines(text));
  return assignment.counts[0]?.format ?? assignment.formats.find((f) => f !== null) ?? null;
}

const PROC_HEADER = /^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s/;

/** Which /proc/net table a section is: UDP headers end in 'drops', v6 addresses are 32 hex digits. */
function procTable(header: string | null, firstRow: string | undefined): ProcNetTable {
  const udp = header !== null ? /\bdrops\b/.test(header) : (firstRow?.trim().split(/\s+/).length ?? 0) < 15;
  const v6 = /^\s*\d+:\s+[0-9A-Fa-f]{32}:/.test(firstRow ?? '');
  return udp ? (v6 ? 'udp6' : 'udp') : v6 ? 'tcp6' : 'tcp';
}

/** One /proc/net section's rows parsed, with the capture line of each row kept. */
function parseProcSection(header: string | null, rows: readonly { line: number; text: string }[]): ParseResult {
  const table = procTable(header, rows[0]?.text);
  const whole = parseProcNet(rows.map((r) => r.text).join('\n'), table);
  if (whole.skipped === 0) return { ...whole, rowLines: new Set(rows.map((r) => r.line)) };
  // Some rows were refused: read them one by one to know which lines they were.
  const collector = new RowCollector('/proc/net');
  for (const row of rows) {
    const one = parseProcNet(row.text, table);
    const socket = one.sockets[0];
    if (socket) collector.add(socket, row.line);
    else collector.refuse(row.line, (one.firstError ?? 'unreadable row').replace(/^\S+ line \d+: /, ''));
  }
  return collector.result();
}

/** Parses /proc/net text that may hold several tables, each starting at its own header. */
function parseProcCapture(text: string): ParseResult {
  const sections: { header: string | null; rows: { line: number; text: string }[] }[] = [];
  textLines(text).forEach((line, index) => {
    if (PROC_HEADER.test(line)) sections.push({ header: line, rows: [] });
    else if (line.trim() !== '') {
      if (sections.length === 0) sections.push({ header: null, rows: [] });
      sections[sections.length - 1]!.rows.push({ line: index + 1, text: line });
    }
  });
  return mergeSections(sections.map((s) => parseProcSection(s.header, s.rows)));
}

const PARSERS: Readonly<Record<CaptureFormat, (text: string) => ParseResult>> = {
  'linux-proc': parseProcCapture,
  ss: parseSs,
  'linux-netstat': parseLinuxNetstat,
  'darwin-netstat': parseDarwinNetstat,
  'win32-netstat': parseWin32Netstat,
  lsof: parseLsof,
};

/** A parsed capture with the format it was read as (most rows), or why it could not be read. */
export type CaptureParse =
  | { ok: true; format: CaptureFormat; result: ParseResult; assignment?: LineAssignment }
  | { ok: false; error: string };

/** Merges the results of several formats' sections, keeping ids unique across them. */
function mergeSections(results: ParseResult[]): ParseResult {
  const merged = mergeResults(results);
  const seen = new Map<string, number>();
  const sockets = merged.sockets.map((s) => {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    return n === 1 ? s : { ...s, id: `${s.id}~${n}` };
  });
  const rowLines = new Set<number>();
  const lineNotes = new Map<number, LineNote>();
  for (const r of results) {
    for (const line of r.rowLines ?? []) rowLines.add(line);
    for (const [line, note] of r.lineNotes ?? []) lineNotes.set(line, note);
  }
  return { ...merged, sockets, rowLines, lineNotes };
}

/** The text of one format's lines, every other line blank, so parsers keep the capture's line numbers. */
function sectionText(lines: readonly string[], formats: readonly (CaptureFormat | null)[], format: CaptureFormat): string {
  return lines.map((line, i) => (formats[i] === format ? line : '')).join('\n');
}

/** The error for text in no known format, naming every format. */
export function unknownCaptureError(): string {
  const known = CAPTURE_FORMATS.join(', ');
  return `not a socket table Ephemera knows; expected one of: ${known} (/proc/net/tcp etc., ss -tunap, netstat -tulpn on Linux, netstat -anv on macOS, netstat -ano on Windows, lsof -nP -i)`;
}

/**
 * Parses a capture as `from`, or line by line when `from` is 'auto': each line goes to the format
 * its shape (or the header above it) says, each format's lines are parsed by its parser, and the
 * capture's format is the one most rows are. Never throws: text with no line of any known format
 * gives an error that names every format Ephemera knows.
 */
export function parseCapture(text: string, from: CaptureFormat | 'auto' = 'auto'): CaptureParse {
  if (from !== 'auto') return { ok: true, format: from, result: PARSERS[from](text) };
  const lines = textLines(text);
  const assignment = assignLines(lines);
  const present = CAPTURE_FORMATS.filter((f) => assignment.formats.includes(f));
  const format = assignment.counts[0]?.format ?? present[0];
  if (format === undefined) return { ok: false, error: unknownCaptureError() };
  // One format and no line left over (the common case): its parser reads the text as it is.
  const whole = present.length === 1 && assignment.formats.every((f, i) => f !== null || (lines[i] ?? '').trim() === '');
  const result = mergeSections(present.map((f) => PARSERS[f](whole ? text : sectionText(lines, assignment.formats, f))));
  return { ok: true, format, result, assignment };
}
