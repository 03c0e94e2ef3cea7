/**
 * The typed messages between the port service (main thread) and the sampler thread. Both sides
 * post values of these types and parse what they receive, so a thread boundary is checked
 * exactly like a process boundary.
 */
import { z } from 'zod';
import { ChurnSummarySchema, HistogramSchema, PortHoldSchema } from '../../../shared/churn-model';
import { DestinationsSchema } from '../../../shared/destination-model';
import { DeltaSchema, EphemeralRangeSchema, ProtoSchema, SnapshotSchema } from '../../../shared/model';
import { UnreadableProcessSchema } from '../../../shared/owner-coverage';
import type { SchedulerState } from './scheduler';

export const SourceChoiceSchema = z.enum(['auto', 'linux-procfs', 'netstat', 'systeminformation']);
/** Which adapter the sampler thread builds; 'auto' lets chooseSource pick for this OS. */
export type SourceChoice = z.infer<typeof SourceChoiceSchema>;

const count = z.number().int().nonnegative();

export const SamplerConfigSchema = z.object({
  intervalMs: z.number().int(),
  paused: z.boolean(),
  source: SourceChoiceSchema,
  host: z.string(),
  platform: z.string(),
  limits: z.object({ rateWindowSec: count, holdsPerPort: count, portsTracked: count }).partial().optional(),
  /** How often the thread re-reads the OS ephemeral range, ms. */
  rangeRefreshMs: z.number().int().positive(),
  /** Run the destroy-event reader where the entry offers one (default true). */
  destroyEvents: z.boolean().optional(),
  /** Run the connect tracepoint (bpftrace, root) where the entry offers it (default false). */
  tracepoint: z.boolean().optional(),
});
/** Everything a sampler thread needs to start, sent as workerData (restarts reuse it). */
export type SamplerConfig = z.infer<typeof SamplerConfigSchema>;

export const SamplerInitSchema = z.object({
  config: SamplerConfigSchema,
  /** Opaque extras for a custom worker entry (tests); the standard entry ignores it. */
  extra: z.unknown().optional(),
});
/** The workerData of a sampler thread. */
export type SamplerInit = z.infer<typeof SamplerInitSchema>;

export const SchedulerStateSchema: z.ZodType<SchedulerState> = z.object({
  intervalMs: z.number().int(),
  paused: z.boolean(),
  lastSampleMs: z.number().nonnegative().nullable(),
  stretched: z.boolean(),
  samples: count,
});

const id = z.number().int().nonnegative();

/** Requests the main thread sends, each answered by one reply with the same id. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause'), id }),
  z.object({ type: z.literal('resume'), id }),
  z.object({ type: z.literal('setInterval'), id, ms: z.number() }),
  z.object({ type: z.literal('portHistory'), id, port: z.number().int().min(0).max(65535), proto: ProtoSchema }),
  z.object({ type: z.literal('snapshot'), id }),
  z.object({ type: z.literal('processLifetimes'), id, pid: z.number().int().positive(), startTime: count.optional() }),
  z.object({ type: z.literal('stop'), id }),
  /** Heap, structure sizes and CPU per tick since the last ask (the memory bench). */
  z.object({ type: z.literal('stats'), id }),
  /** Writes a V8 heap snapshot of the sampler thread to `path` (the memory bench, minute 1 and the end). */
  z.object({ type: z.literal('heapSnapshot'), id, path: z.string().min(1) }),
]);
/** A request from the main thread to the sampler thread. */
export type HostMessage = z.infer<typeof HostMessageSchema>;

/**
 * Sent (unanswered) by the main thread after it handled a tick. The sampler thread posts at most
 * MAX_UNACKED ticks ahead: a stalled main thread must not pile up deltas in the message queue.
 */
export const AckMessageSchema = z.object({ type: z.literal('ack') });

/** Ticks the sampler thread posts ahead of the main thread's acks; past it, it skips and later resends a snapshot. */
export const MAX_UNACKED = 3;
/** The kind of a request. */
export type RequestKind = HostMessage['type'];

/** What each request kind answers with. */
export const replySchemas = {
  pause: SchedulerStateSchema,
  resume: SchedulerStateSchema,
  setInterval: SchedulerStateSchema,
  portHistory: z.array(PortHoldSchema),
  snapshot: z.object({ snapshot: SnapshotSchema, churn: ChurnSummarySchema }),
  processLifetimes: HistogramSchema.nullable(),
  stop: z.null(),
  stats: z.lazy(() => SamplerStatsSchema),
  heapSnapshot: z.string(),
} satisfies Record<RequestKind, z.ZodType>;
/** The reply value of a request kind. */
export type ReplyOf<K extends RequestKind> = z.infer<(typeof replySchemas)[K]>;

const ms = z.number().nonnegative();

export const SamplerStatsSchema = z.object({
  /** v8.getHeapStatistics of the sampler thread, bytes. */
  heap: z.object({ used: count, total: count, limit: count }),
  /** Entries (and estimated bytes, where a structure has a budget) per structure of the engine. */
  structures: z.record(z.string(), z.number()),
  /** Sums over `ticks` ticks since the previous ask: time in the kernel's reads, in owners, the rest of the sample, the engine, posting. */
  cpu: z.object({
    ticks: count,
    readMs: ms,
    ownersMs: ms,
    parseMs: ms,
    engineMs: ms,
    postMs: ms,
    /** CPU the thread really used in the same span (Linux; null elsewhere): wall figures include other processes' turns. */
    threadCpuMs: ms.nullable(),
  }),
});
/** What a 'stats' request answers. */
export type SamplerStats = z.infer<typeof SamplerStatsSchema>;

export const TickMessageSchema = z.object({
  type: z.literal('tick'),
  /** The adapter that took this sample (it changes once if the preferred one fails). */
  source: z.string(),
  delta: DeltaSchema,
  churn: ChurnSummarySchema,
  /** Problems the source reported for this sample, in words. */
  errors: z.array(z.string()),
  /** Processes whose fds could not be read, for the owner coverage (absent: none known). */
  unreadable: z.array(UnreadableProcessSchema).optional(),
  ephemeralRange: EphemeralRangeSchema,
  /** The engine's full snapshot, only on the first tick of a thread's life (for resync). */
  snapshot: SnapshotSchema.nullable(),
  /** The busiest destinations after this sample (issue 13); absent from an older thread. */
  destinations: DestinationsSchema.optional(),
});
/** One sample's outcome. */
export type TickMessage = z.infer<typeof TickMessageSchema>;

/** Everything the sampler thread posts. */
export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), source: z.string(), ephemeralRange: EphemeralRangeSchema, state: SchedulerStateSchema }),
  TickMessageSchema,
  z.object({ type: z.literal('state'), state: SchedulerStateSchema }),
  /** The destroy-event reader's state in words, e.g. 'running (ss -E)', 'off: ss not found'. */
  z.object({ type: z.literal('events'), state: z.string(), source: z.enum(['ss', 'tracepoint']).optional() }),
  /** A sample or a request that failed without ending the thread. */
  z.object({ type: z.literal('error'), message: z.string() }),
  /** The answer to a request: error null and a result, or the failure in words. */
  z.object({ type: z.literal('reply'), id, error: z.string().nullable(), result: z.unknown() }),
]);
/** A message from the sampler thread. */
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

/** Parses an incoming message, or returns the reason it is not one, so bad input is named, not dropped. */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: z.prettifyError(r.error).replace(/\s+/g, ' ').slice(0, 300) };
}
