/**
 * Names for remote addresses, found off the sampling path. The service tells the book which
 * addresses its rows show; the book answers from its cache at once and looks the rest up in the
 * background (at most 8 at a time, 2 s each), so a row never waits for a name and a tick never
 * waits for a lookup. Local-only addresses are named from /etc/hosts alone.
 *
 * Public addresses go to c-ares (`dns.Resolver#reverse`, the servers of /etc/resolv.conf) rather
 * than `dns.lookupService`: getnameinfo runs on libuv's 4-thread pool, and 8 hung lookups there
 * would stall every file read of the process, the sampler's /proc reads included.
 */
import { promises as dns } from 'node:dns';
import { canonicalAddress } from '../../../shared/address-key';
import { isLocalOnly } from './address-scope';
import { readHosts } from './etc-hosts';

/** A reverse resolver: names of an address, first the canonical one. `ttlMs` when the resolver knows it. */
export interface ReverseResolver {
  reverse(address: string): Promise<string[] | { names: string[]; ttlMs: number }>;
  /** Ends pending queries (close), so they never hold a one-shot process open. */
  cancel?(): void;
}

/** What a book can be told; each has a default. */
export interface HostNameOptions {
  /** Default: a c-ares resolver with the system's servers, 2 s timeout, one try. */
  resolver?: ReverseResolver;
  /** The hosts table (address → name); default: /etc/hosts, re-read every minute. */
  hosts?: () => Promise<Map<string, string>>;
  timeoutMs?: number;
  concurrency?: number;
  /** Cache time of a name when the resolver gives no TTL (Node's PTR lookups never do). */
  ttlMs?: number;
  /** Cache time of a failure (timeout, no name, resolver error). */
  failureTtlMs?: number;
  /** Most addresses cached; the oldest entries go first. */
  maxEntries?: number;
  /** Most addresses waiting for a lookup; beyond it new ones wait for a later ask. */
  maxQueued?: number;
  now?: () => number;
  /** Receives names as they are found, batched (at most every `batchMs`). */
  onNames?: (names: Record<string, string>) => void;
  batchMs?: number;
  /** Problems in words (a hosts file not read). */
  onError?: (message: string) => void;
}

interface Entry {
  name: string | null;
  expires: number;
}

/** Lookup counters, for tests and the status. */
export interface NameStats {
  lookups: number;
  timeouts: number;
  failures: number;
  named: number;
  inFlight: number;
  queued: number;
  cached: number;
}

const HOSTS_REFRESH_MS = 60_000;

function defaultResolver(timeoutMs: number): ReverseResolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  return { reverse: (address) => resolver.reverse(address), cancel: () => resolver.cancel() };
}

/** The book of names; one per service. */
export class HostNameBook {
  private readonly cache = new Map<string, Entry>();
  private readonly queue = new Set<string>();
  private readonly running = new Set<string>();
  /** Address text → canonical key, so a tick's thousands of repeated peers cost one Map read each. */
  private readonly keys = new Map<string, string | null>();
  private readonly resolver: ReverseResolver;
  private readonly now: () => number;
  private hostsTable: Map<string, string> | null = null;
  private hostsAt = -Infinity;
  private hostsLoading: Promise<Map<string, string>> | null = null;
  private batch: Record<string, string> = {};
  private batchTimer: NodeJS.Timeout | null = null;
  private enabled = true;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  readonly stats: NameStats = { lookups: 0, timeouts: 0, failures: 0, named: 0, inFlight: 0, queued: 0, cached: 0 };

  constructor(private readonly options: HostNameOptions = {}) {
    this.resolver = options.resolver ?? defaultResolver(options.timeoutMs ?? 2000);
    this.now = options.now ?? Date.now;
  }

  /** Whether lookups run ("Resolve names"); off empties the queue and answers nothing. */
  get resolving(): boolean {
    return this.enabled;
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.queue.clear();
  }

  /** The cached name: a string, null when known to have none, undefined when not known (yet). */
  name(address: string): string | null | undefined {
    if (!this.enabled) return undefined;
    const key = this.keyOf(address);
    if (key === null) return null;
    const e = this.cache.get(key);
    return e === undefined || e.expires <= this.now() ? undefined : e.name;
  }

  /** Queues lookups for addresses not cached (or expired); returns at once. */
  want(addresses: Iterable<string>): void {
    if (!this.enabled || this.closed) return;
    const now = this.now();
    const max = this.options.maxQueued ?? 10_000;
    for (const address of addresses) {
      const key = this.keyOf(address);
      if (key === null || this.queue.has(key) || this.running.has(key) || this.queue.size >= max) continue;
      const e = this.cache.get(key);
      if (e !== undefined && e.expires > now) continue;
      if (e === undefined) this.cache.set(key, { name: null, expires: -1 });
      this.queue.add(key);
    }
    this.pump();
  }

  /** Names of addresses, waiting for their lookups (for one-shot tools; bounded by the lookup timeout). */
  async resolveAll(addresses: readonly string[]): Promise<Map<string, string>> {
    this.want(addresses);
    while (this.enabled && (this.queue.size > 0 || this.stats.inFlight > 0)) {
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
    const out = new Map<string, string>();
    for (const a of addresses) {
      const n = this.name(a);
      if (typeof n === 'string') out.set(a, n);
    }
    return out;
  }

  /** Stops lookups; pending ones finish unheard. */
  close(): void {
    this.closed = true;
    this.queue.clear();
    this.resolver.cancel?.();
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    for (const w of this.waiters) w();
  }

  private keyOf(address: string): string | null {
    let key = this.keys.get(address);
    if (key === undefined) {
      key = canonicalAddress(address);
      if (this.keys.size >= (this.options.maxEntries ?? 50_000)) this.keys.clear();
      this.keys.set(address, key);
    }
    return key;
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 8;
    while (this.stats.inFlight < limit && this.queue.size > 0 && !this.closed) {
      const key = this.queue.values().next().value as string;
      this.queue.delete(key);
      this.running.add(key);
      this.stats.inFlight += 1;
      void this.lookup(key).finally(() => {
        this.running.delete(key);
        this.stats.inFlight -= 1;
        this.pump();
        if (this.queue.size === 0 && this.stats.inFlight === 0) this.wake();
      });
    }
    this.stats.queued = this.queue.size;
  }

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private async hosts(): Promise<Map<string, string>> {
    if (this.hostsTable !== null && this.now() - this.hostsAt < HOSTS_REFRESH_MS) return this.hostsTable;
    this.hostsLoading ??= (this.options.hosts ?? this.readSystemHosts)().finally(() => (this.hostsLoading = null));
    const table = await this.hostsLoading;
    this.hostsTable = table;
    this.hostsAt = this.now();
    return table;
  }

  private readonly readSystemHosts = async (): Promise<Map<string, string>> => {
    const { names, error } = await readHosts();
    if (error !== null) this.options.onError?.(error);
    return names;
  };

  private async lookup(key: string): Promise<void> {
    const fromHosts = (await this.hosts()).get(key);
    if (fromHosts !== undefined || isLocalOnly(key)) return this.store(key, fromHosts ?? null, this.options.ttlMs ?? 600_000);
    if (!this.enabled || this.closed) return;
    this.stats.lookups += 1;
    const timeoutMs = this.options.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const answer = await Promise.race([this.resolver.reverse(key), timeout]);
      if (answer === 'timeout') {
        this.stats.timeouts += 1;
        return this.store(key, null, this.options.failureTtlMs ?? 60_000);
      }
      const { names, ttlMs } = Array.isArray(answer) ? { names: answer, ttlMs: undefined } : answer;
      const name = names.find((n) => n !== '') ?? null;
      this.store(key, name, name === null ? (this.options.failureTtlMs ?? 60_000) : (ttlMs ?? this.options.ttlMs ?? 600_000));
    } catch {
      this.stats.failures += 1;
      this.store(key, null, this.options.failureTtlMs ?? 60_000);
    } finally {
      clearTimeout(timer);
    }
  }

  private store(key: string, name: string | null, ttlMs: number): void {
    if (this.closed) return;
    this.cache.delete(key);
    this.cache.set(key, { name, expires: this.now() + ttlMs });
    const max = this.options.maxEntries ?? 50_000;
    while (this.cache.size > max) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    this.stats.cached = this.cache.size;
    if (name === null || !this.enabled) return;
    this.stats.named += 1;
    this.batch[key] = name;
    this.batchTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 200).unref();
  }

  private flush(): void {
    this.batchTimer = null;
    const names = this.batch;
    this.batch = {};
    if (Object.keys(names).length > 0) this.options.onNames?.(names);
  }
}
