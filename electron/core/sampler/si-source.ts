/**
 * The fallback source everywhere: systeminformation.networkConnections(), normalized into shared
 * Socket rows. It is the least faithful source; its gaps, checked on Linux 6.x with
 * systeminformation 5 (recordings in fixtures/si/):
 * - It drops unconnected UDP sockets (its grep keeps only rows with a TCP-like state), and on
 *   Windows it drops UDP altogether.
 * - On Linux it runs net-tools `netstat -tunap` without -W, which cuts long IPv6 addresses to fit
 *   a 23-character column ('2001:db8:aaaa:bbb:56214'). Such rows are refused here (a cut address
 *   cannot be told from a real one once it parses), so long IPv6 sockets are missing.
 * - It prints IPv4-mapped addresses as plain IPv4 on tcp6 rows; they are restored as ::ffff:a.b.c.d.
 * - Without root it has no pid for other users' sockets (its own processes still have one).
 * - It never gives an inode, so inode is 0 and a TIME_WAIT remnant and a new connection on the
 *   same tuple share one id: identity across samples is weaker than on procfs or ss.
 * - No queues, timers or uid: those stay 0 / null.
 */
import { networkConnections } from 'systeminformation';
import type { Family, Proto, SocketState } from '../../../shared/model';
import { SOCKET_STATES } from '../../../shared/model';
import { readEphemeralRange } from './ephemeral-range';
import type { ParsedEndpoint } from './parse-address';
import { normalizeHost, parsePort } from './parse-address';
import { buildSocket, netstatState, ownerOf, RowCollector, udpState } from './parse-rows';
import { ssState } from './ss-parse';
import type { ParseResult, RawSample, SocketSource } from './types';

/** Width of net-tools netstat's address:port column; a v6 endpoint this long may be cut. */
const NET_TOOLS_COLUMN = 23;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** Proto and family hint from si's protocol ('tcp', 'tcp6', 'udp4', ...). */
function protocolOf(value: string): { proto: Proto; family: Family | null } | null {
  const m = /^(tcp|udp)(4|6|46)?$/i.exec(value);
  if (!m) return null;
  const family = m[2] === '4' ? 4 : m[2] ? 6 : null;
  return { proto: m[1]!.toLowerCase() as Proto, family };
}

/** A shared state from whatever word si passed on (netstat, ss or the shared names). */
export function siState(word: string, proto: Proto): SocketState | null {
  const upper = word.toUpperCase();
  if ((SOCKET_STATES as readonly string[]).includes(upper)) return upper as SocketState;
  return netstatState(upper) ?? ssState(upper, proto);
}

function endpoint(
  host: string | null,
  port: string | null,
  family: Family | null,
  wildcard: Family,
  platform: NodeJS.Platform,
): ParsedEndpoint | string {
  const portNumber = port === '' ? 0 : parsePort(port ?? '');
  const parsed = host === null ? null : normalizeHost(host, family, wildcard);
  if (!parsed || portNumber === null) return `malformed endpoint '${host ?? '?'}' port '${port ?? '?'}'`;
  const cut = platform === 'linux' && parsed.family === 6 && `${host ?? ''}:${port ?? ''}`.length >= NET_TOOLS_COLUMN;
  return cut ? `IPv6 address '${host ?? ''}' may be cut by netstat's column` : { ...parsed, port: portNumber };
}

function normalizeOne(row: unknown, rows: RowCollector, index: number, platform: NodeJS.Platform): void {
  const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const protocol = protocolOf(text(r['protocol']) ?? '');
  if (!protocol) return rows.refuse(index, `unknown protocol '${String(r['protocol'])}'`);
  const local = endpoint(text(r['localAddress']), text(r['localPort']), protocol.family, protocol.family ?? 4, platform);
  if (typeof local === 'string') return rows.refuse(index, local);
  const remote = endpoint(text(r['peerAddress']), text(r['peerPort']), local.family, local.family, platform);
  if (typeof remote === 'string') return rows.refuse(index, remote);
  const word = text(r['state']) ?? '';
  const state = protocol.proto === 'udp' && word === '' ? udpState(remote) : siState(word, protocol.proto);
  if (state === null) return rows.refuse(index, `unknown state '${word}'`);
  const pid = typeof r['pid'] === 'number' ? r['pid'] : null;
  const name = text(r['process']) ?? '';
  rows.add(buildSocket({ proto: protocol.proto, local, remote, state, owner: ownerOf(pid, name) }));
}

/**
 * Normalizes what networkConnections() returned (checked, not trusted: it is data from another
 * library). Each refused row is counted with the first reason in words; 'row N' is 1-based.
 */
export function normalizeSiConnections(rows: unknown, platform: NodeJS.Platform): ParseResult {
  const collector = new RowCollector('systeminformation');
  if (!Array.isArray(rows)) {
    collector.refuse(0, 'networkConnections() did not return a list');
    return collector.result();
  }
  rows.forEach((row, i) => normalizeOne(row, collector, i + 1, platform));
  return collector.result();
}

/** Test seams: where the connection list comes from and which OS it describes. */
export interface SiSourceOptions {
  list?: () => Promise<unknown>;
  platform?: NodeJS.Platform;
}

/** The systeminformation fallback as a SocketSource named 'systeminformation'. */
export function createSiSource(options: SiSourceOptions = {}): SocketSource {
  const list = options.list ?? (() => networkConnections());
  const platform = options.platform ?? process.platform;
  return {
    name: 'systeminformation',
    async sample(): Promise<RawSample> {
      const time = Date.now();
      const started = performance.now();
      const parsed = normalizeSiConnections(await list(), platform);
      return {
        time,
        sockets: parsed.sockets,
        counters: null,
        skipped: parsed.skipped,
        errors: parsed.firstError === null ? [] : [parsed.firstError],
        durationMs: performance.now() - started,
      };
    },
    ephemeralRange: () => readEphemeralRange(platform),
  };
}
