/**
 * The churn engine's use of destroy events, kept out of the engine file: once per tick it drains
 * the reader's batch, matches it against the table (event-matcher), gives sockets nobody sampled
 * an inferred owner (owner-inference), and keeps the running totals the summary reports. A seen
 * connection that left the table gets its exact end time; an unseen one is counted, never given an
 * invented lifetime.
 */
import type { DestroyEventsSummary, UnseenSocket } from '../../../shared/exhaustion-model';
import type { Owner, Socket } from '../../../shared/model';
import { EventMatcher, type PreparedEvent, type Unseen } from '../events/event-matcher';
import { isServerRow, OwnerInference, type PortHolder } from '../events/owner-inference';
import type { DestroyBatch } from '../events/types';
import type { ConnectionTick, TrackedRow } from './connection-tracker';
import type { Connection, Tuple } from './connections';
import { Ring } from './ring';

/** Unseen sockets listed in the summary. */
export const RECENT_UNSEEN = 50;

/** Drains the reader: events read up to `until`, the sample's time. */
export type DestroyEventsFeed = (until: number) => DestroyBatch;

/** What one tick's events change in the engine's figures. */
export interface TickEvents {
  /** Exact end times of seen connections that died this tick. */
  closes: Map<Connection, number>;
  /** One entry per unseen TCP connection: its inferred owner or null. */
  unseenTcp: (Owner | null)[];
  /** Their tuples and destroy times, in step with unseenTcp (partial tuples: local port and peer address only). */
  unseenTcpBirths?: { tuple: Tuple; time: number }[];
}

type Totals = Omit<DestroyEventsSummary, 'recent'>;

/** The events side of one engine. */
export class DestroyEvents {
  private readonly matcher = new EventMatcher<Connection>();
  private readonly inference: OwnerInference;
  private readonly selfUid: number | null;
  private readonly recent = new Ring<UnseenSocket>(RECENT_UNSEEN);
  private prepared: PreparedEvent[] = [];
  private readonly totals: Totals = {
    examined: 0,
    closedSampled: 0,
    unseenTcp: 0,
    unseenUdp: 0,
    inferredOwners: 0,
    tracepointOwners: 0,
    notOpens: 0,
    aggregated: 0,
    malformed: 0,
    kernelDrops: 0,
  };

  /**
   * `selfUid` is this process's uid (null where the OS has none): rows of that uid (or any row,
   * for root) have owners /proc can name, so one still unknown was only not resolved yet.
   */
  constructor(
    private readonly feed: DestroyEventsFeed,
    portHolder: PortHolder,
    selfUid?: number | null,
    private readonly exactOwner?: (t: Tuple, partial: boolean, time: number) => Owner | null,
  ) {
    this.selfUid = selfUid === undefined ? (process.getuid?.() ?? null) : selfUid;
    this.inference = new OwnerInference(portHolder);
  }

  /**
   * Drains the events read up to the sample's time. The first tick's events are dropped: they have
   * no interval before them.
   */
  begin(sampleTime: number, first: boolean): void {
    const batch = this.feed(sampleTime);
    this.totals.aggregated += batch.aggregated;
    this.totals.malformed += batch.malformed;
    this.totals.kernelDrops += batch.kernelDrops;
    this.prepared = first ? [] : this.matcher.prepare(batch.events);
    this.totals.examined += this.prepared.length;
  }

  /** After the diff: follows the table, matches the events, infers owners. */
  settle(added: readonly Socket[], removed: readonly TrackedRow[], tick: ConnectionTick, time: number): TickEvents {
    for (const s of added) if (isServerRow(s)) this.inference.observeServer(s, 'add');
    for (const { socket } of tick.continued) if (isServerRow(socket)) this.inference.observeServer(socket, 'update');
    for (const { conn, socket } of [...tick.born, ...tick.continued]) {
      if (conn.owner !== null && !conn.owner.inferred) this.inference.observeClient(socket, conn.owner, time);
    }
    this.inferSampled(tick, time);
    const gone = removed.map((r) => ({ socket: r.socket, state: r.socket.state, item: r.conn }));
    const result = this.matcher.settle(gone, this.prepared, tick.enteredTimeWait, time);
    this.prepared = [];
    const unseenTcp = result.unseenTcp.map((u) => this.recordUnseen(u, 'tcp'));
    for (const u of result.unseenUdp) this.recordUnseen(u, 'udp');
    for (const r of removed) if (isServerRow(r.socket)) this.inference.observeServer(r.socket, 'remove');
    Object.assign(this.totals, {
      closedSampled: this.totals.closedSampled + result.sampled,
      unseenTcp: this.totals.unseenTcp + result.unseenTcp.length,
      unseenUdp: this.totals.unseenUdp + result.unseenUdp.length,
      notOpens: this.totals.notOpens + result.notOpens,
    });
    const unseenTcpBirths = result.unseenTcp.map((u) => ({ tuple: u.tuple, time: u.time }));
    return { closes: new Map(result.closes.map((c) => [c.item, c.time])), unseenTcp, unseenTcpBirths };
  }

  /**
   * Connections first sampled without an owner: an inode-0 row (TIME_WAIT, orphans) has none /proc
   * can name, and a row of our own uid (any uid, as root) may simply not be resolved yet; both get
   * an inferred one. Another user's row stays unknown: that is a permission, not a gap in sampling.
   */
  private inferSampled(tick: ConnectionTick, time: number): void {
    for (const { conn, socket } of tick.born) {
      if (conn.owner !== null || isServerRow(socket)) continue;
      const resolvable = socket.inode === 0 || this.selfUid === 0 || (this.selfUid !== null && socket.uid === this.selfUid);
      if (!resolvable) continue;
      // A sampled row is the tuple's latest connection: the latest connect names it.
      conn.owner = this.exactOwner?.(socket, false, Number.POSITIVE_INFINITY) ?? this.inference.infer(socket, false, time)?.owner ?? null;
    }
  }

  private countTraced(): void {
    this.totals.tracepointOwners = (this.totals.tracepointOwners ?? 0) + 1;
  }

  private recordUnseen(u: Unseen, proto: 'tcp' | 'udp'): Owner | null {
    const exact = this.exactOwner?.(u.tuple, u.partial, u.time) ?? null;
    const inferred = exact !== null ? { owner: exact, basis: 'tracepoint' as const } : this.inference.infer(u.tuple, u.partial, u.time);
    if (inferred !== null && exact === null) this.totals.inferredOwners += 1;
    if (exact !== null) this.countTraced();
    const { localAddress, localPort, remoteAddress, remotePort } = u.tuple;
    this.recent.push({
      proto,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      time: u.time,
      owner: inferred?.owner ?? null,
      basis: inferred?.basis ?? null,
      partial: u.partial,
    });
    return inferred?.owner ?? null;
  }

  /** Entries per structure, for the memory bench. */
  sizes(): Record<string, number> {
    return { matcherTimeWaitTuples: this.matcher.timeWaitTuples, recentUnseen: this.recent.size };
  }

  summary(): DestroyEventsSummary {
    return { ...this.totals, recent: this.recent.toArray().reverse() };
  }
}
