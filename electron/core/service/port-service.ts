/**
 * The port service: the one API of the app. Sampling and churn diffing run in the sampler
 * thread; this side keeps a mirror of the table for subscribe and export, fans out events, and
 * answers every contract method. Transport-free: the IPC handlers, the web host and the CLI all
 * wrap this same object, and each request is checked against the contract here as well.
 */
import { hostname, release, arch } from 'node:os';
import { z } from 'zod';
import { methods } from '../../../shared/contract';
import type { EventSubscriber, ExportFormat, MethodName, PortApi, RequestOf, Status } from '../../../shared/contract';
import { ExportFormatSchema } from '../../../shared/contract';
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Delta } from '../../../shared/model';
import type { UnreadableProcess } from '../../../shared/owner-coverage';
import { createActions } from '../actions/action-service';
import type { ActionDeps } from '../actions/action-service';
import { createChurnEngine } from '../churn/churn-engine';
import { linuxConnectTracer, linuxEventReader } from '../events/linux-event-reader';
import type { ChurnLimits } from '../churn/types';
import { writeFileAtomic } from '../export/atomic-write';
import { renderExport } from '../export/render-export';
import type { SchedulerState } from '../sampler/scheduler';
import { validateIntervalMs } from '../sampler/scheduler';
import type { SocketSource } from '../sampler/types';
import { createSamplerClient } from '../sampler/worker-client';
import type { RestartPolicy, SamplerMode } from '../sampler/worker-client';
import type { SamplerStats, SourceChoice, TickMessage } from '../sampler/worker-protocol';
import { captureMethods } from './capture-methods';
import { createEventHub } from './event-hub';
import { createInsightMethods, type InsightDeps } from './insight-methods';
import { createNotifier } from './notifier';
import { getProcessDetails } from './process-details';
import { serviceName, serviceNames } from './port-names';
import { EMPTY_CHURN, emptySnapshot, ownerCoverage } from './service-defaults';
import { preferSmallHeap } from './memory-flags';
import { createSnapshotMirror } from './snapshot-mirror';
import { createErrorLog, statusChanged } from './status-board';

/** What createPortService can be told; every field has a sensible default. */
export interface PortServiceOptions {
  /** Sampling interval, 250..10,000 ms (default 1000). */
  intervalMs?: number;
  paused?: boolean;
  /** Which adapter the sampler thread uses (default 'auto': by OS). */
  source?: SourceChoice;
  /** Path of the built sampler worker (default: sampler-worker.js beside the bundle). */
  workerPath?: string | URL;
  /** Passed to a custom worker entry as workerData.extra (tests). */
  workerExtra?: unknown;
  /** Samples this source on the calling thread over a MessageChannel instead of a worker (tests, one-shot tools). */
  inProcessSource?: SocketSource;
  limits?: Partial<ChurnLimits>;
  host?: string;
  platform?: NodeJS.Platform;
  restart?: Partial<RestartPolicy>;
  /** How long subscribe and export wait for the first sample, ms (default 5000). */
  firstSampleWaitMs?: number;
  /**
   * Run the `ss -E` destroy-event reader beside the engine (Linux). Default: on in the sampler
   * thread, off with inProcessSource (tests and one-shot tools ask for it explicitly).
   */
  destroyEvents?: boolean;
  /**
   * Run the connect tracepoint (bpftrace on sock:inet_sock_set_state; Linux, root) for exact
   * owners of short-lived connections. Default off: it costs a bpftrace process and seconds of
   * compiling at start; the status says why it is off.
   */
  tracepoint?: boolean;
  /** Ports watched for a change of owner from the start (setWatchedPorts replaces them). */
  watchedPorts?: readonly number[];
  /** Effects of the actions (tests); the defaults are the real machine. */
  actions?: Omit<ActionDeps, 'sockets' | 'onLogged'>;
  /** Look up names of remote addresses (default true; the CLI's -n and the setting turn it off). */
  resolveNames?: boolean;
  /** Name lookups' resolver, timeouts and caps (tests point a resolver at a silent port). */
  names?: InsightDeps['names'];
  /** How tcp_info is read (tests). */
  tcpInfo?: InsightDeps['tcpInfo'];
  /**
   * V8's memory-saving mode for this process (default true; see memory-flags.ts). False leaves
   * V8's flags as they are (they are process-wide: another service may have set them already).
   */
  smallHeap?: boolean;
}

/** The service as every transport sees it. */
export type PortService = PortApi & {
  on: EventSubscriber;
  /** The remote address's name when the service knows one (exports, the CLI). */
  hostName(address: string): string | null | undefined;
  /** Waits for the names of these addresses (one-shot tools), at most one lookup timeout per batch. */
  resolveNames(addresses: readonly string[]): Promise<Map<string, string>>;
  writeExport(format: ExportFormat, path: string): Promise<{ path: string; bytes: number }>;
  /** The sampler thread's heap, structure sizes and CPU per tick, plus the mirror's (the memory bench). */
  memoryStats(): Promise<{ sampler: SamplerStats; mirror: Record<string, number> }>;
  /** Writes a V8 heap snapshot of the sampler thread to `path`; resolves with the path written. */
  samplerHeapSnapshot(path: string): Promise<string>;
  close(): Promise<void>;
};

/** Destroy-event reader state until the sampler reports one. */
const EVENTS_STARTING = 'off: sampler starting';

/** Checks a request against the contract, naming the method and the problem. */
function validate<M extends MethodName>(method: M, request: unknown): RequestOf<M> {
  const r = (methods[method].request as unknown as z.ZodType<RequestOf<M>>).safeParse(request);
  if (!r.success) throw new Error(`invalid ${method} request: ${z.prettifyError(r.error).replace(/\s+/g, ' ').slice(0, 500)}`);
  return r.data;
}

/** Starts sampling (in a worker thread unless inProcessSource is given) and returns the service. */
export function createPortService(options: PortServiceOptions = {}): PortService {
  if (options.smallHeap !== false) preferSmallHeap();
  const platform = options.platform ?? process.platform;
  const host = options.host ?? hostname();
  const intervalMs = validateIntervalMs(options.intervalMs ?? 1000);
  const errors = createErrorLog();
  const mirror = createSnapshotMirror(emptySnapshot(host, platform));
  let sourceName = 'starting';
  let unreadable: readonly UnreadableProcess[] = [];
  let scheduler: SchedulerState = { intervalMs, paused: options.paused ?? false, lastSampleMs: null, stretched: false, samples: 0 };
  let churn: ChurnSummary = EMPTY_CHURN;
  let lastStatus: Status | null = null;
  let eventsState = EVENTS_STARTING;
  let tracepointState = EVENTS_STARTING;
  let resyncing = false;
  let closed = false;
  let markFirst: () => void = () => undefined;
  const firstTick = new Promise<void>((resolve) => (markFirst = resolve));

  const status = (): Status => ({
    source: sourceName,
    intervalMs: scheduler.intervalMs,
    paused: scheduler.paused,
    lastSampleMs: scheduler.lastSampleMs,
    stretched: scheduler.stretched,
    samples: scheduler.samples,
    ownerCoverage: ownerCoverage(mirror, platform, sourceName, unreadable),
    events: eventsState,
    tracepoint: tracepointState,
    ephemeralRange: mirror.view().ephemeralRange,
    errors: errors.list(),
    actions: actions.log(),
  });
  const pushStatus = (): void => {
    const next = status();
    if (!statusChanged(lastStatus, next)) return;
    lastStatus = next;
    hub.emit('status', next);
  };
  const recordError = (message: string): void => {
    errors.add(message);
    pushStatus();
  };
  const hub = createEventHub(recordError);
  const actions = createActions({ platform, ...options.actions, sockets: () => mirror.current().sockets, onLogged: () => pushStatus() });
  const notifier = createNotifier({ emit: (n) => hub.emit('notification', n) });
  if (options.watchedPorts !== undefined) notifier.setWatched(options.watchedPorts, mirror.current());
  const insight = createInsightMethods({
    emitNames: (names) => hub.emit('hostNames', { names }),
    emitDestinations: (d) => hub.emit('destinations', d),
    sockets: () => mirror.current().sockets,
    platform,
    resolveNames: options.resolveNames,
    names: options.names,
    tcpInfo: options.tcpInfo,
    onError: recordError,
  });

  /** Publishes a tick; a baseline (first table of a thread, a resync) teaches the notifier without notifying. */
  const publish = (delta: Delta, baseline: boolean): void => {
    markFirst();
    hub.emit('delta', delta);
    hub.emit('churn', churn);
    pushStatus();
    const table = mirror.view();
    notifier.delta(delta, table, baseline);
    notifier.churn(churn, table.ephemeralRange);
  };

  /** Recovers from a tick that does not follow the mirror by rebasing on the engine's snapshot. */
  const resync = async (tick: TickMessage): Promise<void> => {
    if (resyncing) return;
    resyncing = true;
    errors.add(`delta ${tick.delta.seq} did not follow the table; resynchronizing`);
    try {
      const r = await client.request('snapshot', {});
      churn = r.churn;
      publish(mirror.rebase(r.snapshot, tick.delta.stats), true);
    } catch (error) {
      recordError(`resynchronizing failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      resyncing = false;
    }
  };

  const onTick = (tick: TickMessage): void => {
    for (const e of tick.errors) errors.add(e);
    sourceName = tick.source;
    unreadable = tick.unreadable ?? [];
    const delta = mirror.apply(tick);
    if (delta === null) {
      void resync(tick);
      return;
    }
    churn = tick.churn;
    publish(delta, tick.snapshot !== null);
    insight.onTick(delta, tick.destinations);
  };

  const mode: SamplerMode =
    options.inProcessSource !== undefined
      ? {
          kind: 'in-process',
          source: options.inProcessSource,
          makeEngine: createChurnEngine,
          makeEventReader: options.destroyEvents === true ? linuxEventReader : undefined,
          makeConnectTracer: options.tracepoint === true ? linuxConnectTracer : undefined,
        }
      : { kind: 'thread', workerPath: options.workerPath, extra: options.workerExtra };
  const client = createSamplerClient({
    config: {
      intervalMs,
      paused: scheduler.paused,
      source: options.source ?? 'auto',
      host,
      platform,
      limits: options.limits,
      rangeRefreshMs: 60_000,
      destroyEvents: options.destroyEvents ?? options.inProcessSource === undefined,
      tracepoint: options.tracepoint === true,
    },
    mode,
    restart: options.restart,
    events: {
      onReady: (ready) => {
        sourceName = ready.source;
        scheduler = ready.state;
        mirror.setMeta({ source: ready.source, ephemeralRange: ready.ephemeralRange });
        pushStatus();
      },
      onTick,
      onState: (state) => {
        scheduler = state;
        pushStatus();
      },
      onEvents: (state, source) => {
        if (source === 'tracepoint') tracepointState = state;
        else eventsState = state;
        pushStatus();
      },
      onError: recordError,
    },
  });

  const waitFirst = async (): Promise<void> => {
    if (scheduler.paused) return;
    await Promise.race([firstTick, new Promise((r) => setTimeout(r, options.firstSampleWaitMs ?? 5000).unref())]);
  };
  const control = async (kind: 'pause' | 'resume', request: unknown): Promise<Status> => {
    validate(kind, request);
    scheduler = await client.request(kind, {});
    pushStatus();
    return status();
  };
  const exportSnapshot: PortApi['exportSnapshot'] = async (request) => {
    const { format } = validate('exportSnapshot', request);
    await waitFirst();
    const snapshot = mirror.current();
    const os = { platform: snapshot.platform, release: release(), arch: arch() };
    const { reconciliation, exhaustion, flags, events } = churn;
    const sources = {
      polling: `${sourceName} every ${scheduler.intervalMs} ms${scheduler.paused ? ' (paused)' : ''}`,
      destroyEvents: eventsState,
      tracepoint: tracepointState,
    };
    const hostName = insight.hostName;
    return renderExport(format, {
      snapshot,
      reconciliation,
      os,
      serviceName,
      hostName,
      exhaustion,
      flags,
      destroyEvents: events,
      actions: actions.log(),
      sources,
    });
  };

  return {
    on: hub.on,
    async subscribe(request) {
      validate('subscribe', request);
      await waitFirst();
      return { snapshot: mirror.current(), churn };
    },
    getStatus: async (request) => (validate('getStatus', request), status()),
    getChurn: async (request) => (validate('getChurn', request), churn),
    async getProcess(request) {
      const { pid, startTime } = validate('getProcess', request);
      return getProcessDetails(pid, startTime, platform);
    },
    async getPortHistory(request) {
      const { port, proto } = validate('getPortHistory', request);
      return client.request('portHistory', { port, proto });
    },
    exportSnapshot,
    async setInterval(request) {
      const ms: unknown = typeof request === 'object' && request !== null ? (request as { ms?: unknown }).ms : undefined;
      validateIntervalMs(ms);
      validate('setInterval', request);
      scheduler = await client.request('setInterval', { ms: ms as number });
      pushStatus();
      return status();
    },
    pause: (request) => control('pause', request),
    resume: (request) => control('resume', request),
    async setWatchedPorts(request) {
      const { ports } = validate('setWatchedPorts', request);
      return { ports: notifier.setWatched(ports, mirror.current()) };
    },
    async getProcessLifetimes(request) {
      const { pid, startTime } = validate('getProcessLifetimes', request);
      return client.request('processLifetimes', startTime === undefined ? { pid } : { pid, startTime });
    },
    getServiceNames: async (request) => serviceNames(validate('getServiceNames', request).keys),
    previewAction: async (request) => actions.previewAction(validate('previewAction', request)),
    endProcess: async (request) => actions.endProcess(validate('endProcess', request)),
    closeConnection: async (request) => actions.closeConnection(validate('closeConnection', request)),
    checkPort: async (request) => actions.checkPort(validate('checkPort', request)),
    ...captureMethods(),
    getHostNames: (request) => insight.methods.getHostNames(validate('getHostNames', request)),
    setResolveNames: (request) => insight.methods.setResolveNames(validate('setResolveNames', request)),
    getDestinations: (request) => insight.methods.getDestinations(validate('getDestinations', request)),
    getTcpInfo: (request) => insight.methods.getTcpInfo(validate('getTcpInfo', request)),
    hostName: insight.hostName,
    resolveNames: (addresses) => insight.book.resolveAll(addresses),
    async writeExport(format, path) {
      const f = ExportFormatSchema.parse(format);
      if (typeof path !== 'string' || path.trim() === '') throw new Error('writeExport needs a file path');
      const { content } = await exportSnapshot({ format: f });
      return writeFileAtomic(path, content);
    },
    memoryStats: async () => ({ sampler: await client.request('stats', {}), mirror: mirror.sizes() }),
    samplerHeapSnapshot: (path) => client.request('heapSnapshot', { path }),
    async close() {
      if (closed) return;
      closed = true;
      insight.close();
      await client.close();
    },
  };
}
