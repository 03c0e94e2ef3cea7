/**
 * The main thread's copy of the sampler's table, kept by applying the very deltas it publishes.
 * Subscribe and export read it without a round trip to the thread. Sequence numbers stay
 * increasing across sampler restarts: a fresh thread's first tick is turned into one reset delta
 * against this copy, so a subscriber never sees a gap it cannot apply.
 * A tick costs what its delta carries, not the table: rows live in one Map updated in place
 * (TIME_WAIT remnants in compact columns, see time-wait-store), and the Snapshot object is built
 * only when someone reads the whole table.
 */
import { DeltaGapError } from '../../../shared/apply-delta';
import type { Delta, EphemeralRange, Snapshot, Socket, TickStats } from '../../../shared/model';
import type { CoverageContext, CoverageCounts, OwnerCoverage } from '../../../shared/owner-coverage';
import { coverageClass, coverageFromCounts, emptyCoverageCounts } from '../../../shared/owner-coverage';
import type { TickMessage } from '../sampler/worker-protocol';
import { RowInterner } from './row-interner';
import { TimeWaitStore } from './time-wait-store';

/** The delta that turns `base` into `next`: removed, added, and rows that differ; numbered after base. */
export function resetDelta(base: Snapshot, next: Snapshot, stats: TickStats): Delta {
  const old = new Map<string, Socket>(base.sockets.map((s) => [s.id, s]));
  const nextIds = new Set(next.sockets.map((s) => s.id));
  const added: Socket[] = [];
  const changed: Socket[] = [];
  for (const s of next.sockets) {
    const before = old.get(s.id);
    if (before === undefined) added.push(s);
    else if (JSON.stringify(before) !== JSON.stringify(s)) changed.push(s);
  }
  const removed = base.sockets
    .filter((s) => !nextIds.has(s.id))
    .map((s) => ({ id: s.id, lifetimeMs: Math.max(0, next.time - (base.firstSeen[s.id] ?? next.time)), lastState: s.state }));
  return {
    seq: base.seq + 1,
    baseSeq: base.seq,
    time: next.time,
    added,
    removed,
    changed,
    counters: next.counters,
    stats: { ...stats, births: added.length, deaths: removed.length },
  };
}

/** What per-tick readers of the table need, with the rows built only when read. */
export interface TableView {
  readonly ephemeralRange: EphemeralRange;
  readonly sockets: readonly Socket[];
  /** The rows with an owner, without building the rest (TIME_WAIT remnants have none). */
  readonly owned?: () => Iterable<Socket>;
}

/** The mirror of the sampler's table. */
export interface SnapshotMirror {
  /** The whole table (built on the first read after a change). */
  current(): Snapshot;
  /** The range now, and the rows on demand: for per-tick readers that rarely need the rows. */
  view(): TableView;
  /**
   * Owners known, of all rows, and why not for the rest, counted as deltas arrive (the status asks
   * every tick; building the whole table for it cost a full copy of the rows each time).
   */
  coverage(ctx: CoverageContext): OwnerCoverage;
  /** Rows per store and estimated bytes, for the memory bench. */
  sizes(): Record<string, number>;
  /** Applies a tick; returns the delta to publish, or null when it does not follow (call rebase). */
  apply(tick: TickMessage): Delta | null;
  /** Moves onto a full engine snapshot (a new thread, or after a gap); returns the reset delta. */
  rebase(engine: Snapshot, stats: TickStats): Delta;
  /** Updates the machine facts (the sampler thread reports them when it is ready). */
  setMeta(meta: Pick<Snapshot, 'source' | 'ephemeralRange'>): void;
}

type Meta = Omit<Snapshot, 'sockets' | 'firstSeen'>;

/** A mirror starting from `initial` (usually an empty seq-0 snapshot). */
export function createSnapshotMirror(initial: Snapshot): SnapshotMirror {
  const { sockets: initialRows, firstSeen: initialSeen, ...initialMeta } = initial;
  let meta: Meta = initialMeta;
  /** Every row in table order: a Socket, or the slot of a TIME_WAIT remnant in `compact`. */
  const rows = new Map<string, Socket | number>();
  /** First-seen times of the rows kept as objects (compact rows keep theirs in a column). */
  const firstSeen = new Map<string, number>();
  const compact = new TimeWaitStore();
  const interner = new RowInterner();
  /** Rows per coverage class, for `countedFor` (a TIME_WAIT remnant always counts as timeWait). */
  let counts: CoverageCounts = emptyCoverageCounts();
  let countedFor: Pick<CoverageContext, 'uid' | 'inodes'> = { uid: process.geteuid?.() ?? null, inodes: true };
  const tally = (s: Socket, by: 1 | -1): void => {
    counts[coverageClass(s, countedFor)] += by;
  };
  let built: Snapshot | null = null;
  /** Added to the engine's seq to get ours; null until the first rebase. */
  let offset: number | null = null;

  const drop = (id: string): void => {
    const held = rows.get(id);
    if (held === undefined) return;
    rows.delete(id);
    if (typeof held === 'number') {
      compact.remove(held);
      counts.timeWait -= 1;
    } else {
      firstSeen.delete(id);
      tally(held, -1);
    }
  };
  /** Stores a row, keeping its place when the id is already held; `seen` is its first-seen time. */
  const put = (s: Socket, seen: number): void => {
    const held = rows.get(s.id);
    if (typeof held === 'number') {
      if (compact.fits(s)) return compact.replace(held, s);
      compact.remove(held);
      counts.timeWait -= 1;
    } else if (held !== undefined) {
      firstSeen.delete(s.id);
      tally(held, -1);
    }
    if (compact.fits(s)) {
      rows.set(s.id, compact.add(s, seen));
      counts.timeWait += 1;
    } else {
      rows.set(s.id, interner.row(s));
      firstSeen.set(s.id, seen);
      tally(s, 1);
    }
  };
  const seenOf = (id: string): number | undefined => {
    const held = rows.get(id);
    return typeof held === 'number' ? compact.firstSeen(held) : firstSeen.get(id);
  };
  const applyHere = (delta: Delta): void => {
    if (delta.baseSeq !== meta.seq) throw new DeltaGapError(meta.seq, delta.baseSeq);
    for (const r of delta.removed) drop(r.id);
    // A changed row keeps its first-seen time; an id never seen takes the delta's, like applyDelta.
    for (const s of delta.changed) put(s, seenOf(s.id) ?? delta.time);
    for (const s of delta.added) put(s, delta.time);
    meta = { ...meta, seq: delta.seq, time: delta.time, counters: delta.counters };
    built = null;
  };
  const current = (): Snapshot => {
    if (built !== null) return built;
    const sockets: Socket[] = [];
    const seen: Record<string, number> = {};
    for (const [id, held] of rows) {
      if (typeof held === 'number') {
        sockets.push(compact.socket(held));
        seen[id] = compact.firstSeen(held);
      } else {
        sockets.push(held);
        seen[id] = firstSeen.get(id) ?? meta.time;
      }
    }
    built = { ...meta, ephemeralRange: { ...meta.ephemeralRange }, sockets, firstSeen: seen };
    return built;
  };
  const rebase = (engine: Snapshot, stats: TickStats): Delta => {
    const delta = resetDelta(current(), engine, stats);
    offset = delta.seq - engine.seq;
    applyHere(delta);
    meta = { ...meta, source: engine.source, ephemeralRange: engine.ephemeralRange };
    return delta;
  };
  for (const s of initialRows) put(s, initialSeen[s.id] ?? initial.time);

  return {
    current,
    view: () => ({
      ephemeralRange: meta.ephemeralRange,
      get sockets() {
        return current().sockets;
      },
      *owned() {
        for (const held of rows.values()) if (typeof held !== 'number' && held.owner !== null) yield held;
      },
    }),
    coverage(ctx) {
      if (ctx.uid !== countedFor.uid || ctx.inodes !== countedFor.inodes) {
        // Another reader's view (rare: the source changed): count every row again once.
        countedFor = { uid: ctx.uid, inodes: ctx.inodes };
        counts = emptyCoverageCounts();
        for (const held of rows.values()) {
          if (typeof held === 'number') counts.timeWait += 1;
          else tally(held, 1);
        }
      }
      return coverageFromCounts(counts, ctx);
    },
    sizes: () => ({
      mirrorRows: rows.size,
      mirrorCompactRows: compact.size,
      mirrorCompactBytes: compact.bytes,
      mirrorObjectRows: rows.size - compact.size,
    }),
    rebase,
    setMeta(next) {
      meta = { ...meta, ...next };
      built = null;
    },
    apply(tick) {
      if (tick.snapshot !== null) return rebase(tick.snapshot, tick.delta.stats);
      if (offset === null || tick.delta.baseSeq + offset !== meta.seq) return null;
      const delta: Delta = { ...tick.delta, seq: tick.delta.seq + offset, baseSeq: tick.delta.baseSeq + offset };
      applyHere(delta);
      meta = { ...meta, source: tick.source, ephemeralRange: tick.ephemeralRange };
      return delta;
    },
  };
}
