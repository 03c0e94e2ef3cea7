/**
 * The actions that free a port (end a process, close one TCP connection), their preview, their
 * results and the action log, as zod schemas. Shared so the service, every transport, the CLI
 * and the renderer agree on one shape, and so a result is always words plus a kind, never a
 * bare error code.
 */
import { z } from 'zod';
import { ProtoSchema, SocketSchema } from './model';

/** Non-negative so pid 0 reaches the guard and is refused in words, not as a schema error. */
const pid = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
/** A one-time confirmation token from previewAction (base64url). */
const nonce = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const SignalNameSchema = z.enum(['term', 'kill']);
/** How hard to ask: SIGTERM (taskkill) or SIGKILL (taskkill /F). */
export type SignalName = z.infer<typeof SignalNameSchema>;

export const ProcessTargetSchema = z.object({ pid, startTime: count }).strict();
/** One process, by pid and start time (clock ticks since boot; 0 where the OS gives none). */
export type ProcessTarget = z.infer<typeof ProcessTargetSchema>;

export const EndProcessRequestSchema = ProcessTargetSchema.extend({
  signal: SignalNameSchema,
  nonce: nonce.optional(),
}).strict();
/** endProcess's request. */
export type EndProcessRequest = z.infer<typeof EndProcessRequestSchema>;

export const CloseConnectionRequestSchema = z
  .object({ id: z.string().min(1).max(512), nonce: nonce.optional() })
  .strict();
/** closeConnection's request: a socket id from the table. */
export type CloseConnectionRequest = z.infer<typeof CloseConnectionRequestSchema>;

/** At most this many processes in one preview (a selection of rows). */
export const PREVIEW_PROCESS_LIMIT = 32;

export const PreviewRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('end-process'),
      processes: z.array(ProcessTargetSchema).min(1).max(PREVIEW_PROCESS_LIMIT),
    })
    .strict(),
  z.object({ kind: z.literal('close-connection'), id: z.string().min(1).max(512) }).strict(),
  z
    .object({ kind: z.literal('free-port'), port: z.number().int().min(1).max(65535), proto: ProtoSchema.nullable() })
    .strict(),
]);
/** What to preview: processes, one connection, or whatever holds a port. */
export type PreviewRequest = z.infer<typeof PreviewRequestSchema>;

export const ActionOutcomeSchema = z.enum([
  'gone',
  'still-running',
  'permission-denied',
  'no-such-process',
  'refused',
  'closed',
  'still-open',
  'no-such-connection',
  'not-supported',
  'failed',
]);
/** What an action did. */
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

export const ActionKindSchema = z.enum(['end-process', 'close-connection']);
/** Which action. */
export type ActionKind = z.infer<typeof ActionKindSchema>;

export const ActionResultSchema = z.object({
  action: ActionKindSchema,
  outcome: ActionOutcomeSchema,
  /** The outcome in words, e.g. "node (pid 4121) ended after SIGTERM". */
  message: z.string(),
  /** What was acted on, in words: "node (pid 4121)" or "tcp 127.0.0.1:5000 → 127.0.0.1:80". */
  target: z.string(),
  time: z.number(),
});
/** The result of one action. */
export type ActionResult = z.infer<typeof ActionResultSchema>;

export const PreviewProcessSchema = z.object({
  pid,
  startTime: count,
  name: z.string(),
  cmdline: z.array(z.string()),
  user: z.string().nullable(),
  uid: count.nullable(),
  /** Why this process would be refused (pid 1, Ephemera itself, a reused pid...), null when it may be ended. */
  refusal: z.string().nullable(),
  /** A note that does not refuse, e.g. that it belongs to another user and may need root. */
  note: z.string().nullable(),
  /** Its sockets in the table (at most 50). */
  sockets: z.array(SocketSchema),
  socketCount: count,
});
/** One process an action would hit. */
export type PreviewProcess = z.infer<typeof PreviewProcessSchema>;

export const PortRefSchema = z.object({ proto: ProtoSchema, port: z.number().int().min(0).max(65535) });
/** A port of a protocol. */
export type PortRef = z.infer<typeof PortRefSchema>;

export const ActionPreviewSchema = z.object({
  kind: z.enum(['end-process', 'close-connection', 'free-port']),
  processes: z.array(PreviewProcessSchema),
  /** The connection closeConnection would reset. */
  connection: SocketSchema.nullable(),
  /** Ports no socket would hold any more once the processes are gone (listening and bound ports). */
  portsFreed: z.array(PortRefSchema),
  /** Sockets on the port whose owner is not known (other users' without root, TIME_WAIT). */
  unknownHolders: count,
  /** What the action would do, in one or two sentences; says so when nothing can be done. */
  summary: z.string(),
  /** Whether anything would be acted on. */
  actionable: z.boolean(),
  /** Pass this to endProcess/closeConnection; once per target, within expiresAt. */
  nonce: z.string(),
  expiresAt: z.number(),
});
/** What an action would hit, with the one-time confirmation nonce. */
export type ActionPreview = z.infer<typeof ActionPreviewSchema>;

export const ActionLogEntrySchema = z.object({
  time: z.number(),
  action: ActionKindSchema,
  target: z.string(),
  outcome: ActionOutcomeSchema,
  message: z.string(),
});
/** One line of the action log. */
export type ActionLogEntry = z.infer<typeof ActionLogEntrySchema>;

export const BindProbeSchema = z.enum(['free', 'in-use', 'permission-denied', 'not-checked']);
/** What a real bind attempt said. */
export type BindProbe = z.infer<typeof BindProbeSchema>;

export const BlockerSchema = z.object({
  kind: z.enum(['listener', 'time-wait', 'connected', 'bound']),
  socket: SocketSchema,
  /** "listener node (pid 4121) on 0.0.0.0:3000", "TIME_WAIT remnant 127.0.0.1:3000 → 127.0.0.1:51000 (does not block a server using SO_REUSEADDR)". */
  text: z.string(),
});
/** A socket that stands in the way of binding a port. */
export type Blocker = z.infer<typeof BlockerSchema>;

export const BindAnswerSchema = z.object({
  address: z.string(),
  /** The real bind attempt (with SO_REUSEADDR, as most servers do). */
  probe: BindProbeSchema,
  /** Sockets that block a bind on this address. */
  blockers: z.array(BlockerSchema),
  /** One sentence: "free to bind on 0.0.0.0:3000/tcp" or "in use on 127.0.0.1:3000/tcp: listener node (pid 4121)". */
  text: z.string(),
});
/** Whether a port can be bound on one address, and why not. */
export type BindAnswer = z.infer<typeof BindAnswerSchema>;

export const PortCheckRequestSchema = z
  .object({ port: z.number().int().min(1).max(65535), proto: ProtoSchema })
  .strict();
/** checkPort's request. */
export type PortCheckRequest = z.infer<typeof PortCheckRequestSchema>;

export const PortCheckSchema = z.object({
  port: z.number().int(),
  proto: ProtoSchema,
  /** 0.0.0.0 then 127.0.0.1. */
  answers: z.array(BindAnswerSchema),
  /** TIME_WAIT remnants on the port (they block only servers without SO_REUSEADDR). */
  timeWait: count,
});
/** The "address already in use" answer for one port. */
export type PortCheck = z.infer<typeof PortCheckSchema>;
