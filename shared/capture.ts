/**
 * A capture: a socket table someone saved or pasted on another machine (ss, netstat, lsof,
 * /proc/net), read by the service and shown read-only beside the live table. These schemas are
 * the contract's `parseCapture` request and answer, shared by the service, the CLI and the window.
 */
import { z } from 'zod';
import { EphemeralRangeSchema, SocketSchema } from './model';
import type { Socket } from './model';

/** Largest capture read, in bytes (UTF-8 for pasted text, as stored for a file). */
export const CAPTURE_MAX_BYTES = 8 * 1024 * 1024;
/** Longest base64 text that holds CAPTURE_MAX_BYTES bytes. */
export const CAPTURE_MAX_BASE64 = Math.ceil(CAPTURE_MAX_BYTES / 3) * 4;
/** How many skipped lines a capture report quotes. */
export const CAPTURE_SAMPLE_LIMIT = 20;

/** Every capture format Ephemera reads (the values of `--from` and `from`). */
export const CAPTURE_FORMATS = ['linux-proc', 'ss', 'linux-netstat', 'darwin-netstat', 'win32-netstat', 'lsof'] as const;
/** A capture format. */
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

/** How each format is named to people ("macOS netstat"). */
export const CAPTURE_FORMAT_LABELS: Readonly<Record<CaptureFormat, string>> = {
  'linux-proc': '/proc/net',
  ss: 'ss',
  'linux-netstat': 'Linux netstat',
  'darwin-netstat': 'macOS netstat',
  'win32-netstat': 'Windows netstat',
  lsof: 'lsof',
};

const TOO_BIG = `the capture is larger than ${CAPTURE_MAX_BYTES / 1024 / 1024} MB, the most Ephemera reads (cut it with grep or head first)`;

export const CaptureFromSchema = z.enum(['auto', ...CAPTURE_FORMATS]);

export const ParseCaptureRequestSchema = z
  .object({
    /** Text as pasted (already decoded). */
    text: z.string().max(CAPTURE_MAX_BYTES, { message: TOO_BIG }).optional(),
    /** A file's bytes in base64, so the service can tell the encoding from the bytes. */
    base64: z.string().max(CAPTURE_MAX_BASE64, { message: TOO_BIG }).optional(),
    /** The file name, shown in the capture banner. */
    name: z.string().max(255).optional(),
    from: CaptureFromSchema.optional(),
  })
  .strict()
  .refine((r) => (r.text === undefined) !== (r.base64 === undefined), { message: 'give exactly one of text and base64' });
/** A parseCapture request. */
export type ParseCaptureRequest = z.infer<typeof ParseCaptureRequestSchema>;

export const SkippedLineSchema = z.object({
  /** 1-based line number in the capture. */
  line: z.number().int().positive(),
  /** The line, cut to 200 characters. */
  text: z.string(),
  reason: z.string(),
});
/** A line that did not become a row, and why. */
export type SkippedLine = z.infer<typeof SkippedLineSchema>;

const count = z.number().int().nonnegative();

export const CaptureSourceSchema = z.object({
  /** The format most rows were read as. */
  format: z.enum(CAPTURE_FORMATS),
  /** Rows per format when the capture mixed several (one entry otherwise). */
  formats: z.array(z.object({ format: z.enum(CAPTURE_FORMATS), rows: count })),
  /** How the bytes were read: 'utf-8', 'utf-16le', 'cp850', 'cp850 shown as cp1252 (repaired)', 'text'. */
  encoding: z.string(),
  /** Lines that hold anything but white space. */
  linesRead: count,
  rowsKept: count,
  /** Lines that are not a row (headers, section titles, refused rows), every one counted. */
  linesSkipped: count,
  /** Skipped lines by reason kind ('header', 'refused', 'unix-domain', ...). */
  skippedBy: z.record(z.string(), count),
  /** The first skipped lines with their reasons. */
  skippedSample: z.array(SkippedLineSchema).max(CAPTURE_SAMPLE_LIMIT),
  /** Rows kept whose local or remote port is unknown (a service name IANA does not map to one port). */
  portUnknownRows: count,
});
/** What a capture was read as, and what of it was not a row. */
export type CaptureSource = z.infer<typeof CaptureSourceSchema>;

export const CaptureSchema = z.object({
  /** The file name, or 'pasted text'. */
  name: z.string(),
  source: CaptureSourceSchema,
  sockets: z.array(SocketSchema),
  /** The capture's OS default ephemeral range (the real one of that machine is not in the capture). */
  ephemeralRange: EphemeralRangeSchema,
});
/** A parsed capture, as the window shows it. */
export type Capture = z.infer<typeof CaptureSchema>;

/** True when a socket's local or remote port is unknown (a name with no IANA port). */
export function portUnknown(s: Pick<Socket, 'localPort' | 'remotePort' | 'localPortName' | 'remotePortName'>): boolean {
  return (s.localPortName !== undefined && s.localPort === 0) || (s.remotePortName !== undefined && s.remotePort === 0);
}

/**
 * An endpoint as people read it: the printed host name where the capture gave one (else the
 * address, IPv6 in brackets), then the port, or the printed service name where the port is unknown.
 */
export function endpointLabel(address: string, port: number, host: string | undefined, portName: string | undefined): string {
  const shown = host ?? address;
  const hostText = host === undefined && shown.includes(':') ? `[${shown}]` : shown;
  const portText = portName !== undefined && port === 0 ? portName : port === 0 ? '*' : String(port);
  return `${hostText}:${portText}`;
}

/** The one-line banner of a capture: "capture: netstat.txt, macOS netstat, 412 rows, taken elsewhere". */
export function captureBanner(c: Pick<Capture, 'name' | 'source'>): string {
  const rows = c.source.rowsKept === 1 ? '1 row' : `${c.source.rowsKept} rows`;
  return `capture: ${c.name}, ${CAPTURE_FORMAT_LABELS[c.source.format]}, ${rows}, taken elsewhere`;
}
