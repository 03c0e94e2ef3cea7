/**
 * The main-thread side of the sampler thread: starts it, parses everything it posts, turns
 * requests into typed promises and restarts it with backoff when it dies, so a crash in
 * sampling costs a status line, never the host process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { EphemeralRange } from '../../../shared/model';
import type { ChurnHooks } from '../churn/churn-engine';
import type { ChurnEngine, ChurnLimits, SnapshotMeta } from '../churn/types';
import type { ConnectTracer } from '../events/connect-tracer';
import type { DestroyEventReader } from '../events/ss-event-reader';
import type { SchedulerState } from './scheduler';
import { validateIntervalMs } from './scheduler';
import type { SocketSource } from './types';
import { errorText, runSampler } from './worker-core';
import { WorkerMessageSchema, parseMessage, replySchemas } from './worker-protocol';
import type { HostMessage, ReplyOf, RequestKind, SamplerConfig, TickMessage, WorkerMessage } from './worker-protocol';

/** Where sampling runs: a real worker thread (the app), or this thread on a MessageChannel (tests, one-shot tools). */
export type SamplerMode =
  | { kind: 'thread'; workerPath?: string | URL; extra?: unknown }
  | {
      kind: 'in-process';
      source: SocketSource;
      makeEngine: (meta: SnapshotMeta, limits?: Partial<ChurnLimits>, hooks?: ChurnHooks) => ChurnEngine;
      /** The destroy-event reader to run beside the engine; none when absent. */
      makeEventReader?: (platform: string, onState: (state: string) => void) => DestroyEventReader | null;
      /** The connect tracepoint to run beside the engine; none when absent. */
      makeConnectTracer?: (platform: string, onState: (state: string) => void) => ConnectTracer | null;
    };

/** What the client reports upward. */
export interface SamplerEvents {
  onReady(ready: { source: string; ephemeralRange: EphemeralRange; state: SchedulerState }): void;
  onTick(tick: TickMessage): void;
  onState(state: SchedulerState): void;
  /** The destroy-event reader's state in words (`source` 'tracepoint': the connect tracepoint's). */
  onEvents?(state: string, source?: 'ss' | 'tracepoint'): void;
  /** A failed sample, a bad message or a crash, in words. */
  onError(message: string): void;
}

/**
 * The sampler thread's old-generation cap, MB. Every structure in the thread has a byte budget
 * far below it (see heap-guard): the thread trims its history first and says so in words; the
 * cap only stops a bug from taking the whole app's memory.
 */
export const SAMPLER_HEAP_MB = 192;

/** Restart backoff: initial delay doubles per consecutive crash up to max; a thread alive stableMs resets it. */
export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}

/** Inputs of createSamplerClient. */
export interface SamplerClientOptions {
  config: SamplerConfig;
  mode: SamplerMode;
  events: SamplerEvents;
  restart?: Partial<RestartPolicy>;
  requestTimeoutMs?: number;
}

type Params<K extends RequestKind> = Omit<Extract<HostMessage, { type: K }>, 'type' | 'id'>;

/** A live connection to the sampler thread. */
export interface SamplerClient {
  request<K extends RequestKind>(kind: K, params: Params<K>): Promise<ReplyOf<K>>;
  /** The last scheduler state the thread reported (or the one a restart will use). */
  state(): SchedulerState;
  /** Threads started after a crash. */
  restarts(): number;
  close(): Promise<void>;
}

interface Pending {
  kind: RequestKind;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Link {
  post(m: HostMessage | { type: 'ack' }): void;
  terminate(): Promise<void>;
}

/**
 * The built worker beside the bundle: out/node/sampler-worker.js, whether this code sits in an
 * entry (out/node/main.js) or a shared chunk (out/node/chunks/...). Throws naming both places.
 */
export function defaultWorkerPath(): string {
  const candidates = ['./sampler-worker.js', '../sampler-worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(`sampler worker not found at ${candidates.join(' or ')}; build it with npm run build:node`);
  }
  return found;
}

/** Starts the sampler and returns its client; the first thread starts at once. */
export function createSamplerClient(options: SamplerClientOptions): SamplerClient {
  const policy: RestartPolicy = { initialMs: 250, maxMs: 30_000, stableMs: 10_000, ...options.restart };
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  let state: SchedulerState = {
    intervalMs: options.config.intervalMs,
    paused: options.config.paused,
    lastSampleMs: null,
    stretched: false,
    samples: 0,
  };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let link: Link | null = null;
  let generation = 0;
  let startedAt = 0;
  let crashes = 0;
  let restarts = 0;
  let closing = false;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const settle = (id: number, error: string | null, result: unknown): void => {
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (error !== null) return p.reject(new Error(error));
    const parsed = parseMessage(replySchemas[p.kind] as z.ZodType<unknown>, result);
    if (parsed.ok) p.resolve(parsed.value);
    else p.reject(new Error(`sampler thread sent a bad ${p.kind} reply: ${parsed.error}`));
  };

  const onMessage = (gen: number, raw: unknown): void => {
    if (gen !== generation) return;
    const parsed = parseMessage(WorkerMessageSchema, raw);
    if (!parsed.ok) return options.events.onError(`bad message from the sampler thread: ${parsed.error}`);
    handle(parsed.value);
  };

  const handle = (m: WorkerMessage): void => {
    switch (m.type) {
      case 'ready':
        state = m.state;
        return options.events.onReady(m);
      case 'tick':
        options.events.onTick(m);
        // Handled: the thread may post the next one (it stays at most MAX_UNACKED ahead).
        link?.post({ type: 'ack' });
        return;
      case 'state':
        state = m.state;
        return options.events.onState(m.state);
      case 'events':
        return options.events.onEvents?.(m.state, m.source);
      case 'error':
        return options.events.onError(m.message);
      case 'reply':
        return settle(m.id, m.error, m.result);
    }
  };

  const crashed = (gen: number, why: string): void => {
    if (gen !== generation || closing) return;
    generation += 1;
    link = null;
    for (const id of [...pending.keys()]) settle(id, `sampler thread stopped before answering (${why})`, null);
    if (Date.now() - startedAt >= policy.stableMs) crashes = 0;
    const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** crashes);
    crashes += 1;
    options.events.onError(`${why}; restarting in ${delay} ms`);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      restarts += 1;
      start();
    }, delay);
  };

  const start = (): void => {
    const gen = generation;
    startedAt = Date.now();
    const config: SamplerConfig = { ...options.config, intervalMs: state.intervalMs, paused: state.paused };
    try {
      link = options.mode.kind === 'thread' ? startThread(options.mode, config, gen) : startInProcess(options.mode, config, gen);
    } catch (error) {
      crashed(gen, `sampler thread could not start: ${errorText(error)}`);
    }
  };

  const workerPath = options.mode.kind === 'thread' ? (options.mode.workerPath ?? defaultWorkerPath()) : '';
  const startThread = (mode: Extract<SamplerMode, { kind: 'thread' }>, config: SamplerConfig, gen: number): Link => {
    const worker = new Worker(workerPath, {
      workerData: { config, extra: mode.extra },
      resourceLimits: { maxOldGenerationSizeMb: SAMPLER_HEAP_MB, maxYoungGenerationSizeMb: 16 },
    });
    worker.on('message', (raw: unknown) => onMessage(gen, raw));
    worker.on('error', (error) => crashed(gen, `sampler thread crashed: ${errorText(error)}`));
    worker.on('exit', (code) => crashed(gen, `sampler thread exited with code ${code}`));
    return {
      post: (m) => worker.postMessage(m),
      terminate: async () => {
        await worker.terminate();
      },
    };
  };

  const startInProcess = (mode: Extract<SamplerMode, { kind: 'in-process' }>, config: SamplerConfig, gen: number): Link => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (raw: unknown) => onMessage(gen, raw));
    const sampler = runSampler(port2, config, {
      makeSource: () => mode.source,
      makeEngine: mode.makeEngine,
      makeEventReader: mode.makeEventReader,
      makeConnectTracer: mode.makeConnectTracer,
      onFatal: (error) => crashed(gen, `sampler crashed: ${errorText(error)}`),
    });
    return {
      post: (m) => port1.postMessage(m),
      terminate: async () => {
        await sampler.stop().catch(() => undefined);
        port1.close();
        port2.close();
      },
    };
  };

  /** While no thread is alive, control requests change what the next thread starts with. */
  const offline = (m: HostMessage): SchedulerState => {
    if (m.type === 'pause') state = { ...state, paused: true };
    else if (m.type === 'resume') state = { ...state, paused: false };
    else if (m.type === 'setInterval') state = { ...state, intervalMs: validateIntervalMs(m.ms) };
    else throw new Error(`the sampler thread is restarting; ${m.type} is not available for a moment`);
    return { ...state };
  };

  const request = <K extends RequestKind>(kind: K, params: Params<K>): Promise<ReplyOf<K>> => {
    if (closing) return Promise.reject(new Error('the port service is closed'));
    const id = nextId++;
    const message = { type: kind, id, ...params } as HostMessage;
    const live = link;
    if (live === null) {
      try {
        // Only control kinds get here without throwing, and their reply is a SchedulerState.
        return Promise.resolve(offline(message) as unknown as ReplyOf<K>);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return new Promise<ReplyOf<K>>((resolve, reject) => {
      // A heap snapshot of a big heap takes long on a busy machine: the bench waits for it.
      const wait = kind === 'heapSnapshot' ? Math.max(timeoutMs, 180_000) : kind === 'stats' ? Math.max(timeoutMs, 60_000) : timeoutMs;
      const timer = setTimeout(() => settle(id, `sampler thread did not answer ${kind} within ${wait} ms`, null), wait);
      pending.set(id, { kind, resolve: resolve as (v: unknown) => void, reject, timer });
      live.post(message);
    });
  };

  const close = async (): Promise<void> => {
    if (closing) return;
    if (restartTimer !== null) clearTimeout(restartTimer);
    const live = link;
    if (live !== null) {
      const stopped = request('stop', {}).catch(() => null);
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000))]);
    }
    closing = true;
    generation += 1;
    for (const id of [...pending.keys()]) settle(id, 'the port service is closed', null);
    await live?.terminate();
    link = null;
  };

  start();
  return { request, state: () => ({ ...state }), restarts: () => restarts, close };
}
