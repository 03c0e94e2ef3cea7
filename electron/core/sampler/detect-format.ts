/**
 * Recognizes a pasted or saved socket-table capture and parses it with the matching parser, so
 * the CLI's `parse` and the tests take any tool's output the same way. Detection scores each
 * format by its header and by how many lines look like its rows; the best score wins.
 */
import { parseDarwinNetstat } from './darwin-netstat-parse';
import type { ProcNetTable } from './linux-proc-net-parse';
import { parseProcNet } from './linux-proc-net-parse';
import { parseLsof } from './lsof-parse';
import { mergeResults } from './netstat-source';
import { parseSs } from './ss-parse';
import type { ParseResult } from './types';
import { parseWin32Netstat } from './win32-netstat-parse';

/** Every capture format Ephemera reads. */
export const CAPTURE_FORMATS = ['linux-proc', 'ss', 'darwin-netstat', 'win32-netstat', 'lsof'] as const;
/** A capture format. */
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

interface Signature {
  header: RegExp;
  row: RegExp;
}

const SIGNATURES: Readonly<Record<CaptureFormat, Signature>> = {
  'linux-proc': {
    header: /^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s/,
    row: /^\s*\d+:\s+[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]{2}\s/,
  },
  ss: {
    header: /^Netid\s+State\s+Recv-Q\s+Send-Q\s/,
    row: /^(tcp|udp)\s+(ESTAB|LISTEN|UNCONN|TIME-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-[12]|CLOSE-WAIT|LAST-ACK|CLOSING|CLOSED)\s+\d+\s+\d+\s/,
  },
  'darwin-netstat': {
    header: /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+\(state\)/i,
    row: /^(tcp|udp)(4|6|46)\s+\d+\s+\d+\s+\S+\.(\d+|\*)\s/,
  },
  'win32-netstat': {
    header: /^\s*(Active Connections|Aktive Verbindungen|Connexions actives)\s*$/,
    row: /^\s*(TCP|UDP)\s+\S+:(\d+|\*)\s+\S+:(\d+|\*)(\s|$)/,
  },
  lsof: {
    header: /^COMMAND\s+PID\s+USER\s+FD\s+TYPE\s+DEVICE\s/,
    row: /^\S+\s+\d+\s+\S+\s+\S+\s+IPv[46]\s+\S+\s+\S+\s+(TCP|UDP)\s/,
  },
};

/** The format of a capture, or null when no known format matches any line. */
export function detectFormat(text: string): CaptureFormat | null {
  const lines = text.split(/\r?\n/);
  let best: CaptureFormat | null = null;
  let bestScore = 0;
  for (const format of CAPTURE_FORMATS) {
    const sig = SIGNATURES[format];
    let score = 0;
    for (const line of lines) {
      if (sig.header.test(line)) score += 10;
      else if (sig.row.test(line)) score += 1;
    }
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

/** Which /proc/net table a section is: UDP headers end in 'drops', v6 addresses are 32 hex digits. */
function procTable(header: string | null, firstRow: string | undefined): ProcNetTable {
  const udp = header !== null ? /\bdrops\b/.test(header) : (firstRow?.trim().split(/\s+/).length ?? 0) < 15;
  const v6 = /^\s*\d+:\s+[0-9A-Fa-f]{32}:/.test(firstRow ?? '');
  return udp ? (v6 ? 'udp6' : 'udp') : v6 ? 'tcp6' : 'tcp';
}

/** Parses /proc/net text that may hold several tables, each starting at its own header. */
function parseProcCapture(text: string): ParseResult {
  const sections: { header: string | null; rows: string[] }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (SIGNATURES['linux-proc'].header.test(line)) sections.push({ header: line, rows: [] });
    else if (line.trim() !== '') {
      if (sections.length === 0) sections.push({ header: null, rows: [] });
      sections[sections.length - 1]!.rows.push(line);
    }
  }
  return mergeResults(sections.map((s) => parseProcNet(s.rows.join('\n'), procTable(s.header, s.rows[0]))));
}

const PARSERS: Readonly<Record<CaptureFormat, (text: string) => ParseResult>> = {
  'linux-proc': parseProcCapture,
  ss: parseSs,
  'darwin-netstat': parseDarwinNetstat,
  'win32-netstat': parseWin32Netstat,
  lsof: parseLsof,
};

/** A parsed capture with the format it was read as, or why it could not be read. */
export type CaptureParse = { ok: true; format: CaptureFormat; result: ParseResult } | { ok: false; error: string };

/**
 * Parses a capture as `from`, or as the detected format when `from` is 'auto'. Never throws:
 * unrecognized text gives an error that names every format Ephemera knows.
 */
export function parseCapture(text: string, from: CaptureFormat | 'auto' = 'auto'): CaptureParse {
  const format = from === 'auto' ? detectFormat(text) : from;
  if (format === null) {
    const known = CAPTURE_FORMATS.join(', ');
    return { ok: false, error: `not a socket table Ephemera knows; expected one of: ${known} (/proc/net/tcp etc., ss -tunap, netstat -anv on macOS, netstat -ano on Windows, lsof -nP -i)` };
  }
  return { ok: true, format, result: PARSERS[format](text) };
}
