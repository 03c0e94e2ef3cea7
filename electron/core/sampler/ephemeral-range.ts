/**
 * This machine's ephemeral port range, the subject Ephemera is built around. Each OS keeps it
 * somewhere else (Linux /proc/sys, macOS sysctl, Windows netsh); the readers below are pure
 * parsers tested on recorded outputs, plus one exec wrapper with a timeout. When the OS cannot be
 * read the documented default is used, marked source 'default' with the reason in `origin`.
 */
import type { ExecFileException } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { EphemeralRange, PortRange } from '../../../shared/model';
import { IANA_DEFAULT_EPHEMERAL, LINUX_DEFAULT_EPHEMERAL } from '../../../shared/port-class';

/** Where Linux keeps the range. */
export const LINUX_RANGE_PATH = '/proc/sys/net/ipv4/ip_local_port_range';
const SYSCTL_ARGS = ['-n', 'net.inet.ip.portrange.first', 'net.inet.ip.portrange.last'];
const NETSH_ARGS = ['int', 'ipv4', 'show', 'dynamicport', 'tcp'];
const TIMEOUT_MS = 3000;

/** A range from two port numbers, or null when they are not a valid low <= high pair. */
function rangeOf(low: number | undefined, high: number | undefined): PortRange | null {
  if (low === undefined || high === undefined) return null;
  const ok = Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high <= 65535 && low <= high;
  return ok ? { low, high } : null;
}

/** Parses ip_local_port_range text: two integers separated by whitespace ('32768\t60999'). */
export function parseLinuxRange(text: string): PortRange | null {
  const m = /^\s*(\d{1,5})\s+(\d{1,5})\s*$/.exec(text);
  return m ? rangeOf(Number(m[1]), Number(m[2])) : null;
}

/**
 * Parses `sysctl -n net.inet.ip.portrange.first net.inet.ip.portrange.last` (two values, one a
 * line) or the named form `net.inet.ip.portrange.first: 49152` that `sysctl -a` prints.
 */
export function parseDarwinRange(text: string): PortRange | null {
  const first = /net\.inet\.ip\.portrange\.first\s*[:=]\s*(\d+)/.exec(text);
  const last = /net\.inet\.ip\.portrange\.last\s*[:=]\s*(\d+)/.exec(text);
  if (first || last) return rangeOf(first ? Number(first[1]) : undefined, last ? Number(last[1]) : undefined);
  const values = text.trim().split(/\s+/);
  if (values.length !== 2 || !values.every((v) => /^\d{1,5}$/.test(v))) return null;
  return rangeOf(Number(values[0]), Number(values[1]));
}

/**
 * Parses `netsh int ipv4 show dynamicport tcp`. The labels are translated on localized Windows,
 * so it reads the numbers of the lines that end in ': <number>' in order: the start port, then
 * the number of ports. The range is start .. start + count - 1.
 */
export function parseWin32Range(text: string): PortRange | null {
  const numbers = [...text.matchAll(/:\s*(\d+)\s*$/gm)].map((m) => Number(m[1]));
  if (numbers.length !== 2) return null;
  const [start, size] = numbers as [number, number];
  return size >= 1 ? rangeOf(start, start + size - 1) : null;
}

/** How each platform is read: the command or file, and its parser. */
interface RangeReader {
  origin: string;
  read: () => Promise<string>;
  parse: (text: string) => PortRange | null;
  fallback: PortRange;
}

/** One line on why a command failed: not found, timed out, or its exit code and first stderr line. */
function failure(error: ExecFileException, stderr: string, timeoutMs: number): string {
  if (error.code === 'ENOENT') return 'command not found (ENOENT)';
  if (error.killed) return `no answer within ${timeoutMs} ms`;
  const line = stderr.split(/\r?\n/).find((l) => l.trim() !== '')?.trim();
  const code = typeof error.code === 'number' ? `exit code ${error.code}` : (error.code ?? 'failed');
  return line ? `${code}: ${line}` : `${code}: ${error.message.split('\n')[0] ?? ''}`;
}

/** Runs a command with a timeout; resolves its stdout, rejects with the reason in one line. */
export function runCommand(file: string, args: string[], timeoutMs = TIMEOUT_MS, maxBuffer = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(failure(error, stderr, timeoutMs)));
      else resolve(stdout);
    });
  });
}

function readerFor(platform: NodeJS.Platform): RangeReader | null {
  if (platform === 'linux') {
    return { origin: LINUX_RANGE_PATH, read: () => readFile(LINUX_RANGE_PATH, 'utf8'), parse: parseLinuxRange, fallback: LINUX_DEFAULT_EPHEMERAL };
  }
  if (platform === 'darwin') {
    return { origin: `sysctl ${SYSCTL_ARGS.join(' ')}`, read: () => runCommand('sysctl', SYSCTL_ARGS), parse: parseDarwinRange, fallback: IANA_DEFAULT_EPHEMERAL };
  }
  if (platform === 'win32') {
    return { origin: `netsh ${NETSH_ARGS.join(' ')}`, read: () => runCommand('netsh', NETSH_ARGS), parse: parseWin32Range, fallback: IANA_DEFAULT_EPHEMERAL };
  }
  return null;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * This OS's ephemeral range. Never rejects: an unreadable or unparsable answer gives the
 * platform's documented default with source 'default' and an origin that says why.
 */
export async function readEphemeralRange(platform: NodeJS.Platform): Promise<EphemeralRange> {
  const reader = readerFor(platform);
  if (!reader) {
    return { ...IANA_DEFAULT_EPHEMERAL, source: 'default', origin: `no reader for platform '${platform}'; IANA dynamic range assumed` };
  }
  let text: string;
  try {
    text = await reader.read();
  } catch (error) {
    return { ...reader.fallback, source: 'default', origin: `could not read ${reader.origin} (${reason(error)}); default assumed` };
  }
  const range = reader.parse(text);
  if (!range) {
    const shown = JSON.stringify(text.trim().slice(0, 80));
    return { ...reader.fallback, source: 'default', origin: `unexpected output from ${reader.origin}: ${shown}; default assumed` };
  }
  return { ...range, source: 'os', origin: reader.origin };
}
