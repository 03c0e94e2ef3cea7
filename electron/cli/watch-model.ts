/**
 * What `ephemera watch` counts, fed by the service's snapshot and deltas. Births and deaths are
 * counted per connection, as the churn engine does: a matching row whose address tuple was not in
 * the previous sample is a birth, one whose tuple is gone from the next sample is a death, so a
 * socket turning into its TIME_WAIT row is neither. Counting here (not from the engine's stats)
 * lets a filter apply; buffers are bounded to the last 60 one-second buckets.
 */
import { applyDelta } from '../../shared/apply-delta';
import type { SocketFilter } from '../../shared/filter';
import { matchSocket } from '../../shared/filter';
import type { Delta, Owner, Snapshot, Socket } from '../../shared/model';

/** Seconds of history kept for the 60 s sums, the sparkline and the top churners. */
export const WINDOW_SEC = 60;

/** One process's churn over the window. */
export interface WatchChurner {
  pid: number | null;
  name: string;
  births: number;
  deaths: number;
  /** Matching sockets it holds now. */
  sockets: number;
}

interface Bucket {
  /** Start of the second, epoch ms. */
  t: number;
  births: number;
  deaths: number;
  byOwner: Map<string, { owner: Owner | null; births: number; deaths: number }>;
}

/** The figures the watch screen shows. */
export interface WatchFigures {
  snapshot: Snapshot;
  /** Matching sockets now. */
  matching: Socket[];
  /** Births and deaths per second over the last tick, null before the first tick. */
  birthsPerSec: number | null;
  deathsPerSec: number | null;
  births60: number;
  deaths60: number;
  birthsTotal: number;
  deathsTotal: number;
  /** Births per second, oldest first, for the sparkline. */
  birthSeries: number[];
  topChurners: WatchChurner[];
}

/** Where a delta stands against the snapshot the model holds. */
export type ApplyOutcome = 'applied' | 'stale' | 'gap';

const tupleOf = (s: Socket): string => `${s.proto}|${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}`;
const ownerKey = (o: Owner | null): string => (o === null ? 'unknown' : `${o.pid}:${o.startTime}`);

function tupleSet(sockets: readonly Socket[]): Set<string> {
  const set = new Set<string>();
  for (const s of sockets) set.add(tupleOf(s));
  return set;
}

/** The watch counters for one filter. */
export interface WatchModel {
  /** Starts (or restarts after a gap) from a snapshot; totals are kept. */
  reset(snapshot: Snapshot): void;
  apply(delta: Delta): ApplyOutcome;
  figures(): WatchFigures | null;
}

/** Creates the model; nothing is shown until the first reset. */
export function createWatchModel(filter: SocketFilter): WatchModel {
  let snapshot: Snapshot | null = null;
  let tuples = new Set<string>();
  let buckets: Bucket[] = [];
  let last: { births: number; deaths: number; seconds: number } | null = null;
  let birthsTotal = 0;
  let deathsTotal = 0;
  const matches = (s: Socket): boolean => snapshot !== null && matchSocket(filter, s, { ephemeralRange: snapshot.ephemeralRange });

  const bucketAt = (time: number): Bucket => {
    const t = Math.floor(time / 1000) * 1000;
    let b = buckets.at(-1);
    if (b === undefined || b.t !== t) {
      b = { t, births: 0, deaths: 0, byOwner: new Map() };
      buckets.push(b);
      buckets = buckets.filter((x) => x.t > t - WINDOW_SEC * 1000);
    }
    return b;
  };
  const count = (bucket: Bucket, owner: Owner | null, kind: 'births' | 'deaths'): void => {
    bucket[kind] += 1;
    const key = ownerKey(owner);
    const entry = bucket.byOwner.get(key) ?? { owner, births: 0, deaths: 0 };
    entry[kind] += 1;
    if (owner !== null) entry.owner = owner;
    bucket.byOwner.set(key, entry);
  };

  /** Counts each new tuple once: a birth when it was absent before, a death when it is absent after. */
  const countRows = (rows: readonly Socket[], other: Set<string>, bucket: Bucket, kind: 'births' | 'deaths'): number => {
    const done = new Set<string>();
    for (const s of rows) {
      const t = tupleOf(s);
      if (other.has(t) || done.has(t) || !matches(s)) continue;
      done.add(t);
      count(bucket, s.owner, kind);
    }
    return done.size;
  };

  return {
    reset(next) {
      snapshot = next;
      tuples = tupleSet(next.sockets);
    },
    apply(delta) {
      if (snapshot === null || delta.baseSeq < snapshot.seq) return 'stale';
      if (delta.baseSeq > snapshot.seq) return 'gap';
      const prev = snapshot;
      const byId = delta.removed.length > 0 ? new Map(prev.sockets.map((s) => [s.id, s])) : new Map<string, Socket>();
      const removedRows = delta.removed.flatMap((r) => byId.get(r.id) ?? []);
      snapshot = applyDelta(prev, delta);
      const nextTuples = tupleSet(snapshot.sockets);
      const bucket = bucketAt(delta.time);
      const births = countRows(delta.added, tuples, bucket, 'births');
      const deaths = countRows(removedRows, nextTuples, bucket, 'deaths');
      tuples = nextTuples;
      birthsTotal += births;
      deathsTotal += deaths;
      last = { births, deaths, seconds: Math.max(0.001, (delta.time - prev.time) / 1000) };
      return 'applied';
    },
    figures() {
      if (snapshot === null) return null;
      const matching = snapshot.sockets.filter(matches);
      return {
        snapshot,
        matching,
        birthsPerSec: last === null ? null : last.births / last.seconds,
        deathsPerSec: last === null ? null : last.deaths / last.seconds,
        births60: buckets.reduce((n, b) => n + b.births, 0),
        deaths60: buckets.reduce((n, b) => n + b.deaths, 0),
        birthsTotal,
        deathsTotal,
        birthSeries: buckets.map((b) => b.births),
        topChurners: topChurners(buckets, matching),
      };
    },
  };
}

/** Processes ranked by births + deaths over the window, with the matching sockets each holds now. */
function topChurners(buckets: readonly Bucket[], matching: readonly Socket[], limit = 10): WatchChurner[] {
  const sum = new Map<string, { owner: Owner | null; births: number; deaths: number }>();
  for (const b of buckets) {
    for (const [key, e] of b.byOwner) {
      const acc = sum.get(key) ?? { owner: e.owner, births: 0, deaths: 0 };
      acc.births += e.births;
      acc.deaths += e.deaths;
      acc.owner = acc.owner ?? e.owner;
      sum.set(key, acc);
    }
  }
  const held = new Map<string, number>();
  for (const s of matching) held.set(ownerKey(s.owner), (held.get(ownerKey(s.owner)) ?? 0) + 1);
  return [...sum]
    .map(([key, e]) => ({
      pid: e.owner?.pid ?? null,
      name: e.owner?.name ?? '(unknown)',
      births: e.births,
      deaths: e.deaths,
      sockets: held.get(key) ?? 0,
    }))
    .sort((a, b) => b.births + b.deaths - (a.births + a.deaths) || b.births - a.births || a.name.localeCompare(b.name))
    .slice(0, limit);
}
