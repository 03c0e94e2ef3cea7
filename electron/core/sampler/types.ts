/**
 * What every sampler adapter returns, so the scheduler, the churn engine and the CLI's
 * `parse` treat Linux procfs, netstat captures and systeminformation alike.
 */
import type { EphemeralRange, KernelCounters, Socket } from '../../../shared/model';
import type { UnreadableProcess } from '../../../shared/owner-coverage';

/** The outcome of parsing one OS table: good rows, and a count of rows refused. */
export interface ParseResult {
  sockets: Socket[];
  /** Malformed rows skipped; never turned into a wrong row. */
  skipped: number;
  /** The first refusal in words, for the status line; null when nothing was skipped. */
  firstError: string | null;
  /** Line numbers (1-based) that became rows or were merged into one; for a capture's line count. */
  rowLines?: ReadonlySet<number>;
  /** Why a line did not become a row, by line number: refusals and what a parser noted. */
  lineNotes?: ReadonlyMap<number, LineNote>;
}

/** What a parser says about a line that is not a row. */
export interface LineNote {
  /** Short kind for counting: 'refused', 'attached', 'duplicate', 'unix-domain', ... */
  kind: string;
  reason: string;
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
  /** Processes whose fds could not be read and may hold this user's sockets (Linux procfs). */
  unreadable?: UnreadableProcess[];
  /**
   * Of durationMs, the time spent inside the kernel's read calls of the socket tables and
   * counters, and in owner resolution (where the source knows; for the memory bench's CPU split).
   */
  timing?: { readMs: number; ownersMs: number; netns?: NetnsTiming };
}

/** Other network namespaces this sample (Linux procfs): how many were served from their last rows. */
export interface NetnsTiming {
  /** Namespaces besides Ephemera's own. */
  namespaces: number;
  /** Of those, served from their last rows because their counters had not moved. */
  reused: number;
  /** Socket tables read from the kernel for them. */
  tables: number;
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
