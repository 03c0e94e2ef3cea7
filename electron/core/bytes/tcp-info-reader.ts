/**
 * Bytes per connection for what is on screen: the sockets of the process in the details, the
 * destinations view's top rows, or one row on request. Never the whole table every tick: each
 * read asks ss for the wanted connections only (a kernel-side filter) and a target is read at most
 * once a second; a second ask within that second gets the same answer. Rates come from the
 * previous read of the same connection.
 */
import { execFile } from 'node:child_process';
import type { TcpInfo, TcpInfoResult } from '../../../shared/destination-model';
import type { Socket } from '../../../shared/model';
import { formatEndpoint } from '../../../shared/format';
import { LruMap } from '../churn/lru-map';
import { endpointsKey, parseSsTcpInfo } from './ss-tcp-info';

/** Runs ss with arguments and resolves with its standard output. */
export type RunSs = (args: readonly string[]) => Promise<string>;

/** What the reader can be told. */
export interface TcpInfoReaderOptions {
  platform?: string;
  run?: RunSs;
  now?: () => number;
  /** Shortest time between two reads of one target, ms (default 1000). */
  minIntervalMs?: number;
}

/** Most local ports one read filters on (a process with more is read through its first ones). */
export const PORTS_PER_READ = 128;

const defaultRun: RunSs = (args) =>
  new Promise((resolve, reject) => {
    execFile('ss', [...args], { timeout: 3000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new Error(code === 'ENOENT' ? 'ss not found (install iproute2)' : `ss failed: ${error.message}`));
      } else resolve(stdout);
    });
  });

/** Why an OS has no per-connection bytes, in words. */
export function unavailableReason(platform: string): string | null {
  if (platform === 'linux') return null;
  if (platform === 'darwin') return 'not available on this OS: macOS shows traffic per process only (nettop), not per connection';
  if (platform === 'win32') return 'not available on this OS: Windows needs a native module for per-connection bytes';
  return `not available on this OS (${platform})`;
}

/** A read target: the ss filter words and the rows it is about. */
export interface TcpInfoRequest {
  /** Identity of the target for the once-a-second rule. */
  key: string;
  /** The ss filter after `state connected`. */
  filter: string[];
  /** Table rows the answer is matched to (ids); rows ss finds that are not here keep a tuple id. */
  sockets: readonly Socket[];
  /** Keep only connections whose tuple is among `sockets`. */
  onlyListed: boolean;
}

interface Reading {
  acked: number;
  received: number;
  time: number;
}

/** ss filter words for a set of sockets: their local ports. */
export function portsFilter(sockets: readonly Socket[]): string[] {
  const ports = [...new Set(sockets.map((s) => s.localPort))].slice(0, PORTS_PER_READ);
  const words: string[] = ['('];
  ports.forEach((p, i) => words.push(...(i === 0 ? [] : ['or']), 'sport', '=', `:${p}`));
  words.push(')');
  return words;
}

/** ss filter words for one destination. */
export function destinationFilter(address: string, port: number): string[] {
  return ['dst', formatEndpoint(address, port)];
}

/** The reader; one per service. */
export function createTcpInfoReader(options: TcpInfoReaderOptions = {}) {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? defaultRun;
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 1000;
  const previous = new LruMap<string, Reading>(8192);
  const answers = new LruMap<string, { at: number; result: Promise<TcpInfoResult> }>(256);
  let reads = 0;

  const rate = (next: number, prev: number | undefined, dtMs: number): number | null =>
    prev === undefined || dtMs <= 0 ? null : Math.max(0, ((next - prev) * 1000) / dtMs);

  async function readNow(request: TcpInfoRequest): Promise<TcpInfoResult> {
    const reason = unavailableReason(platform);
    if (reason !== null) return { available: false, reason };
    if (request.sockets.length === 0 && request.onlyListed) return empty(now());
    reads += 1;
    let text: string;
    try {
      text = await run(['-tinH', 'state', 'connected', ...request.filter]);
    } catch (error) {
      return { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const time = now();
    const ids = new Map(request.sockets.map((s) => [endpointsKey(s), s.id]));
    const connections: TcpInfo[] = [];
    for (const c of parseSsTcpInfo(text).connections) {
      if (c.state === 'TIME-WAIT') continue;
      const key = endpointsKey(c);
      const id = ids.get(key);
      if (id === undefined && request.onlyListed) continue;
      const prev = previous.get(key);
      previous.set(key, { acked: c.bytesAcked, received: c.bytesReceived, time });
      connections.push({
        id: id ?? `tcp|${key}`,
        localAddress: c.localAddress,
        localPort: c.localPort,
        remoteAddress: c.remoteAddress,
        remotePort: c.remotePort,
        bytesAcked: c.bytesAcked,
        bytesReceived: c.bytesReceived,
        rttMs: c.rttMs,
        sendRate: rate(c.bytesAcked, prev?.acked, time - (prev?.time ?? time)),
        receiveRate: rate(c.bytesReceived, prev?.received, time - (prev?.time ?? time)),
      });
    }
    return { available: true, time, connections, totals: totalsOf(connections) };
  }

  return {
    /** tcp_info for a target, read at most once per `minIntervalMs` (a repeat gets the last answer). */
    read(request: TcpInfoRequest): Promise<TcpInfoResult> {
      const held = answers.get(request.key);
      if (held !== undefined && now() - held.at < minInterval) return held.result;
      const result = readNow(request);
      answers.set(request.key, { at: now(), result });
      return result;
    },
    /** How many times ss ran (tests check the once-a-second rule with it). */
    get reads(): number {
      return reads;
    },
  };
}

/** The reader's type. */
export type TcpInfoReader = ReturnType<typeof createTcpInfoReader>;

function empty(time: number): TcpInfoResult {
  return { available: true, time, connections: [], totals: { bytesAcked: 0, bytesReceived: 0, sendRate: 0, receiveRate: 0 } };
}

/** Sums over connections; a connection without a rate yet adds none. */
export function totalsOf(connections: readonly TcpInfo[]): Extract<TcpInfoResult, { available: true }>['totals'] {
  const t = { bytesAcked: 0, bytesReceived: 0, sendRate: 0, receiveRate: 0 };
  for (const c of connections) {
    t.bytesAcked += c.bytesAcked;
    t.bytesReceived += c.bytesReceived;
    t.sendRate += c.sendRate ?? 0;
    t.receiveRate += c.receiveRate ?? 0;
  }
  return t;
}
