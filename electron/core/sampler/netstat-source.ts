/**
 * The macOS and Windows source: runs the platform's netstat, parses it with the pure parsers, and
 * names each owning pid once (macOS `ps -o pid=,comm=`, Windows `tasklist /fo csv /nh`), caching
 * names only for pids still present so the cache stays bounded and a reused pid is re-asked.
 * macOS runs with -W so addresses are not cut to 16 characters. A failed netstat rejects the
 * sample (so chooseSource can fall back); a failed name lookup only leaves names empty.
 */
import type { Socket } from '../../../shared/model';
import { parseDarwinNetstat } from './darwin-netstat-parse';
import { readEphemeralRange, runCommand } from './ephemeral-range';
import { parseWin32Netstat } from './win32-netstat-parse';
import type { ParseResult, RawSample, SocketSource } from './types';

/** Runs a command and resolves its stdout (a test seam for the real execFile wrapper). */
export type RunCommand = (file: string, args: string[]) => Promise<string>;

const NETSTAT_TIMEOUT_MS = 10_000;
const NAMES_TIMEOUT_MS = 5_000;
const MAX_BUFFER = 64 * 1024 * 1024;

/** Parses `ps -o pid=,comm= -p ...`: '  123 /usr/libexec/rapportd' → 123 → 'rapportd'. */
export function parsePsNames(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const path = m[2] ?? '';
    names.set(Number(m[1]), path.slice(path.lastIndexOf('/') + 1));
  }
  return names;
}

/** Parses `tasklist /fo csv /nh`: '"svchost.exe","1100","Services","0","12,345 K"' → 1100 → 'svchost.exe'. */
export function parseTasklistCsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^"((?:[^"]|"")*)","(\d+)"/.exec(line);
    if (m) names.set(Number(m[2]), (m[1] ?? '').replace(/""/g, '"'));
  }
  return names;
}

/** Concatenates several parse results (macOS reads tcp and udp with separate commands). */
export function mergeResults(results: ParseResult[]): ParseResult {
  return {
    sockets: results.flatMap((r) => r.sockets),
    skipped: results.reduce((n, r) => n + r.skipped, 0),
    firstError: results.find((r) => r.firstError !== null)?.firstError ?? null,
  };
}

/** How one platform reads its table and names its pids. */
interface Platform {
  read(run: RunCommand): Promise<ParseResult>;
  names(run: RunCommand, pids: number[]): Promise<Map<number, string>>;
}

const PLATFORMS: Record<'darwin' | 'win32', Platform> = {
  darwin: {
    read: async (run) =>
      mergeResults([
        parseDarwinNetstat(await run('netstat', ['-anvW', '-p', 'tcp'])),
        parseDarwinNetstat(await run('netstat', ['-anvW', '-p', 'udp'])),
      ]),
    names: async (run, pids) => parsePsNames(await run('ps', ['-o', 'pid=,comm=', '-p', pids.join(',')])),
  },
  win32: {
    read: async (run) => parseWin32Netstat(await run('netstat', ['-ano'])),
    names: async (run) => parseTasklistCsv(await run('tasklist', ['/fo', 'csv', '/nh'])),
  },
};

function execRunner(): RunCommand {
  return (file, args) => runCommand(file, args, file === 'netstat' ? NETSTAT_TIMEOUT_MS : NAMES_TIMEOUT_MS, MAX_BUFFER);
}

/** Pid → name for the pids of this sample; only pids without a name (and not cached) are asked. */
class NameCache {
  private names = new Map<number, string>();

  async fill(sockets: Socket[], platform: Platform, run: RunCommand): Promise<string | null> {
    const pids = new Set<number>();
    const named = new Set<number>();
    for (const s of sockets) {
      if (!s.owner) continue;
      pids.add(s.owner.pid);
      if (s.owner.name) named.add(s.owner.pid);
    }
    const kept = new Map<number, string>();
    for (const pid of pids) {
      const known = this.names.get(pid);
      if (known !== undefined) kept.set(pid, known);
    }
    this.names = kept;
    const missing = [...pids].filter((pid) => !kept.has(pid) && !named.has(pid));
    if (missing.length === 0) return null;
    try {
      const found = await platform.names(run, missing);
      for (const pid of missing) this.names.set(pid, found.get(pid) ?? '');
      return null;
    } catch (error) {
      return `process names unavailable: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  name(pid: number): string | undefined {
    return this.names.get(pid);
  }
}

/** Test seams: the command runner. */
export interface NetstatSourceOptions {
  run?: RunCommand;
}

/** The netstat-based SocketSource for macOS or Windows. */
export function createNetstatSource(platform: 'darwin' | 'win32', options: NetstatSourceOptions = {}): SocketSource {
  const run = options.run ?? execRunner();
  const how = PLATFORMS[platform];
  const cache = new NameCache();
  return {
    name: `${platform}-netstat`,
    async sample(): Promise<RawSample> {
      const time = Date.now();
      const started = performance.now();
      const parsed = await how.read(run);
      const nameError = await cache.fill(parsed.sockets, how, run);
      const sockets = parsed.sockets.map((s) => {
        const name = s.owner && !s.owner.name ? cache.name(s.owner.pid) : undefined;
        return name && s.owner ? { ...s, owner: { ...s.owner, name } } : s;
      });
      const errors = [parsed.firstError, nameError].filter((e): e is string => e !== null);
      return { time, sockets, counters: null, skipped: parsed.skipped, errors, durationMs: performance.now() - started };
    },
    ephemeralRange: () => readEphemeralRange(platform),
  };
}
