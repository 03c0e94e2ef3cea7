/**
 * The web host's command line: `--port N` (0 = any free port) and `--host ADDR` (loopback
 * only). Parsed by a pure function so a bad argument gets one clear line and exit code 2
 * instead of a stack trace or a host bound somewhere unexpected.
 */
import { isLoopback } from './guard';

/** What the command line asked for. */
export interface WebArgs {
  port: number;
  host: string;
  help: boolean;
  /** --allow-actions: offer ending processes and closing connections (off by default). */
  allowActions: boolean;
}

/** Parsed arguments, or the one-line reason they were refused. */
export type ParsedArgs = { ok: true; args: WebArgs } | { ok: false; error: string };

/** The usage line printed by --help. */
export const USAGE = 'usage: ephemera-web [--port N] [--host 127.0.0.1|::1] [--allow-actions]';

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** Parses argv (without node and the script). */
export function parseWebArgs(argv: readonly string[]): ParsedArgs {
  const args: WebArgs = { port: 0, host: '127.0.0.1', help: false, allowActions: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (name === '--help' || name === '-h') {
      args.help = true;
      continue;
    }
    if (name === '--allow-actions' && eq < 0) {
      args.allowActions = true;
      continue;
    }
    if (name !== '--port' && name !== '--host') return { ok: false, error: `unknown argument ${JSON.stringify(arg)}; ${USAGE}` };
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { ok: false, error: `${name} needs a value; ${USAGE}` };
    if (name === '--port') {
      const port = parsePort(value);
      if (port === null) return { ok: false, error: `--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}` };
      args.port = port;
    } else {
      if (!isLoopback(value)) return { ok: false, error: `--host must be a loopback address (127.x.x.x or ::1), got ${JSON.stringify(value)}` };
      args.host = value;
    }
  }
  return { ok: true, args };
}
