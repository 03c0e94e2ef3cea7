/**
 * Schemas for issue 13: names of remote addresses, churn by destination, and bytes per connection.
 * A machine runs out of ephemeral ports per destination, so the destinations view answers "which
 * destination eats them, and who calls it?"; host names and tcp_info make its rows readable.
 * Kept apart from churn-model so the engine's summary stays as it was.
 */
import { z } from 'zod';
import { TupleOccupancySchema } from './exhaustion-model';
import { ProtoSchema, SocketStateSchema } from './model';

const count = z.number().int().nonnegative();
const port = z.number().int().min(0).max(65535);

/** Seconds of births a destination keeps, one bucket per second. */
export const DESTINATION_WINDOW_SEC = 60;
/** Most destinations one summary lists. */
export const DESTINATION_LIMIT = 30;
/** Most addresses one getHostNames call may carry. */
export const HOST_NAME_LIMIT = 4096;

export const DestinationCallerSchema = z.object({
  pid: z.number().int().positive(),
  startTime: count,
  name: z.string(),
  /** Its connections to this destination in the table now. */
  connections: count,
  /** Connections it opened to this destination over the window. */
  births: count,
  /**
   * Of `births`, those first seen without an owner (a TIME_WAIT row) and given to the process last
   * seen calling this destination: a guess, shown as one.
   */
  inferredBirths: count,
});
/** A process that calls a destination. */
export type DestinationCaller = z.infer<typeof DestinationCallerSchema>;

export const DestinationSchema = z.object({
  /** `proto|address|port`: stable from tick to tick. */
  key: z.string(),
  proto: ProtoSchema,
  remoteAddress: z.string(),
  remotePort: port,
  /** Rows to this destination in the table now. */
  connections: count,
  /** Rows now by state (absent states are 0). */
  states: z.partialRecord(SocketStateSchema, count),
  /** Births per second over the window (or over the time watched, when shorter). */
  birthsPerSec: z.number().nonnegative(),
  /** Births per second for the window, oldest first: the sparkline. */
  births: z.array(count),
  /** Births since sampling started (the /metrics counter). */
  birthsTotal: count,
  /** Median lifetime of its recent connections (TIME_WAIT included), null before one ended. */
  medianLifetimeMs: z.number().nonnegative().nullable(),
  timeWait: count,
  /** Ephemeral-range occupancy of its busiest local address, with the forecast; null when none is in range. */
  occupancy: TupleOccupancySchema.nullable(),
  /** Calling processes, most births first, bounded. */
  callers: z.array(DestinationCallerSchema),
  /** Births whose owner nobody knows (another user's process, or no live row seen). */
  unknownBirths: count,
});
/** One remote (address, port, proto) and the churn toward it. */
export type Destination = z.infer<typeof DestinationSchema>;

export const DestinationsSchema = z.object({
  /** Epoch ms of the sample. */
  time: z.number(),
  /** Seconds the rates cover: the window, or less in the first minute. */
  spanSec: z.number().nonnegative(),
  /** Busiest first: births per second, then connections now. */
  destinations: z.array(DestinationSchema),
  /** Over every destination tracked, listed or not (the /metrics `other` is total minus the listed). */
  totals: z.object({ births: count, timeWait: count, tracked: count }),
});
/** The destinations view. */
export type Destinations = z.infer<typeof DestinationsSchema>;

export const HostNamesSchema = z.object({
  /** Whether the service resolves names (the "Resolve names" setting). */
  resolving: z.boolean(),
  /** Address → name, for the addresses asked that have one; unknown ones arrive by 'hostNames'. */
  names: z.record(z.string(), z.string()),
});
/** Known names of remote addresses. */
export type HostNames = z.infer<typeof HostNamesSchema>;

export const TcpInfoSchema = z.object({
  /** Socket id as in the table. */
  id: z.string(),
  localAddress: z.string(),
  localPort: port,
  remoteAddress: z.string(),
  remotePort: port,
  bytesAcked: count,
  bytesReceived: count,
  /** Smoothed RTT in ms, null when ss gave none. */
  rttMs: z.number().nonnegative().nullable(),
  /** Bytes per second since the previous read of this connection, null on the first read. */
  sendRate: z.number().nonnegative().nullable(),
  receiveRate: z.number().nonnegative().nullable(),
});
/** tcp_info of one connection. */
export type TcpInfo = z.infer<typeof TcpInfoSchema>;

export const TcpInfoTargetSchema = z.union([
  z.object({ kind: z.literal('process'), pid: z.number().int().positive(), startTime: count.optional() }).strict(),
  z.object({ kind: z.literal('destination'), key: z.string().max(200) }).strict(),
  z.object({ kind: z.literal('socket'), id: z.string().max(300) }).strict(),
]);
/** What to read tcp_info for: a process's sockets, a destination's, or one row. */
export type TcpInfoTarget = z.infer<typeof TcpInfoTargetSchema>;

export const TcpInfoResultSchema = z.union([
  z.object({
    available: z.literal(true),
    /** Epoch ms of the read (reads are at most once per second per target). */
    time: z.number(),
    connections: z.array(TcpInfoSchema),
    totals: z.object({
      bytesAcked: count,
      bytesReceived: count,
      sendRate: z.number().nonnegative(),
      receiveRate: z.number().nonnegative(),
    }),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
/** tcp_info for a target, or why there is none (an OS without it, ss missing). */
export type TcpInfoResult = z.infer<typeof TcpInfoResultSchema>;

/** `proto|address|port`, the key of a destination. */
export function destinationKey(proto: string, address: string, port: number): string {
  return `${proto}|${address}|${port}`;
}

/** The parts of a destination key, or null when it is not one. */
export function parseDestinationKey(key: string): { proto: 'tcp' | 'udp'; address: string; port: number } | null {
  const m = /^(tcp|udp)\|([^|]+)\|(\d{1,5})$/.exec(key);
  if (!m) return null;
  const p = Number(m[3]);
  return p > 65535 ? null : { proto: m[1] as 'tcp' | 'udp', address: m[2] ?? '', port: p };
}
