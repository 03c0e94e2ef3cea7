/**
 * What every sampler adapter returns, so the scheduler, the churn engine and the CLI's
 * `parse` treat Linux procfs, netstat captures and systeminformation alike.
 */
import type { EphemeralRange, KernelCounters, Socket } from '../../../shared/model';

/** The outcome of parsing one OS table: good rows, and a count of rows refused. */
export interface ParseResult {
  sockets: Socket[];
  /** Malformed rows skipped; never turned into a wrong row. */
  skipped: number;
  /** The first refusal in words, for the status line; null when nothing was skipped. */
  firstError: string | null;
}

/** One sample of the machine's socket table, before churn diffing. */
export interface RawSample {
  /** Epoch ms when the read started. */
  time: number;
  sockets: Socket[];
  counters: KernelCounters | null;
  skipped: number;
  /** Problems in words: unreadable files, denied entries, skipped rows. Bounded by the caller. */
  errors: string[];
  /** Duration of the read including owner resolution, ms. */
  durationMs: number;
  /**
   * Of durationMs, the time spent inside the kernel's read calls of the socket tables and
   * counters, and in owner resolution (where the source knows; for the memory bench's CPU split).
   */
  timing?: { readMs: number; ownersMs: number };
}

/** An adapter that can read the socket table of this machine. */
export interface SocketSource {
  /** Stable name shown in status and exports, e.g. 'linux-procfs'. */
  readonly name: string;
  sample(): Promise<RawSample>;
  /** This OS's ephemeral range, read once per call. */
  ephemeralRange(): Promise<EphemeralRange>;
  /** Releases caches and handles. */
  close?(): void;
}
