/**
 * Schemas for what polling cannot show by itself: sockets seen only by destroy events, ephemeral
 * port occupancy per destination with a time-to-exhaustion forecast, and flags for listeners in
 * the ephemeral range and CLOSE_WAIT pile-ups. Kept apart from churn-model so that file stays
 * about rates and lifetimes; ChurnSummary carries all three as optional fields.
 */
import { z } from 'zod';
import { OwnerSchema, ProtoSchema } from './model';

const count = z.number().int().nonnegative();
const port = z.number().int().min(0).max(65535);

export const InferenceBasisSchema = z.enum(['listener', 'destination', 'port-holder', 'tracepoint']);
/**
 * Why an owner was inferred: the listener on the socket's local port (the server side of an
 * accepted connection), the process last seen connecting to the same destination, or the process
 * that last held the local port; or not inferred at all: the connect tracepoint named it exactly.
 */
export type InferenceBasis = z.infer<typeof InferenceBasisSchema>;

export const UnseenSocketSchema = z.object({
  proto: ProtoSchema,
  localAddress: z.string(),
  localPort: port,
  remoteAddress: z.string(),
  remotePort: port,
  /** Epoch ms the destroy event arrived. */
  time: z.number(),
  /** Inferred owner (always marked inferred), or null when nothing points at one. */
  owner: OwnerSchema.nullable(),
  basis: InferenceBasisSchema.nullable(),
  /**
   * True when the kernel had already cleared part of the tuple (a socket closed with RST keeps
   * only its local port and peer address) and the other side's event could not complete it.
   */
  partial: z.boolean(),
});
/** A socket that lived and died between two samples, known only from its destroy event. */
export type UnseenSocket = z.infer<typeof UnseenSocketSchema>;

export const DestroyEventsSummarySchema = z.object({
  /** Destroy events read and matched since sampling started. */
  examined: count,
  /** Events that closed a socket the poller had seen (matched by tuple: /proc has no socket cookie). */
  closedSampled: count,
  /** TCP connections known only from their destroy event (the reconciliation's seenOnlyByEvents). */
  unseenTcp: count,
  /** UDP sockets known only from their destroy event (not part of the kernel's TCP open count). */
  unseenUdp: count,
  /** Unseen sockets given an inferred owner. */
  inferredOwners: count,
  /** Events of sockets that never had a peer (listeners, bound-only sockets): not opens. */
  notOpens: count,
  /** Events counted but not matched because they arrived faster than the bounded buffer takes. */
  aggregated: count,
  /** Lines of reader output that were not destroy events. */
  malformed: count,
  /** Times ss reported that the kernel dropped events (netlink buffer overrun). */
  kernelDrops: count,
  // issue 10: what the connect tracepoint saw
  /**
   * Births the churn engine gave the connect tracepoint's owner: event-only ones, and sampled rows
   * that reached it with none (rows the sampler thread already named from it count only as exact).
   */
  tracepointOwners: count.optional(),
  /** The most recent unseen sockets, newest first, bounded. */
  recent: z.array(UnseenSocketSchema),
});
/** What the destroy-event reader contributed since sampling started. */
export type DestroyEventsSummary = z.infer<typeof DestroyEventsSummarySchema>;

export const ExhaustionLevelSchema = z.enum(['ok', 'warning', 'critical']);
/** ok below 70% of the ephemeral range, warning from 70%, critical from 90%. */
export type ExhaustionLevel = z.infer<typeof ExhaustionLevelSchema>;

export const TimerBucketSchema = z.object({
  /** Upper bound of remaining time in ms; the last bucket takes everything above the one before. */
  upToMs: z.number().positive(),
  count,
});
/** TIME_WAIT sockets whose timer fires within upToMs (and after the previous bucket's bound). */
export type TimerBucket = z.infer<typeof TimerBucketSchema>;

export const TupleOccupancySchema = z.object({
  proto: ProtoSchema,
  localAddress: z.string(),
  /** '*' for UDP, whose ports are taken per local address whatever the peer. */
  remoteAddress: z.string(),
  remotePort: port,
  /** Sockets of this tuple holding a local port inside the ephemeral range. */
  used: count,
  /** Ports in the OS ephemeral range: the most this tuple can hold at once. */
  capacity: count,
  /** used / capacity, 0..1. */
  fraction: z.number().nonnegative(),
  level: ExhaustionLevelSchema,
  /** Of `used`, sockets in TIME_WAIT (freed when their timer fires). */
  timeWait: count,
  timeWaitExpiry: z.array(TimerBucketSchema),
  /** Net growth of `used` in ports per second over the recent window (negative when draining). */
  ratePerSec: z.number(),
  /** Seconds until `used` reaches capacity at that rate; null when not rising. */
  forecastSec: z.number().nonnegative().nullable(),
});
/** Occupancy of the ephemeral range by one (proto, local address, remote address, remote port). */
export type TupleOccupancy = z.infer<typeof TupleOccupancySchema>;

export const ExhaustionSchema = z.object({
  /** Worst level over all tuples. */
  level: ExhaustionLevelSchema,
  /** Size of the OS ephemeral range. */
  capacity: count,
  /** Busiest tuples, most used first, bounded. */
  tuples: z.array(TupleOccupancySchema),
  /** Soonest forecast over the listed tuples, null when none is rising. */
  forecastSec: z.number().nonnegative().nullable(),
  /** All TCP sockets in TIME_WAIT, and when their timers fire. */
  timeWait: z.object({ total: count, expiry: z.array(TimerBucketSchema) }),
});
/** How close this machine is to running out of ephemeral ports. */
export type Exhaustion = z.infer<typeof ExhaustionSchema>;

export const EphemeralListenerSchema = z.object({
  proto: ProtoSchema,
  address: z.string(),
  port,
  owner: OwnerSchema.nullable(),
});
/** A server listening inside the OS ephemeral range, where outbound connections may collide with it. */
export type EphemeralListener = z.infer<typeof EphemeralListenerSchema>;

export const CloseWaitPileupSchema = z.object({
  /** Null groups the CLOSE_WAIT sockets whose owner is unknown. */
  owner: OwnerSchema.nullable(),
  count,
});
/** A process holding many CLOSE_WAIT sockets: the peer closed and the process never did (a leak). */
export type CloseWaitPileup = z.infer<typeof CloseWaitPileupSchema>;

export const SocketFlagsSchema = z.object({
  listenersInEphemeral: z.array(EphemeralListenerSchema),
  closeWait: z.array(CloseWaitPileupSchema),
  /** CLOSE_WAIT sockets per process from which a pile-up is flagged. */
  closeWaitThreshold: count,
});
/** Socket patterns worth a warning. */
export type SocketFlags = z.infer<typeof SocketFlagsSchema>;
