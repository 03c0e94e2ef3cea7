/**
 * The namespace cost in the sampler benchmark: 10 network namespaces (`ip netns add`, root only),
 * each with one process holding 100 loopback sockets (50 connections to itself), measured as
 * the steady sample with namespaces read against the same sample with them off, in alternation.
 * Quiet namespaces are served from their last rows while their counters stand still (at most
 * NETNS_REUSE_MAX_AGE_MS), so the steady sample is also measured with that reuse off (every
 * namespace read in full every tick: a tick where all of them changed) and at the app's 1 Hz,
 * where each namespace is still read in full once its maximum age is up.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createLinuxSource } from '../electron/core/sampler/linux-source';
import type { SocketSource } from '../electron/core/sampler/types';
import { createNamespaceTables } from '../electron/core/sampler/netns-tables';
import { clockTicksPerSecond } from '../electron/core/owners/sysconf';
import { median, timeOnce } from './measure';

/** What the namespaces added to a steady sample. */
export interface NetnsCost {
  namespaces: number;
  socketsEach: number;
  /** Median steady sample with every namespace read, and with namespaces off. */
  withMs: number;
  withoutMs: number;
  addedMs: number;
  /** Median namespaces served from their last rows per steady sample. */
  reusedEach?: number;
  /** Added with the reuse off: every namespace's tables read every tick. */
  fullReadAddedMs?: number;
  /** The namespace tables alone per tick (median, back to back): reuse on, and off. */
  tablesAloneMs?: number;
  tablesAloneFullMs?: number;
  /** The namespace tables alone, mean over ticks 1 s apart (full reads as each maximum age comes up). */
  tablesAlone1HzMs?: number;
  /** Ticks at 1 Hz, and over them how many namespace reads were served from last rows or read in full. */
  at1Hz?: { ticks: number; reused: number; read: number };
}

/** Median added time of `withNs` over `without`, sampled alternately, and `withNs`'s reuse counts. */
async function added(withNs: SocketSource, without: SocketSource, reps: number): Promise<{ withMs: number; withoutMs: number; reused: number }> {
  for (const s of [withNs, without, withNs, without]) await s.sample();
  const a: number[] = [];
  const b: number[] = [];
  const reused: number[] = [];
  for (let i = 0; i < reps; i++) {
    a.push(await timeOnce(async () => reused.push((await withNs.sample()).timing?.netns?.reused ?? 0)));
    b.push(await timeOnce(() => without.sample()));
  }
  return { withMs: median(a), withoutMs: median(b), reused: median(reused) };
}

/**
 * The namespace tables alone (no host table, no owners), per tick: what the namespaces cost
 * without the host's own churn in the figure, over the holders' namespaces only (`pids`: one
 * member each). `gapMs` apart; `maxAgeMs` 0 turns the reuse off.
 */
async function tablesAlone(pids: number[], maxAgeMs: number | undefined, ticks: number, gapMs: number): Promise<{ times: number[]; reused: number; read: number }> {
  const tables = createNamespaceTables({ procRoot: '/proc', clkTck: clockTicksPerSecond(), maxAgeMs });
  const times: number[] = [];
  let reused = 0;
  let read = 0;
  for (let i = 0; i <= ticks; i++) {
    if (gapMs > 0) await new Promise((done) => setTimeout(done, gapMs));
    const started = performance.now();
    const tick = tables.read(pids, []);
    tables.commit(tick.sockets);
    // The first tick is the cold one.
    if (i === 0) continue;
    times.push(performance.now() - started);
    reused += tick.reused;
    read += tick.namespaces - tick.reused;
  }
  return { times, reused, read };
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

const HOLDER = `
import socket, sys
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(128)
port = s.getsockname()[1]
held = []
for i in range(49):
    c = socket.create_connection(('127.0.0.1', port)); a, _ = s.accept(); held += [c, a]
print(len(held) + 1, flush=True)
sys.stdin.read()
`;

/** Why the namespace cost cannot be measured here, or null. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  return spawnSync('ip', ['-V']).status === 0 ? null : 'needs the ip command (iproute2)';
}

const CHILD_EHASH = '/proc/sys/net/ipv4/tcp_child_ehash_entries';

/**
 * Sets up `count` namespaces, measures, and removes them. Each /proc/<pid>/net/tcp read walks the
 * TCP established hash its namespace uses, which by default is the host's (262,144 buckets here)
 * whatever the namespace holds. `childEhash` sets net.ipv4.tcp_child_ehash_entries while the
 * namespaces are created (then puts it back), so they get small tables of their own, as a host
 * configured that way gives its containers. `at1HzTicks` > 0 adds the 1 Hz measurement (that many s).
 */
export async function measureNetnsCost(count = 10, reps = 21, childEhash?: number, at1HzTicks = 0): Promise<NetnsCost> {
  const names = Array.from({ length: count }, (_, i) => `eph-i10-bench-${process.pid}-${i}`);
  const children: ChildProcess[] = [];
  const before = childEhash === undefined ? null : readFileSync(CHILD_EHASH, 'utf8').trim();
  try {
    let each = 0;
    if (childEhash !== undefined) writeFileSync(CHILD_EHASH, String(childEhash));
    for (const name of names) spawnSync('ip', ['netns', 'add', name]);
    if (before !== null) writeFileSync(CHILD_EHASH, before);
    for (const name of names) {
      spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      const child = spawn('ip', ['netns', 'exec', name, 'python3', '-c', HOLDER], { stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      const line = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
      each = Number(String(line.value).trim());
    }
    const withNs = createLinuxSource();
    const without = createLinuxSource({ namespaces: false });
    const steady = await added(withNs, without, reps);
    const full = await added(createLinuxSource({ namespaceMaxAgeMs: 0 }), without, reps);
    const { withMs, withoutMs } = steady;
    const cost: NetnsCost = { namespaces: count, socketsEach: each, withMs, withoutMs, addedMs: withMs - withoutMs };
    cost.reusedEach = steady.reused;
    cost.fullReadAddedMs = full.withMs - full.withoutMs;
    const pids = children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
    cost.tablesAloneMs = median((await tablesAlone(pids, undefined, reps, 0)).times);
    cost.tablesAloneFullMs = median((await tablesAlone(pids, 0, reps, 0)).times);
    if (at1HzTicks > 0) {
      const slow = await tablesAlone(pids, undefined, at1HzTicks, 1000);
      cost.tablesAlone1HzMs = mean(slow.times);
      cost.at1Hz = { ticks: at1HzTicks, reused: slow.reused, read: slow.read };
    }
    return cost;
  } finally {
    if (before !== null) writeFileSync(CHILD_EHASH, before);
    for (const child of children) {
      child.stdin?.end();
      child.kill();
    }
    for (const name of names) spawnSync('ip', ['netns', 'del', name]);
  }
}
