/**
 * The web host's command line: `--port N` (0 = any free port) and `--host ADDR` (loopback
 * only), through the project's one strict parser (shared/argv), so a bad argument gets one clear
 * line and exit code 2 instead of a stack trace or a host bound somewhere unexpected.
 */
import { UsageError, flag, optionsOnly, parsePortArg, stringOption } from '../../shared/argv';
import type { ParsedArgs, ScriptDoc } from '../../shared/argv';
import { isLoopback } from './guard';

/** What the command line asked for. */
export interface WebArgs {
  port: number;
  host: string;
  /** --allow-actions: offer ending processes and closing connections (off by default). */
  allowActions: boolean;
  // issue 10: the connect tracepoint source
  /** --tracepoint: run the connect tracepoint for exact owners of short-lived connects (Linux, root, bpftrace). */
  tracepoint: boolean;
}

/** The web host's usage, options and help. */
export const WEB_USAGE: ScriptDoc = optionsOnly(
  'node out/node/web.js [--port N] [--host 127.0.0.1|::1] [--allow-actions] [--tracepoint]   (npm run serve -- [options])',
  'Runs the port service headless and serves the UI on loopback; prints one line, the URL with\n' +
  'its random token. For another address, Prometheus metrics or a token file: ephemera serve.',
  {
    port: { type: 'string', value: 'N', help: 'TCP port, 0 for any free one (default 0)' },
    host: { type: 'string', value: 'ADDR', help: 'loopback address to bind (default 127.0.0.1)' },
    'allow-actions': { type: 'boolean', help: 'offer ending processes and closing connections (off by default)' },
    tracepoint: { type: 'boolean', help: 'exact owners of short-lived connects from the connect tracepoint (Linux, root, bpftrace; off by default)' },
  },
);

/** Checks the values; throws UsageError for a port out of range or a host that is not loopback. */
export function readWebArgs(args: ParsedArgs): WebArgs {
  const portText = stringOption(args, 'port');
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  if (!isLoopback(host)) throw new UsageError(`--host must be a loopback address (127.x.x.x or ::1), got '${host}'`);
  return { port: portText === undefined ? 0 : parsePortArg(portText, '--port', 0), host, allowActions: flag(args, 'allow-actions'), tracepoint: flag(args, 'tracepoint') };
}
