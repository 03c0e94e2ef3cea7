/**
 * The multi-process topology (`--topology multi`): a real nginx (master + 2 workers) on loopback;
 * a node client as root and a python3 client as `nobody`, plus a second node client connecting to
 * the same destination as the first, together 1,000 conn/s of 1-200 ms connections. Ephemera's
 * pipeline (Linux source, `ss -E` reader, and with `tracepoint` the connect tracepoint) runs here,
 * tick by tick as the sampler thread runs it, and reports every birth with its owner; each is
 * held against the client that really made it (see score.ts).
 */
import { hostname } from 'node:os';
import { createChurnEngine } from '../../electron/core/churn/churn-engine';
import { applyTraced } from '../../electron/core/events/apply-traced';
import { createConnectTracer, TRACE_RUNNING, type ConnectTracer } from '../../electron/core/events/connect-tracer';
import { createSsEventReader, RUNNING_STATE } from '../../electron/core/events/ss-event-reader';
import { createLinuxSource } from '../../electron/core/sampler/linux-source';
import { startNginx } from '../../electron/core/test-kit/real-nginx';
import { runClient, type ClientSpec } from './multi-clients';
import { scoreBirths, type Score, type TimedBirth } from './score';

/** One run of the multi topology, in the shape --json prints. */
export interface MultiRun extends Score {
  topology: 'multi';
  close: 'fin' | 'rst';
  tracepoint: boolean;
  /** The connect tracepoint's state when the load started (why it was off, if it was). */
  tracepointState: string;
  kernelOpens: number;
  /** Births Ephemera reported (both sides); kernelOpens is the machine's, both sides too. */
  captured: number;
  clients: { program: string; pid: number; user: string; connects: number; errors: Record<string, number> }[];
  nginx: { master: number; workers: number[] };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NOBODY = 65534;

async function waitFor(test: () => boolean, ms: number, poll: () => void): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    poll();
    if (test()) return true;
    await sleep(100);
  }
  return test();
}

/** Runs one close mode, with or without the tracepoint, for `seconds` of load. */
export async function runMulti(close: 'fin' | 'rst', tracepoint: boolean, seconds: number, intervalMs: number): Promise<MultiRun> {
  const nginx = await startNginx(2);
  const reader = createSsEventReader();
  const tracer: ConnectTracer | null = tracepoint ? createConnectTracer('linux') : null;
  const source = createLinuxSource();
  const births: TimedBirth[] = [];
  let counting = false;
  try {
    reader.start();
    tracer?.start();
    await waitFor(() => reader.state() === RUNNING_STATE, 10_000, () => reader.drain(Date.now()));
    if (tracer !== null) await waitFor(() => tracer.state() === TRACE_RUNNING, 60_000, () => tracer.drain());
    const meta = { host: hostname(), platform: 'linux', source: source.name, ephemeralRange: await source.ephemeralRange() };
    const engine = createChurnEngine(meta, undefined, {
      destroyEvents: (until) => reader.drain(until),
      ...(tracer === null ? {} : { exactOwner: (t, partial, time) => tracer.ownerOf(t, partial, time) }),
      onBirths: (list) => {
        if (counting) births.push(...list);
      },
    });
    const tick = async (): Promise<void> => {
      const sample = await source.sample();
      if (tracer !== null) {
        tracer.drain();
        applyTraced(sample.sockets, tracer);
      }
      engine.ingest(sample);
    };
    await tick();
    await tick();
    const opensBefore = engine.summary().reconciliation.kernelOpens ?? 0;
    counting = true;
    const specs: (ClientSpec & { user: string })[] = [
      { program: 'node', rate: 400, user: 'root' },
      { program: 'python3', rate: 400, uid: NOBODY, user: 'nobody' },
      { program: 'node', rate: 200, user: 'root' },
    ];
    const clients = specs.map((spec) => ({ spec, run: runClient(spec, nginx.port, seconds, close) }));
    let running = true;
    const all = Promise.all(clients.map((c) => c.run.done)).finally(() => (running = false));
    while (running) {
      const started = Date.now();
      await tick();
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
    const results = await all;
    // Two more ticks: the last connections' destroy events and TIME_WAIT rows are read.
    for (let i = 0; i < 2; i++) {
      await sleep(intervalMs);
      await tick();
    }
    counting = false;
    const opensAfter = engine.summary().reconciliation.kernelOpens ?? 0;
    const truth = results.flatMap((r) => r.records);
    const score = scoreBirths(births, truth, nginx.port);
    return {
      topology: 'multi',
      close,
      tracepoint,
      tracepointState: tracer?.state() ?? 'off: not asked for',
      kernelOpens: opensAfter - opensBefore,
      captured: births.length,
      ...score,
      clients: results.map((r, i) => ({ program: r.program, pid: r.pid, user: specs[i]?.user ?? '?', connects: r.records.length, errors: r.errors })),
      nginx: { master: nginx.master, workers: nginx.workers },
    };
  } finally {
    await reader.stop();
    await tracer?.stop();
    source.close?.();
    await nginx.stop();
  }
}
