/**
 * The headless web host: serves the built renderer and the port-service contract over a
 * WebSocket, on loopback only (unless `allowRemote`, for ephemera serve), to the holder of a
 * random token; optionally Prometheus /metrics behind the same token. A function rather than a
 * script so tests and the UI bench start it with a real (or synthetic) service on a free port.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_CAPTURE_CALL_BYTES, WS_PATH } from '../../shared/web-protocol';
import { NO_ORIGIN_TEXT, gateActions } from '../core/actions/action-gate';
import { EXPOSITION_CONTENT_TYPE } from '../core/metrics/prom-text';
import { createDispatch } from './dispatch';
import type { HostService } from './dispatch';
import { admit, allowedHosts, checkPlace, isLoopback, makeToken, tokenCookie, tokensEqual } from './guard';
import type { GuardConfig, Verdict } from './guard';
import { securityHeaders } from './headers';
import { decodeSafePath, readStatic } from './static-files';
import { runSession } from './ws-session';
import type { SessionStats } from './ws-session';

/** How to start a host. */
export interface WebHostOptions {
  service: HostService;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address; default 127.0.0.1. Anything else is refused. */
  host?: string;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  /** Fixed token (tests); default 32 random bytes. */
  token?: string;
  /** Per-client send buffer cap before deltas are dropped (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Per-client send buffer above which the client is cut off (default 64 MiB). */
  maxQueuedBytes?: number;
  /** Where refusals are reported in words; default silent. */
  log?: (line: string) => void;
  /**
   * Allows a non-loopback `host` and any Host header (ephemera serve --allow-remote). Needs a
   * fixed `token`: other machines (a Prometheus server) must know it in advance.
   */
  allowRemote?: boolean;
  /** Renders Prometheus text for GET /metrics, behind the same token; absent means no /metrics. */
  metrics?: () => Promise<string>;
  /**
   * Offers endProcess and closeConnection (serve --allow-actions); off by default, when they
   * answer "actions are off". Even on, an action needs a fresh previewAction nonce and a
   * WebSocket opened with the page's own Origin.
   */
  allowActions?: boolean;
}

/** A running host. */
export interface WebHost {
  /** The one URL to open: carries the token once, then a cookie does. */
  url: string;
  port: number;
  token: string;
  /** Live counters of every session so far, for tests and the bench. */
  sessions: SessionStats[];
  close(): Promise<void>;
}

const MAX_CLIENTS = 16;
/** Where Prometheus scrapes, when the host was given a metrics renderer. */
export const METRICS_PATH = '/metrics';

function pathOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://host.invalid');
  } catch {
    return null;
  }
}

function reply(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Starts the host and resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const remote = options.allowRemote === true;
  if (!isLoopback(bindHost) && !remote) throw new Error(`refusing to bind the web host to ${bindHost}: loopback addresses only`);
  if (remote && options.token === undefined) throw new Error('allowRemote needs a fixed token that other machines know');
  const token = options.token ?? makeToken();
  const log = options.log ?? (() => {});
  const limits = {
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxQueuedBytes: options.maxQueuedBytes ?? 64 * 1024 * 1024,
    maxInFlight: 32,
  };
  const service = options.service;
  const dispatch = createDispatch(gateActions(service, options.allowActions === true ? 'confirmed' : 'off'));
  const originless = options.allowActions === true ? createDispatch(gateActions(service, 'off', NO_ORIGIN_TEXT)) : dispatch;
  const sessions: SessionStats[] = [];
  let config: GuardConfig = { token, port: -1, hosts: new Set() };
  let headers: Record<string, string> = {};

  const refused = (what: string, verdict: Verdict): boolean => {
    if (verdict.ok) return false;
    log(`refused ${what}: ${verdict.reason}`);
    return true;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const url = pathOf(req);
    if (!url) return reply(res, 400, 'Bad request\n');
    if (refused(`${req.method} ${url.pathname}`, checkPlace(req.headers, config))) return reply(res, 403, 'Forbidden\n');
    const query = url.searchParams.get('token');
    if (url.pathname === '/' && query !== null) {
      if (!tokensEqual(query, token)) return reply(res, 403, 'Forbidden\n');
      return reply(res, 303, 'See /\n', { Location: '/', 'Set-Cookie': tokenCookie(config.port, token) });
    }
    if (refused(`${req.method} ${url.pathname}`, admit(req.headers, config))) return reply(res, 403, 'Forbidden\n');
    if (decodeSafePath((req.url ?? '').split('?')[0] ?? '') === null) return reply(res, 400, 'Bad path\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    if (hasBody(req)) return reply(res, 413, 'Requests carry no body\n', { Connection: 'close' });
    if (url.pathname === WS_PATH) return reply(res, 426, 'Upgrade required\n');
    if (url.pathname === METRICS_PATH && options.metrics !== undefined) {
      const body = await options.metrics();
      res.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    const file = await readStatic(options.staticDir, url.pathname);
    if (!file.ok) return reply(res, file.status, file.status === 400 ? 'Bad path\n' : 'Not found\n');
    res.writeHead(200, { 'Content-Type': file.mime, 'Content-Length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`request failed: ${String(err)}`);
      if (!res.headersSent) reply(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CAPTURE_CALL_BYTES, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = pathOf(req);
    if (!url || url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (refused('WebSocket upgrade', admit(req.headers, config))) return refuseUpgrade(socket, 403, 'Forbidden');
    if (wss.clients.size >= MAX_CLIENTS) return refuseUpgrade(socket, 503, 'Service Unavailable');
    // checkPlace refused a foreign Origin already; a missing one (a script) gets no actions.
    const ownOrigin = req.headers.origin !== undefined;
    wss.handleUpgrade(req, socket, head, (ws) => {
      sessions.push(runSession(ws, service, ownOrigin ? dispatch : originless, limits));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web host did not get a TCP port');
  const port = address.port;
  config = { token, port, hosts: allowedHosts(bindHost, port), anyHost: remote };
  headers = securityHeaders(port);
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost;

  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    sessions,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
