/**
 * The versioned JSON export of one snapshot ("ephemera.snapshot", version 1). The zod schema
 * is the published format: exports are built to it and read back with it, so a change to the
 * format shows up as a failing round-trip test, not as a silently different file.
 */
import { z } from 'zod';
import { ActionLogEntrySchema } from '../../../shared/action-model';
import type { ActionLogEntry } from '../../../shared/action-model';
import { ReconciliationSchema } from '../../../shared/churn-model';
import type { Reconciliation } from '../../../shared/churn-model';
import { DestroyEventsSummarySchema, ExhaustionSchema, SocketFlagsSchema } from '../../../shared/exhaustion-model';
import type { DestroyEventsSummary, Exhaustion, SocketFlags } from '../../../shared/exhaustion-model';
import { EphemeralRangeSchema, KernelCountersSchema, PortRangeSchema } from '../../../shared/model';
import type { Proto, Snapshot } from '../../../shared/model';
import { IANA_DYNAMIC } from '../../../shared/port-class';
import { currentWarnings } from '../exhaustion/warnings';
import { ExportSocketSchema, toExportSocket } from './export-socket';

const WarningSchema = z
  .object({
    kind: z.enum(['exhaustion', 'listener-in-ephemeral', 'close-wait-pileup']),
    level: z.enum(['warning', 'critical']),
    subject: z.string(),
    title: z.string(),
    body: z.string(),
  })
  .strict();

export const SnapshotExportSchema = z
  .object({
    schema: z.literal('ephemera.snapshot'),
    version: z.literal(1),
    host: z.string(),
    os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }).strict(),
    /** Which adapter sampled, e.g. 'linux-procfs'. */
    source: z.string(),
    /** ISO 8601 time of the sample. */
    time: z.iso.datetime(),
    timeMs: z.number(),
    ephemeralRange: z.object({ os: EphemeralRangeSchema, iana: PortRangeSchema }).strict(),
    counters: KernelCountersSchema.nullable(),
    reconciliation: ReconciliationSchema,
    /** What destroy events added (absent where they were off). */
    destroyEvents: DestroyEventsSummarySchema.optional(),
    /** Ephemeral-port occupancy per destination with the forecast (absent in older exports). */
    exhaustion: ExhaustionSchema.optional(),
    flags: SocketFlagsSchema.optional(),
    /** Exhaustion (70%, 90%) and flag warnings in force when the export was made. */
    warnings: z.array(WarningSchema).optional(),
    /** Actions taken (ended processes, closed connections), newest last; absent when none. */
    actions: z.array(ActionLogEntrySchema).optional(),
    /**
     * Which sources were on and in what state: polling (the sampler), the `ss -E` destroy events,
     * the connect tracepoint. What each saw is in `reconciliation` (seenBySampling,
     * seenOnlyByEvents, birthsByBasis.exact).
     */
    sources: z.object({ polling: z.string(), destroyEvents: z.string(), tracepoint: z.string() }).strict().optional(),
    sockets: z.array(ExportSocketSchema),
  })
  .strict();
/** The JSON export, version 1. */
export type SnapshotExport = z.infer<typeof SnapshotExportSchema>;

/** Facts about the machine that the snapshot itself does not carry. */
export interface OsFacts {
  platform: string;
  release: string;
  arch: string;
}

/** Everything an export is made from. */
export interface ExportInput {
  snapshot: Snapshot;
  reconciliation: Reconciliation;
  os: OsFacts;
  serviceName: (port: number, proto: Proto) => string | null;
  /** Names of remote addresses (the service's name book); absent: none. */
  hostName?: (address: string) => string | null | undefined;
  exhaustion?: Exhaustion;
  flags?: SocketFlags;
  destroyEvents?: DestroyEventsSummary;
  actions?: readonly ActionLogEntry[];
  sources?: { polling: string; destroyEvents: string; tracepoint: string };
}

/** Builds the version-1 export object of a snapshot, sockets sorted by proto, local port, id. */
export function buildSnapshotExport(input: ExportInput): SnapshotExport {
  const { snapshot } = input;
  const ctx = { ephemeralRange: snapshot.ephemeralRange, firstSeen: snapshot.firstSeen, serviceName: input.serviceName, hostName: input.hostName, timeMs: snapshot.time };
  const sockets = [...snapshot.sockets]
    .sort((a, b) => a.proto.localeCompare(b.proto) || a.localPort - b.localPort || a.id.localeCompare(b.id))
    .map((s) => toExportSocket(s, ctx));
  return {
    schema: 'ephemera.snapshot',
    version: 1,
    host: snapshot.host,
    os: { ...input.os },
    source: snapshot.source,
    time: new Date(snapshot.time).toISOString(),
    timeMs: snapshot.time,
    ephemeralRange: { os: { ...snapshot.ephemeralRange }, iana: { ...IANA_DYNAMIC } },
    counters: snapshot.counters,
    reconciliation: input.reconciliation,
    ...(input.destroyEvents === undefined ? {} : { destroyEvents: input.destroyEvents }),
    ...(input.exhaustion === undefined ? {} : { exhaustion: input.exhaustion }),
    ...(input.flags === undefined ? {} : { flags: input.flags }),
    ...(input.exhaustion === undefined && input.flags === undefined
      ? {}
      : { warnings: currentWarnings(input.exhaustion, input.flags, snapshot.ephemeralRange) }),
    ...(input.actions === undefined || input.actions.length === 0 ? {} : { actions: [...input.actions] }),
    ...(input.sources === undefined ? {} : { sources: input.sources }),
    sockets,
  };
}

/** Reads a JSON export back, naming what is wrong when it is not a version-1 export. */
export function parseSnapshotExport(text: string): SnapshotExport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const r = SnapshotExportSchema.safeParse(raw);
  if (!r.success) throw new Error(`not an ephemera.snapshot version 1 export: ${z.prettifyError(r.error)}`);
  return r.data;
}
