/**
 * `ephemera serve`: the headless web host from the command line, with optional Prometheus
 * /metrics. Binding beyond loopback is opt-in twice over (--allow-remote and a token file) and
 * always warned about, because whoever reaches the port with the token sees every socket.
 */
import { readFile } from 'node:fs/promises';
import { UsageError, flag, parsePortArg, stringOption } from './argv';
import type { ParsedArgs } from './argv';
import type { CliContext } from './io';
import { write } from './io';

/** What serve was asked to do, checked. */
export interface ServeOptions {
  port: number;
  host: string;
  metrics: boolean;
  remote: boolean;
  tokenFile: string | null;
}

/** True for 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Checks serve's arguments: a non-loopback host needs --allow-remote and --token-file. */
export function parseServeOptions(args: ParsedArgs): ServeOptions {
  const portText = stringOption(args, 'port');
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const tokenFile = stringOption(args, 'token-file') ?? null;
  const remote = !isLoopbackHost(host);
  if (remote && !flag(args, 'allow-remote')) {
    throw new UsageError(`--host ${host} is reachable from other machines; add --allow-remote and --token-file FILE to allow it`);
  }
  if (remote && tokenFile === null) throw new UsageError(`--host ${host} needs --token-file FILE (a fixed token other machines can use)`);
  return {
    port: portText === undefined ? 0 : parsePortArg(portText, '--port', 0),
    host,
    metrics: flag(args, 'metrics'),
    remote,
    tokenFile,
  };
}

/** Token characters the host accepts in `Authorization: Bearer` (base64url), 16 to 256 of them. */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/** Reads a token file: one line of 16-256 base64url characters; says what is wrong otherwise. */
export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read token file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const token = text.trim();
  if (!TOKEN.test(token)) {
    throw new Error(`token file ${path} must hold one line of 16 to 256 characters A-Z a-z 0-9 _ - (e.g. from: openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')`);
  }
  return token;
}

/** Runs serve until SIGINT/SIGTERM. */
export async function runServe(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const options = parseServeOptions(args);
  if (options.tokenFile !== null) await readTokenFile(options.tokenFile);
  await write(ctx.stderr, 'ephemera: serve is not wired to the web host yet\n');
  return 1;
}
