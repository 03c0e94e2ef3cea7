/**
 * The port service contract: every method (request and response schema) and every event
 * (payload schema). The preload, the web-host client and the main-process handlers are all
 * derived from this one object; no channel name is written anywhere else.
 */
import { z } from 'zod';
import {
  ActionLogEntrySchema,
  ActionPreviewSchema,
  ActionResultSchema,
  CloseConnectionRequestSchema,
  EndProcessRequestSchema,
  PortCheckRequestSchema,
  PortCheckSchema,
  PreviewRequestSchema,
} from './action-model';
import { CaptureSchema, ParseCaptureRequestSchema } from './capture';
import { ChurnSummarySchema, HistogramSchema, PortHoldSchema } from './churn-model';
import type { EVENT_NAMES, METHOD_NAMES } from './contract-names';
import {
  DESTINATION_LIMIT,
  DestinationsSchema,
  HOST_NAME_LIMIT,
  HostNamesSchema,
  TcpInfoResultSchema,
  TcpInfoTargetSchema,
} from './destination-model';
import { DeltaSchema, EphemeralRangeSchema, ProcessInfoSchema, ProtoSchema, SnapshotSchema } from './model';
import { OwnerCoverageSchema } from './owner-coverage';
import { parseServiceKey, SERVICE_KEY_LIMIT } from './service-key';

export const ExportFormatSchema = z.enum(['json', 'csv']);
/** A snapshot export format. */
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const StatusSchema = z.object({
  /** Which adapter samples, e.g. 'linux-procfs', 'systeminformation'. */
  source: z.string(),
  intervalMs: z.number().int(),
  paused: z.boolean(),
  /** Duration of the last sample in ms, null before the first. */
  lastSampleMs: z.number().nullable(),
  /** True when the last sample took longer than the interval, so the tick was stretched. */
  stretched: z.boolean(),
  samples: z.number().int().nonnegative(),
  /** Owners known, of all rows; the reasons for the rest are optional fields (issue 14). */
  ownerCoverage: OwnerCoverageSchema,
  /** Destroy-event reader state, e.g. 'running', 'off: ss not found'. */
  events: z.string(),
  // issue 10: the connect tracepoint's state, e.g. 'running (tracepoint)', 'off: not root'.
  tracepoint: z.string().optional(),
  ephemeralRange: EphemeralRangeSchema,
  /** Recent errors in words, newest last, bounded. */
  errors: z.array(z.string()),
  /** issue 9: the bounded action log (ended processes, closed connections), newest last. */
  actions: z.array(ActionLogEntrySchema).optional(),
});
/** What the service is doing and how well. */
export type Status = z.infer<typeof StatusSchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  time: z.number(),
  kind: z.enum(['new-listener', 'owner-change', 'exhaustion', 'listener-in-ephemeral', 'close-wait-pileup']),
  level: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  body: z.string(),
});
/** A rate-limited user-facing notification. */
export type Notification = z.infer<typeof NotificationSchema>;

export const ExportResultSchema = z.object({
  filename: z.string(),
  mime: z.string(),
  content: z.string(),
});
/** A rendered export, for the renderer to download or save. */
export type ExportResult = z.infer<typeof ExportResultSchema>;

const empty = z.object({}).strict();

export const WatchedPortsSchema = z
  .object({ ports: z.array(z.number().int().min(0).max(65535)).max(256) })
  .strict();
/** The ports the user watches (at most 256). */
export type WatchedPorts = z.infer<typeof WatchedPortsSchema>;

export const ServiceNamesRequestSchema = z
  .object({
    keys: z
      .array(z.string().refine((k) => parseServiceKey(k) !== null, { message: 'a key is "port/proto", e.g. "443/tcp"' }))
      .max(SERVICE_KEY_LIMIT),
  })
  .strict();
/** Ports to name, as "port/proto" keys (at most SERVICE_KEY_LIMIT). */
export type ServiceNamesRequest = z.infer<typeof ServiceNamesRequestSchema>;

const processRef = z
  .object({ pid: z.number().int().positive(), startTime: z.number().int().nonnegative().optional() })
  .strict();

export const SubscriptionSchema = z.object({ snapshot: SnapshotSchema, churn: ChurnSummarySchema });

/** Every method of the port service. */
export const methods = {
  /** Full snapshot and churn history once; deltas follow as 'delta' events. */
  subscribe: { request: empty, response: SubscriptionSchema },
  getStatus: { request: empty, response: StatusSchema },
  getChurn: { request: empty, response: ChurnSummarySchema },
  getProcess: { request: processRef, response: ProcessInfoSchema },
  getPortHistory: {
    request: z.object({ port: z.number().int().min(0).max(65535), proto: ProtoSchema }).strict(),
    response: z.array(PortHoldSchema),
  },
  exportSnapshot: { request: z.object({ format: ExportFormatSchema }).strict(), response: ExportResultSchema },
  setInterval: { request: z.object({ ms: z.number().int().min(250).max(10000) }).strict(), response: StatusSchema },
  pause: { request: empty, response: StatusSchema },
  resume: { request: empty, response: StatusSchema },
  /** Ports whose change of owner raises an 'owner-change' notification; replaces the previous set. */
  setWatchedPorts: { request: WatchedPortsSchema, response: WatchedPortsSchema },
  /**
   * Lifetimes of the connections one process closed (pid + start time, so a reused pid is not the
   * old process), null when none is kept; the churn summary's histogram is machine-wide.
   */
  getProcessLifetimes: { request: processRef, response: HistogramSchema.nullable() },
  /**
   * IANA service names of ports ("443/tcp" → "https"); only named keys are answered. The renderer
   * carries no port table: it asks for the keys its rows need, once each.
   */
  getServiceNames: { request: ServiceNamesRequestSchema, response: z.record(z.string(), z.string()) },
  // issue 9: actions
  /**
   * What an action would hit (processes with command lines, their sockets, the ports that become
   * free, or the one connection), without doing it; returns the one-time nonce the action needs.
   */
  previewAction: { request: PreviewRequestSchema, response: ActionPreviewSchema },
  /** SIGTERM/SIGKILL (Windows taskkill) after the guards; waits up to 3 s and says what happened. */
  endProcess: { request: EndProcessRequestSchema, response: ActionResultSchema },
  /** Resets one TCP connection (Linux `ss -K`, root); elsewhere "not supported on this OS". */
  closeConnection: { request: CloseConnectionRequestSchema, response: ActionResultSchema },
  /** Whether a port can be bound on 0.0.0.0 and 127.0.0.1 now, and who blocks it. */
  checkPort: { request: PortCheckRequestSchema, response: PortCheckSchema },
  // issue 12: captures
  /**
   * Reads a capture taken on another machine (pasted text, or a file's bytes in base64 so the
   * encoding is told from the bytes; at most 8 MB) into read-only rows for the window.
   */
  parseCapture: { request: ParseCaptureRequestSchema, response: CaptureSchema },
  /**
   * The desktop app's "Open capture…": a file picker in the main process, then parseCapture on the
   * chosen file; null when the picker was cancelled. Hosts without one (the web host) refuse it.
   */
  openCaptureFile: { request: empty, response: CaptureSchema.nullable() },
  // issue 13: names, destinations, bytes
  /**
   * Known names of remote addresses (only named ones are answered); the service looks up the
   * others off the sampling path and pushes them as 'hostNames' events. Never waited for.
   */
  getHostNames: {
    request: z.object({ addresses: z.array(z.string().max(64)).max(HOST_NAME_LIMIT) }).strict(),
    response: HostNamesSchema,
  },
  /** The "Resolve names" setting: off stops every lookup (and names are not shown). */
  setResolveNames: { request: z.object({ on: z.boolean() }).strict(), response: z.object({ on: z.boolean() }) },
  /** The destinations view as of the last sample (the 'destinations' event pushes it every tick). */
  getDestinations: {
    request: z.object({ limit: z.number().int().min(1).max(DESTINATION_LIMIT).optional() }).strict(),
    response: DestinationsSchema,
  },
  /** Bytes and RTT per connection (Linux tcp_info through ss), read for one target at most once a second. */
  getTcpInfo: { request: z.object({ target: TcpInfoTargetSchema }).strict(), response: TcpInfoResultSchema },
} as const;

/** Every event the service pushes. */
export const events = {
  delta: DeltaSchema,
  churn: ChurnSummarySchema,
  status: StatusSchema,
  notification: NotificationSchema,
  // issue 13: names, destinations, bytes
  /** Names found since the last event (address → name); addresses with none are not sent. */
  hostNames: z.object({ names: z.record(z.string(), z.string()) }),
  destinations: DestinationsSchema,
} as const;

/** A method name. */
export type MethodName = keyof typeof methods;
/** An event name. */
export type EventName = keyof typeof events;
/** The request type of a method. */
export type RequestOf<M extends MethodName> = z.infer<(typeof methods)[M]['request']>;
/** The response type of a method. */
export type ResponseOf<M extends MethodName> = z.infer<(typeof methods)[M]['response']>;
/** The payload type of an event. */
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** The service as any transport exposes it: one async function per method. */
export type PortApi = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseOf<M>> };

/** Subscribes a listener to one event; returns the unsubscribe function. */
export type EventSubscriber = <E extends EventName>(event: E, listener: (payload: EventOf<E>) => void) => () => void;

/** What window.ephemera and the web-host client both provide. */
export interface EphemeraBridge {
  call: <M extends MethodName>(method: M, request: RequestOf<M>) => Promise<ResponseOf<M>>;
  on: EventSubscriber;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time proof that the zod-free name lists match the schemas. */
export const NAMES_MATCH: [
  Same<MethodName, (typeof METHOD_NAMES)[number]>,
  Same<EventName, (typeof EVENT_NAMES)[number]>,
] = [true, true];

export { channelOf, EVENT_NAMES, METHOD_NAMES } from './contract-names';
