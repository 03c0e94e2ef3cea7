/**
 * Socket-destroy events as the reader hands them to the churn engine. The kernel broadcasts one
 * message per full socket it frees (`ss -E`), which is the only way to learn about a connection
 * that opened and closed between two polls.
 */
import type { Family, Proto } from '../../../shared/model';

/** One destroyed socket, as `ss -E` printed it. */
export interface DestroyEvent {
  /** Epoch ms the line was read: ss prints no time, and the pipe adds only milliseconds. */
  time: number;
  proto: Proto;
  family: Family;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  /** 0 when the kernel cleared it: a TCP socket closed with RST, a listener, a bound-only socket. */
  remotePort: number;
  /** The kernel's socket cookie (`sk:` in hex). /proc has no cookie column, so it only names the event. */
  cookie: string;
}

/** What the reader collected since the previous tick. */
export interface DestroyBatch {
  /** Parsed events in arrival order, at most the buffer's cap. */
  events: DestroyEvent[];
  /** Events beyond the cap: counted by protocol only, never queued (flood protection). */
  aggregated: number;
  /** Output lines that were not destroy events. */
  malformed: number;
  /** The first malformed line's problem, for the status, or null. */
  firstError: string | null;
  /** Times ss reported the kernel dropped events (netlink receive buffer overrun). */
  kernelDrops: number;
}

/** An empty batch: what a tick gets when nothing was destroyed or events are off. */
export function emptyBatch(): DestroyBatch {
  return { events: [], aggregated: 0, malformed: 0, firstError: null, kernelDrops: 0 };
}
