/**
 * Builders for store tests: sockets with real-looking fields and deltas that follow each other,
 * so tests state only what matters to them. Used by *.test.ts only.
 */
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Delta, Snapshot, Socket } from '../../../shared/model';

/** A churn summary before any churn. */
export const EMPTY_CHURN: ChurnSummary = {
  buckets: [],
  lifetimes: { boundsMs: [1000], counts: [0] },
  topBySockets: [],
  topByChurn: [],
  reconciliation: { kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null },
};

/** A snapshot on this machine's default Linux range. */
export function testSnapshot(sockets: Socket[], seq = 1, time = 1_000_000): Snapshot {
  return {
    seq,
    time,
    host: 'test-host',
    platform: 'linux',
    source: 'linux-procfs',
    ephemeralRange: { low: 32768, high: 60999, source: 'os', origin: '/proc/sys/net/ipv4/ip_local_port_range' },
    sockets,
    counters: null,
    firstSeen: Object.fromEntries(sockets.map((s) => [s.id, time - 5000])),
  };
}

/** The delta that follows `baseSeq`, one second later. */
export function testDelta(
  baseSeq: number,
  change: { added?: Socket[]; removed?: Socket[]; changed?: Socket[] },
  time = 1_000_000 + baseSeq * 1000,
): Delta {
  const added = change.added ?? [];
  const removed = (change.removed ?? []).map((s) => ({ id: s.id, lifetimeMs: 1000, lastState: s.state }));
  return {
    seq: baseSeq + 1,
    baseSeq,
    time,
    added,
    removed,
    changed: change.changed ?? [],
    counters: null,
    stats: { births: added.length, deaths: removed.length, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 3 },
  };
}
