/**
 * The data model every layer shares, as zod schemas with their inferred types: one schema is
 * both the compile-time type and the run-time check at each process boundary.
 * Kept free of node, DOM and electron imports so both tsconfigs compile it.
 */
import { z } from 'zod';

/** Every TCP state the Linux kernel reports (include/net/tcp_states.h), in kernel order. */
export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
  'BOUND_INACTIVE',
] as const;

/** Every state a row can carry: TCP's, then UDP's UNCONN (an unconnected datagram socket). */
export const SOCKET_STATES = [...TCP_STATES, 'UNCONN'] as const;

const port = z.number().int().min(0).max(65535);
const count = z.number().int().nonnegative();

export const ProtoSchema = z.enum(['tcp', 'udp']);
/** Transport protocol of a socket row. */
export type Proto = z.infer<typeof ProtoSchema>;

export const FamilySchema = z.union([z.literal(4), z.literal(6)]);
/** Address family; IPv4-mapped IPv6 stays family 6 with its mapped text. */
export type Family = z.infer<typeof FamilySchema>;

export const SocketStateSchema = z.enum(SOCKET_STATES);
/** A TCP state name, or UNCONN for UDP. */
export type SocketState = z.infer<typeof SocketStateSchema>;
/** A TCP state name. */
export type TcpState = (typeof TCP_STATES)[number];

export const TimerKindSchema = z.enum(['none', 'retransmit', 'keepalive', 'time-wait', 'zero-window-probe']);
/** Kinds of the kernel's per-socket timer (the "tr" field of /proc/net/tcp). */
export type TimerKind = z.infer<typeof TimerKindSchema>;

export const SocketTimerSchema = z.object({
  kind: TimerKindSchema,
  /** Milliseconds until the timer fires (negative when already expired). */
  remainingMs: z.number(),
  /** Unrecovered retransmits, or zero-window probes sent. */
  retransmits: count,
  /**
   * Epoch ms the timer fires, where the sampler knows it (Linux procfs). With it, `remainingMs` is
   * only the reading at the time this value was set: a row whose timer merely counts down stays
   * the same row, so deltas carry real changes only. Read the time left with `timerRemainingMs`.
   */
  expiresAt: z.number().optional(),
});
/** The kernel timer of a socket: which one runs and how long until it fires. */
export type SocketTimer = z.infer<typeof SocketTimerSchema>;

export const OwnerBasisSchema = z.enum(['exact', 'inferred-unique', 'inferred-guess']);
/**
 * How an owner was known: `exact` (the process's fds, or the connect tracepoint), `inferred-unique`
 * (the only process seen talking to that destination), `inferred-guess` (anything weaker).
 */
export type OwnerBasis = z.infer<typeof OwnerBasisSchema>;

export const OwnerSchema = z.object({
  pid: z.number().int().positive(),
  /** Process start time in clock ticks since boot (Linux), or 0 where the OS does not say. */
  startTime: count,
  name: z.string(),
  /** True when guessed (e.g. from the listener on the port), never shown as certain. */
  inferred: z.boolean().optional(),
  /** Parent pid when it was read with the owner (Linux fd scan). */
  ppid: count.optional(),
  /** How it was known; absent means `exact` unless `inferred` (then `inferred-guess`). */
  basis: OwnerBasisSchema.optional(),
});
/** Which process owns a socket; pid + start time, so a reused pid is never the old process. */
export type Owner = z.infer<typeof OwnerSchema>;

export const NetnsSchema = z.object({
  /** Inode of the namespace (/proc/<pid>/ns/net): the same for every process in it. */
  inode: count,
  /** `container` when a member's cgroup names a container runtime, else `netns`. */
  kind: z.enum(['container', 'netns']),
  /** What the table shows: "web (3f2a1b9c0d12)", "container 3f2a1b9c0d12" or "netns:4026532281". */
  label: z.string(),
  /** The container, when a member's cgroup names one; `name` null when the runtime's state is unreadable. */
  container: z
    .object({ runtime: z.enum(['docker', 'podman', 'containerd', 'cri-o']), id: z.string(), name: z.string().nullable() })
    .optional(),
  /** Its name under /run/netns (`ip netns add NAME`), when it has one. */
  name: z.string().optional(),
});
/** A network namespace other than the host's, as a row's label. */
export type Netns = z.infer<typeof NetnsSchema>;

export const SocketSchema = z.object({
  /** Stable identity: proto, local, remote and inode (see socketId). */
  id: z.string(),
  proto: ProtoSchema,
  family: FamilySchema,
  localAddress: z.string(),
  localPort: port,
  /** Wildcards are normalized to the family's any-address ('0.0.0.0' or '::'). */
  remoteAddress: z.string(),
  remotePort: port,
  state: SocketStateSchema,
  /** Kernel inode; 0 for TIME_WAIT and other orphaned rows. */
  inode: count,
  /** Owning uid from the socket table, null where the OS does not say. */
  uid: count.nullable(),
  txQueue: count,
  rxQueue: count,
  timer: SocketTimerSchema.nullable(),
  /** Null means owner unknown: another user's process, an orphan, or an OS that hides it. */
  owner: OwnerSchema.nullable(),
  // issue 12: names as a capture printed them (a capture from another machine, never a live sample)
  /**
   * The local host as the capture printed it, when that was not an address Ephemera can trust: a
   * host name (`localhost`, `myhost.lan`) or an address netstat cut to its column width. The
   * address is then unknown and `localAddress` is ''; no name is ever resolved here.
   */
  localHost: z.string().max(255).optional(),
  /** The remote host as the capture printed it (see localHost); `remoteAddress` is '' then. */
  remoteHost: z.string().max(255).optional(),
  /**
   * The service name the capture printed instead of a local port number (`http`, `ssh`). The port
   * comes from the IANA table; a name IANA does not give one port for leaves `localPort` 0 with
   * this name set: "port unknown" (a port 0 without a name is the usual wildcard).
   */
  localPortName: z.string().max(64).optional(),
  /** The service name printed instead of a remote port number (see localPortName). */
  remotePortName: z.string().max(64).optional(),
  /**
   * Every process holding the socket when several do (fork, fd passing), earliest started
   * first; `owner` is always the first. Absent when at most one holder is known.
   */
  owners: z.array(OwnerSchema).optional(),
  /** The network namespace the row was read in; absent for the host's (Ephemera's own). */
  netns: NetnsSchema.optional(),
  /** For a host listener of docker-proxy: what it forwards to, e.g. "container web port 80". */
  publishes: z.string().optional(),
});
/** One socket as the sampler saw it. */
export type Socket = z.infer<typeof SocketSchema>;

export const PortRangeSchema = z.object({ low: port, high: port });
/** An inclusive port range. */
export type PortRange = z.infer<typeof PortRangeSchema>;

export const EphemeralRangeSchema = PortRangeSchema.extend({
  source: z.enum(['os', 'default']),
  /** Where it was read, e.g. '/proc/sys/net/ipv4/ip_local_port_range', or why the default. */
  origin: z.string(),
});
/** This machine's ephemeral range and how it was learned. */
export type EphemeralRange = z.infer<typeof EphemeralRangeSchema>;

export const KernelCountersSchema = z.object({
  activeOpens: count,
  passiveOpens: count,
  currEstab: count,
  timeWait: count,
});
/** Kernel socket counters (Linux /proc/net/snmp and /proc/net/sockstat); cumulative. */
export type KernelCounters = z.infer<typeof KernelCountersSchema>;

export const SnapshotSchema = z.object({
  seq: count,
  /** Epoch milliseconds when the sample was taken. */
  time: z.number(),
  host: z.string(),
  platform: z.string(),
  source: z.string(),
  ephemeralRange: EphemeralRangeSchema,
  sockets: z.array(SocketSchema),
  counters: KernelCountersSchema.nullable(),
  /** Epoch ms each socket id was first seen, for ages and lifetimes. */
  firstSeen: z.record(z.string(), z.number()),
});
/** The sockets of one tick plus the facts needed to read them. */
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const RemovedSocketSchema = z.object({
  id: z.string(),
  /** Milliseconds from first seen to the sample where it was gone. */
  lifetimeMs: z.number().nonnegative(),
  lastState: SocketStateSchema,
});
/** A socket that left the table, with how long it was seen. */
export type RemovedSocket = z.infer<typeof RemovedSocketSchema>;

export const TickStatsSchema = z.object({
  /** Sockets that appeared in this sample. */
  births: count,
  /** Sockets that left since the previous sample. */
  deaths: count,
  /** Births known only from destroy events (never sampled); 0 where events are off. */
  eventOnlyBirths: count,
  /** Kernel-counted opens (ActiveOpens + PassiveOpens delta) this tick, null where unknown. */
  kernelOpens: count.nullable(),
  /** How long the sample took, in ms. */
  sampleMs: z.number().nonnegative(),
});
/** Per-tick churn figures carried by every delta. */
export type TickStats = z.infer<typeof TickStatsSchema>;

export const DeltaSchema = z.object({
  seq: count,
  baseSeq: count,
  time: z.number(),
  added: z.array(SocketSchema),
  removed: z.array(RemovedSocketSchema),
  /** Rows whose state, queues, timer or owner changed; the full new row. */
  changed: z.array(SocketSchema),
  counters: KernelCountersSchema.nullable(),
  stats: TickStatsSchema,
});
/** The difference between two consecutive snapshots. */
export type Delta = z.infer<typeof DeltaSchema>;

export const ProcessInfoSchema = z.object({
  pid: z.number().int().positive(),
  startTime: count,
  name: z.string(),
  exe: z.string().nullable(),
  cmdline: z.array(z.string()),
  user: z.string().nullable(),
  uid: count.nullable(),
  ppid: count.nullable(),
  /** Epoch ms the process started, null when unknown. */
  startedAt: z.number().nullable(),
  cpuPercent: z.number().nonnegative().nullable(),
  rssBytes: count.nullable(),
});
/** Full details of one process, read on demand. */
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>;
