/**
 * The sampler thread's work: source + churn engine driven by the chained scheduler, answering
 * typed requests over a message port. It runs inside a worker thread in the app; tests can run
 * it on a MessageChannel in-process, so both paths share every line of protocol code.
 */
import { DESTINATION_LIMIT } from '../../../shared/destination-model';
import { IANA_DEFAULT_EPHEMERAL, LINUX_DEFAULT_EPHEMERAL } from '../../../shared/port-class';
import type { EphemeralRange } from '../../../shared/model';
import type { ChurnHooks } from '../churn/churn-engine';
import type { ChurnEngine, ChurnLimits, SnapshotMeta } from '../churn/types';
import type { Tuple } from '../churn/connections';
import type { ConnectTracer } from '../events/connect-tracer';
import { applyTraced } from '../events/apply-traced';
import type { DestroyEventReader } from '../events/ss-event-reader';
import { clockTicksPerSecond } from '../owners/sysconf';
import { createScheduler } from './scheduler';
import { threadCpuMs } from './thread-cpu';
import type { Scheduler } from './scheduler';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import type { RawSample, SocketSource } from './types';
import { AckMessageSchema, HostMessageSchema, MAX_UNACKED, SamplerInitSchema, parseMessage } from './worker-protocol';
import type { HostMessage, SamplerConfig, SamplerInit, SamplerStats, SourceChoice, WorkerMessage } from './worker-protocol';

/** Share of the heap cap past which the sampler trims its history. */
const HEAP_SHRINK_AT = 0.6;

/** Factories a thread entry supplies: which source and which engine to run. */
export interface SamplerDeps {
  makeSource(choice: SourceChoice, platform: string): SocketSource;
  makeEngine(meta: SnapshotMeta, limits?: Partial<ChurnLimits>, hooks?: ChurnHooks): ChurnEngine;
  /**
   * The destroy-event reader for this platform (null where there is none); it starts and stops
   * with sampling and reports its state through onState.
   */
  makeEventReader?(platform: string, onState: (state: string) => void): DestroyEventReader | null;
  /** The connect tracepoint (exact owners of short-lived connects), where config.tracepoint asks for it. */
  makeConnectTracer?(platform: string, onState: (state: string) => void): ConnectTracer | null;
  /** A failure the sampler cannot continue after (startup); the host restarts the thread. */
  onFatal(error: unknown): void;
}

/** The part of a worker_threads MessagePort the sampler uses. */
export interface SamplerPort {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
}

/** Error text for any thrown value (an error cloned across threads may arrive without its message). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || `${error.name} without a message`;
  return String(error);
}

/** The range to use when the source cannot say, with the reason kept as origin. */
function defaultRange(platform: string, reason: string): EphemeralRange {
  const r = platform === 'linux' ? LINUX_DEFAULT_EPHEMERAL : IANA_DEFAULT_EPHEMERAL;
  return { ...r, source: 'default', origin: `default: ${reason}` };
}

async function readRange(source: SocketSource, platform: string): Promise<EphemeralRange> {
  try {
    return await source.ephemeralRange();
  } catch (error) {
    return defaultRange(platform, `could not read the OS range (${errorText(error)})`);
  }
}

interface Running {
  source: SocketSource;
  engine: ChurnEngine;
  scheduler: Scheduler;
  reader: DestroyEventReader | null;
  tracer: ConnectTracer | null;
}

/** The tracer this sampler runs (null when not asked for), its state posted on every change. */
function startTracer(config: SamplerConfig, deps: SamplerDeps, post: (m: WorkerMessage) => void): ConnectTracer | null {
  const onState = (state: string): void => post({ type: 'events', source: 'tracepoint', state });
  if (config.tracepoint !== true || deps.makeConnectTracer === undefined) {
    onState(config.tracepoint === true ? 'off: not offered by this sampler' : 'off: not turned on');
    return null;
  }
  const tracer = deps.makeConnectTracer(config.platform, onState);
  if (tracer === null) return null;
  if (config.paused) onState('off: paused');
  else {
    tracer.start();
    onState(tracer.state());
  }
  return tracer;
}

/** Why no reader runs, in the status's words. */
function noReaderState(config: SamplerConfig, offered: boolean): string {
  if (config.destroyEvents === false) return 'off: turned off';
  if (config.platform !== 'linux') return 'off: destroy events need Linux (ss -E)';
  return offered ? 'off: no reader' : 'off: not offered by this sampler';
}

/** The reader this sampler runs, its state posted on every change (and once now). */
function startReader(config: SamplerConfig, deps: SamplerDeps, post: (m: WorkerMessage) => void): DestroyEventReader | null {
  const onState = (state: string): void => post({ type: 'events', state });
  const reader = config.destroyEvents === false ? null : (deps.makeEventReader?.(config.platform, onState) ?? null);
  if (reader === null) onState(noReaderState(config, deps.makeEventReader !== undefined));
  else if (config.paused) onState('off: paused');
  else {
    reader.start();
    onState(reader.state());
  }
  return reader;
}

/** Starts sampling on a port; the returned stop() ends it (also reachable by a 'stop' request). */
export function runSampler(port: SamplerPort, config: SamplerConfig, deps: SamplerDeps): { stop(): Promise<void> } {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const fresh = (): SamplerStats['cpu'] => ({ ticks: 0, readMs: 0, ownersMs: 0, parseMs: 0, engineMs: 0, postMs: 0, threadCpuMs: null });
  let cpu = fresh();
  const clkTck = config.platform === 'linux' ? clockTicksPerSecond() : 100;
  let cpuAt = threadCpuMs(clkTck);
  const countTick = (sample: RawSample, engineMs: number, postMs: number): void => {
    const readMs = sample.timing?.readMs ?? 0;
    const ownersMs = sample.timing?.ownersMs ?? 0;
    cpu.ticks += 1;
    cpu.readMs += readMs;
    cpu.ownersMs += ownersMs;
    cpu.parseMs += Math.max(0, sample.durationMs - readMs - ownersMs);
    cpu.engineMs += engineMs;
    cpu.postMs += postMs;
  };
  /** Past HEAP_SHRINK_AT of the thread's heap cap, the history's budget halves (and says so) long before the cap. */
  let shrunkAt = Number.NEGATIVE_INFINITY;
  const guardHeap = (engine: ChurnEngine): void => {
    // Garbage counts as used until collected: give a shrink time to show before the next.
    if (performance.now() - shrunkAt < 30_000) return;
    const h = getHeapStatistics();
    if (h.used_heap_size < h.heap_size_limit * HEAP_SHRINK_AT) return;
    shrunkAt = performance.now();
    const mb = Math.round(h.used_heap_size / 1024 / 1024);
    const limit = Math.round(h.heap_size_limit / 1024 / 1024);
    if (engine.shrink()) post({ type: 'error', message: `sampler heap at ${mb} of ${limit} MB: history budget halved` });
  };
  const stats = (engine: ChurnEngine): SamplerStats => {
    const h = getHeapStatistics();
    const now = threadCpuMs(clkTck);
    const threadMs = now === null || cpuAt === null ? null : Math.max(0, now - cpuAt);
    cpuAt = now;
    const out = { heap: { used: h.used_heap_size, total: h.total_heap_size, limit: h.heap_size_limit }, structures: engine.sizes(), cpu: { ...cpu, threadCpuMs: threadMs } };
    cpu = fresh();
    return out;
  };
  let range: EphemeralRange = defaultRange(config.platform, 'not read yet');
  let rangeReadAt = 0;
  let first = true;
  /** Ticks posted and acknowledged by the main thread (see MAX_UNACKED). */
  let posted = 0;
  let acked = 0;
  let owesSnapshot = false;

  const start = async (): Promise<Running> => {
    const source = deps.makeSource(config.source, config.platform);
    range = await readRange(source, config.platform);
    rangeReadAt = Date.now();
    const meta = (): SnapshotMeta => ({ host: config.host, platform: config.platform, source: source.name, ephemeralRange: range });
    const reader = startReader(config, deps, post);
    const tracer = startTracer(config, deps, post);
    const exact = tracer === null ? {} : { exactOwner: (t: Tuple, partial: boolean, time: number) => tracer.ownerOf(t, partial, time) };
    const hooks: ChurnHooks | undefined =
      reader === null ? (tracer === null ? undefined : exact) : { destroyEvents: (until) => reader.drain(until), ...exact };
    const engine = deps.makeEngine(meta(), config.limits, hooks);
    let sourceName = source.name;
    /** Re-reads the range when due and notices a source switch; true when the engine's meta is stale. */
    const metaChanged = async (): Promise<boolean> => {
      let changed = source.name !== sourceName;
      sourceName = source.name;
      if (Date.now() - rangeReadAt >= config.rangeRefreshMs) {
        const next = await readRange(source, config.platform);
        rangeReadAt = Date.now();
        changed ||= next.low !== range.low || next.high !== range.high || next.origin !== range.origin;
        range = next;
      }
      return changed;
    };
    const tick = async (): Promise<void> => {
      const sample = await source.sample();
      if (tracer !== null) {
        tracer.drain();
        applyTraced(sample.sockets, tracer);
      }
      if (await metaChanged()) engine.setMeta(meta());
      const engineAt = performance.now();
      const delta = engine.ingest(sample);
      const snapshot = first ? engine.snapshot() : null;
      first = false;
      guardHeap(engine);
      const errors = [...sample.errors, ...engine.notices()].slice(-20);
      const unreadable = sample.unreadable ?? [];
      if (posted - acked >= MAX_UNACKED) {
        // The main thread is behind: keep sampling, and hand it the whole table once it catches up.
        owesSnapshot = true;
        countTick(sample, performance.now() - engineAt, 0);
        return;
      }
      const table = snapshot ?? (owesSnapshot ? engine.snapshot() : null);
      owesSnapshot = false;
      const churn = engine.summary();
      const postAt = performance.now();
      posted += 1;
      const destinations = engine.destinations(DESTINATION_LIMIT);
      post({ type: 'tick', source: source.name, delta, churn, errors, unreadable, ephemeralRange: range, snapshot: table, destinations });
      countTick(sample, postAt - engineAt, performance.now() - postAt);
    };
    const scheduler = createScheduler({
      intervalMs: config.intervalMs,
      paused: config.paused,
      tick,
      onError: (error) => post({ type: 'error', message: `sample failed: ${errorText(error)}` }),
      onState: (state) => post({ type: 'state', state }),
    });
    post({ type: 'ready', source: source.name, ephemeralRange: range, state: scheduler.state() });
    return { source, engine, scheduler, reader, tracer };
  };

  const running = start();
  running.catch((error: unknown) => deps.onFatal(new Error(`sampler could not start: ${errorText(error)}`)));

  const stop = async (): Promise<void> => {
    const r = await running;
    await r.scheduler.stop();
    await r.reader?.stop();
    await r.tracer?.stop();
    r.source.close?.();
  };

  const answer = async (m: HostMessage): Promise<unknown> => {
    const r = await running;
    switch (m.type) {
      case 'pause': {
        const paused = r.scheduler.pause();
        await r.reader?.stop('paused');
        await r.tracer?.stop('paused');
        return paused;
      }
      case 'resume':
        r.reader?.start();
        r.tracer?.start();
        return r.scheduler.resume();
      case 'setInterval':
        return r.scheduler.setIntervalMs(m.ms);
      case 'portHistory':
        return r.engine.portHistory(m.port, m.proto);
      case 'snapshot':
        return { snapshot: r.engine.snapshot(), churn: r.engine.summary() };
      case 'processLifetimes':
        return r.engine.lifetimesFor(m.pid, m.startTime);
      case 'stop':
        await stop();
        return null;
      case 'stats':
        return stats(r.engine);
      case 'heapSnapshot':
        return writeHeapSnapshot(m.path);
    }
  };

  port.on('message', (raw) => {
    if (AckMessageSchema.safeParse(raw).success) {
      acked = Math.min(posted, acked + 1);
      return;
    }
    const parsed = parseMessage(HostMessageSchema, raw);
    if (!parsed.ok) {
      post({ type: 'error', message: `sampler thread refused a message: ${parsed.error}` });
      return;
    }
    const { id } = parsed.value;
    answer(parsed.value).then(
      (result) => post({ type: 'reply', id, error: null, result }),
      (error: unknown) => post({ type: 'reply', id, error: errorText(error), result: null }),
    );
  });
  return { stop };
}

/** Entry for a worker thread: checks workerData, then runs; `extra` goes to the entry's own use. */
export function startSamplerThread(port: SamplerPort | null, workerData: unknown, deps: SamplerDeps): SamplerInit {
  if (port === null) throw new Error('the sampler worker must be started as a worker thread (no parentPort)');
  const init = parseMessage(SamplerInitSchema, workerData);
  if (!init.ok) throw new Error(`sampler worker got bad workerData: ${init.error}`);
  runSampler(port, init.value.config, deps);
  return init.value;
}
