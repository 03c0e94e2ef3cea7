/**
 * Schemas for what the churn engine tells the UI beyond the socket table: rate history,
 * lifetimes, top churners, per-port history, reconciliation with kernel counters.
 */
import { z } from 'zod';
import { OwnerSchema, ProtoSchema, SocketStateSchema } from './model';
import { DestroyEventsSummarySchema, ExhaustionSchema, SocketFlagsSchema } from './exhaustion-model';

const count = z.number().int().nonnegative();

export const RateBucketSchema = z.object({
  /** Start of the 1 s bucket, epoch ms. */
  t: z.number(),
  births: count,
  deaths: count,
  /** Opens the kernel counted in this second, null where counters are unavailable. */
  kernelOpens: count.nullable(),
  /** TCP connections born and gone between two samples, known only from destroy events (absent: events off). */
  eventOnlyBirths: count.optional(),
});
/** Births and deaths in one second. */
export type RateBucket = z.infer<typeof RateBucketSchema>;

export const HistogramSchema = z.object({
  /** Upper bound of each bucket in ms; the last bucket also takes everything above. */
  boundsMs: z.array(z.number().positive()),
  counts: z.array(count),
  /**
   * Connections that opened and closed between two samples, seen only by destroy events: shorter
   * than one tick, exact lifetime unknown, so they are tallied here instead of given an invented
   * lifetime. Absent where destroy events are off.
   */
  belowOneTick: count.optional(),
});
/** A log-bucketed lifetime histogram. */
export type Histogram = z.infer<typeof HistogramSchema>;

export const ChurnerSchema = z.object({
  pid: z.number().int().positive(),
  name: z.string(),
  sockets: count,
  births: count,
  deaths: count,
  /** How many of `births` were attributed by inference (listener, destination or port holder), not seen. */
  inferredBirths: count.optional(),
});
/** One process ranked by sockets held or by churn over the rate window. */
export type Churner = z.infer<typeof ChurnerSchema>;

export const ReconciliationSchema = z.object({
  /** Opens the kernel counted since sampling started (null where counters are unavailable). */
  kernelOpens: count.nullable(),
  /** Sockets the poller saw being born. */
  seenBySampling: count,
  /** Sockets known only from destroy events. */
  seenOnlyByEvents: count,
  /** Kernel-counted opens nobody saw: max(0, kernel - sampling - events), null without counters. */
  missed: count.nullable(),
  /** Births (sampled and event-only) by how their owner was known (see OwnerBasis). */
  birthsByBasis: z
    .object({ exact: count, inferredUnique: count, inferredGuess: count, unattributed: count })
    .optional(),
});
/** How much of the real churn Ephemera saw, and how. */
export type Reconciliation = z.infer<typeof ReconciliationSchema>;

export const ChurnSummarySchema = z.object({
  /** Most recent 1 s buckets, oldest first, bounded (5 minutes). */
  buckets: z.array(RateBucketSchema),
  lifetimes: HistogramSchema,
  topBySockets: z.array(ChurnerSchema),
  topByChurn: z.array(ChurnerSchema),
  reconciliation: ReconciliationSchema,
  /** What the destroy-event reader contributed; absent where events are off. */
  events: DestroyEventsSummarySchema.optional(),
  /** Ephemeral-port occupancy per destination and the time-to-exhaustion forecast. */
  exhaustion: ExhaustionSchema.optional(),
  /** Listeners inside the ephemeral range and CLOSE_WAIT pile-ups. */
  flags: SocketFlagsSchema.optional(),
});
/** Everything the glance and the churn chart need besides the table. */
export type ChurnSummary = z.infer<typeof ChurnSummarySchema>;

export const PortHoldSchema = z.object({
  proto: ProtoSchema,
  port: z.number().int().min(0).max(65535),
  socketId: z.string(),
  owner: OwnerSchema.nullable(),
  remote: z.string(),
  lastState: SocketStateSchema,
  /** Epoch ms first seen. */
  from: z.number(),
  /** Epoch ms it was gone, null while still held. */
  to: z.number().nullable(),
});
/** One tenancy of a local port: who held it, from when to when. */
export type PortHold = z.infer<typeof PortHoldSchema>;
