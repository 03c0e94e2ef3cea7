/**
 * `ephemera serve`: the headless web host from the command line, with optional Prometheus
 * /metrics. Binding beyond loopback is opt-in twice over (--allow-remote and a token file) and
 * always warned about, because whoever reaches the port with the token sees every socket.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { actionsLine } from '../core/actions/action-gate';
import { createMetricsCollector } from '../core/metrics/metrics-collector';
import { chooseSource } from '../core/sampler/choose-source';
import { defaultWorkerPath } from '../core/sampler/worker-client';
import { createPortService } from '../core/service/port-service';
import type { PortService } from '../core/service/port-service';
import { METRICS_PATH, startWebHost } from '../web/host';
import { UsageError, flag, parsePortArg, stringOption } from '../../shared/argv';
import type { ParsedArgs } from '../../shared/argv';
import type { CliContext } from './io';
import { write } from './io';

/** What serve was asked to do, checked. */
export interface ServeOptions {
  port: number;
  host: string;
  metrics: boolean;
  remote: boolean;
  tokenFile: string | null;
  /** --allow-actions: the page may end processes and close connections (after a preview). */
  allowActions: boolean;
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
    allowActions: flag(args, 'allow-actions'),
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

/** The warning a non-loopback serve prints before it listens. */
export function remoteWarning(host: string, port: number): string {
  return (
    `ephemera: WARNING: serving on ${host}:${port} to other machines. Anyone who can reach this port and holds ` +
    'the token sees every socket and process of this host; keep the port to your monitoring network.\n'
  );
}

/** The built renderer (out/renderer), seen from this code in out/node/cli.js or out/node/chunks/. */
function rendererDir(): string {
  const candidates = ['../renderer/', '../../renderer/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** The service in its sampler thread when the built worker is beside this bundle, else in process. */
function startService(resolveNames: boolean): PortService {
  try {
    return createPortService({ workerPath: defaultWorkerPath(), resolveNames });
  } catch {
    return createPortService({ inProcessSource: chooseSource(), resolveNames });
  }
}

/** Resolves on SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Runs serve until SIGINT/SIGTERM. */
export async function runServe(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const options = parseServeOptions(args);
  const token = options.tokenFile === null ? undefined : await readTokenFile(options.tokenFile);
  const staticDir = rendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    await write(ctx.stderr, `ephemera: no built UI in ${staticDir} (npm run build:renderer); serving the API${options.metrics ? ' and /metrics' : ''} only\n`);
  }
  const service = startService(!flag(args, 'numeric'));
  const collector = options.metrics ? createMetricsCollector(service, version) : null;
  try {
    const host = await startWebHost({
      service,
      port: options.port,
      host: options.host,
      staticDir,
      token,
      allowRemote: options.remote,
      allowActions: options.allowActions,
      log: (line) => ctx.stderr.write(`ephemera serve: ${line}\n`),
      ...(collector === null ? {} : { metrics: () => collector.render() }),
    });
    if (options.remote) await write(ctx.stderr, remoteWarning(options.host, host.port));
    const base = options.remote ? `http://${hostname()}:${host.port}` : host.url.replace(/\/\?token=.*$/, '');
    const open = options.remote ? `${base}/?token=<the token in ${options.tokenFile ?? 'the token file'}>` : host.url;
    await write(ctx.stdout, `Ephemera web host: ${open}\n`);
    await write(ctx.stdout, `${actionsLine(options.allowActions)}\n`);
    if (collector !== null) {
      await write(ctx.stdout, `Prometheus metrics: ${base}${METRICS_PATH} (Authorization: Bearer <token>)\n`);
    }
    await stopSignal();
    await host.close();
    return 0;
  } finally {
    collector?.close();
    await service.close();
  }
}
