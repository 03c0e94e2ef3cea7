/**
 * The churn engine's face toward the port service: it eats raw samples and answers with
 * deltas, the current snapshot, the churn summary and per-port history.
 */
import type { ChurnSummary, Histogram, PortHold } from '../../../shared/churn-model';
import type { Destinations } from '../../../shared/destination-model';
import type { Delta, EphemeralRange, Proto, Snapshot } from '../../../shared/model';
import type { RawSample } from '../sampler/types';

/** Facts about the machine that every snapshot carries. */
export interface SnapshotMeta {
  host: string;
  platform: string;
  source: string;
  ephemeralRange: EphemeralRange;
}

/** Caps that keep every buffer bounded. */
export interface ChurnLimits {
  /** Seconds of 1 s rate buckets kept (default 300). */
  rateWindowSec: number;
  /** Holds kept per local port (default 16). */
  holdsPerPort: number;
  /** Ports with history kept, least recently touched dropped first (default 20,000). */
  portsTracked: number;
}

/** Diffs consecutive samples into deltas and keeps bounded history. */
export interface ChurnEngine {
  /** Takes the next sample; returns the delta against the previous one (the first has all rows added). */
  ingest(sample: RawSample): Delta;
  /** The current table as a snapshot (seq of the last delta). */
  snapshot(): Snapshot;
  summary(): ChurnSummary;
  /** Tenancies of one local port, newest first. */
  portHistory(port: number, proto: Proto): PortHold[];
  /** Replaces machine facts (e.g. after re-reading the ephemeral range). */
  setMeta(meta: SnapshotMeta): void;
  /**
   * Lifetimes of the connections one process closed (pid + start time; without a start time, the
   * most recently active process with that pid), or null when none is kept. Added for the details
   * panel: the summary's histogram is machine-wide.
   */
  lifetimesFor(pid: number, startTime?: number): Histogram | null;
  /** The busiest destinations (issue 13): births per second, callers, occupancy toward each. */
  destinations(limit: number): Destinations;
  /** Entries per structure (rows, holds, TIME_WAIT memory...), for the memory bench. */
  sizes(): Record<string, number>;
  /**
   * Halves the byte budget of the history (the sampler thread asks when its heap nears its cap);
   * false when it is already at its floor.
   */
  shrink(): boolean;
  /** What was trimmed to stay in budget, in words, once per change ("port history trimmed to ..."). */
  notices(): string[];
}
