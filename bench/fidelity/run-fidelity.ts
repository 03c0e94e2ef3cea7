/**
 * One fidelity run: a fresh port service (sampler thread + ss -E reader, as the app runs it) and
 * a systeminformation poller watch a load child for a few seconds; the kernel's own open count is
 * the truth both are held against. Kernel counters are machine-wide: other processes' opens count
 * too, and nothing is subtracted; the load's own opens (2 per connection) are reported beside them.
 */
import type { ChurnSummary, Reconciliation } from '../../shared/churn-model';
import type { Status } from '../../shared/contract';
import { createPortService } from '../../electron/core/service/port-service';
import { startLoad } from './load-child';
import { createSiPoller, type SiCount } from './si-poller';

/** What a run is asked to do. */
export interface RunOptions {
  rate: number;
  close: 'fin' | 'rst';
  seconds: number;
  intervalMs: number;
  minMs: number;
  maxMs: number;
  /** Poll systeminformation beside Ephemera. */
  si: boolean;
  /** Run without the destroy-event reader (to see what it costs). */
  noEvents?: boolean;
  /** The bench script, started again with --load for the load child. */
  self: string;
  workerPath: string;
  /** Called with the process RSS as the load starts, every 5 s while it runs, and as it ends (soak runs). */
  onRss?: (rssBytes: number) => void;
}

/** One row of the report. */
export interface FidelityRun {
  rate: number;
  close: 'fin' | 'rst';
  seconds: number;
  kernelOpens: number;
  reportedPoll: number;
  reportedWithEvents: number;
  attributedWithEvents: number;
  /** Of those, attributed from a row the poller saw with its owner (not inferred). */
  attributedSeen: number;
  systeminformation: SiCount | null;
  /**
   * The load's own view: connect() calls and 'connect' events. Not a count of opens: under CPU
   * pressure the listen queue overflows, the server side of a connection reset at once is never
   * created, and the kernel rightly counts no passive open for it.
   */
  load: { pid: number; achievedRate: number; launched: number; connected: number; errors: Record<string, number> };
  events: { state: string; kernelDrops: number; aggregated: number; malformed: number };
  /** Errors the service reported during the run (a sampler restart makes the figures unreliable). */
  errors: string[];
  /** How long reading the table took per tick, and the longest gap between ticks, ms. */
  ticks: { count: number; sampleMsMedian: number; sampleMsMax: number; longestGapMs: number };
}

function tickFigures(sampleMs: number[], times: number[]): FidelityRun['ticks'] {
  const sorted = [...sampleMs].sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
  return {
    count: sampleMs.length,
    sampleMsMedian: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    sampleMsMax: Math.round(sorted.at(-1) ?? 0),
    longestGapMs: Math.max(0, ...gaps),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with the next value `subscribe` delivers that passes `test`, or rejects after ms. */
function next<T>(subscribe: (fn: (v: T) => void) => () => void, test: (v: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`timed out after ${ms} ms waiting for ${what}`))), ms);
    const off = subscribe((v) => {
      if (!test(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

const delta = (a: Reconciliation, b: Reconciliation, pick: (r: Reconciliation) => number | null): number => (pick(b) ?? 0) - (pick(a) ?? 0);

/** Runs one (rate, close mode) and measures it. */
export async function runFidelity(o: RunOptions): Promise<FidelityRun> {
  const service = createPortService({ intervalMs: o.intervalMs, workerPath: o.workerPath, firstSampleWaitMs: 15_000, destroyEvents: o.noEvents !== true });
  let churn: ChurnSummary | null = null;
  const churns = (fn: (c: ChurnSummary) => void) => service.on('churn', fn);
  service.on('churn', (c) => (churn = c));
  try {
    await service.subscribe({});
    const statuses = (fn: (s: Status) => void) => service.on('status', fn);
    const wanted = o.noEvents === true ? 'off: turned off' : 'running (ss -E)';
    if ((await service.getStatus({})).events !== wanted) await next(statuses, (s) => s.events === wanted, 5000, `events '${wanted}'`);
    await next(churns, (c) => c.reconciliation.kernelOpens !== null, 10_000, 'kernel counters');
    const si = o.si ? createSiPoller(o.intervalMs) : null;
    await si?.baseline();
    const r0 = (await next(churns, () => true, 5000, 'a tick before the load')).reconciliation;
    const sampleMs: number[] = [];
    const tickTimes: number[] = [];
    const offDelta = service.on('delta', (d) => {
      sampleMs.push(d.stats.sampleMs);
      tickTimes.push(d.time);
    });
    const load = startLoad(o);
    const { pid } = await load.ready;
    si?.start(pid);
    o.onRss?.(process.memoryUsage().rss);
    const rss = o.onRss === undefined ? null : setInterval(() => o.onRss?.(process.memoryUsage().rss), 5000);
    const report = await load.done;
    if (rss !== null) clearInterval(rss);
    o.onRss?.(process.memoryUsage().rss);
    // Two more ticks: the last connections' destroy events and TIME_WAIT rows are read.
    for (let i = 0; i < 2; i += 1) await next(churns, () => true, o.intervalMs * 4, 'a tick after the load');
    offDelta();
    const siCount = (await si?.stop()) ?? null;
    const end = churn as ChurnSummary | null;
    if (end === null) throw new Error('no churn summary');
    const r1 = end.reconciliation;
    const mine = [...end.topByChurn, ...end.topBySockets].find((c) => c.pid === pid);
    // Its listener is a birth but not an open.
    const births = Math.max(0, (mine?.births ?? 0) - 1);
    const events = end.events;
    const last = await service.getStatus({});
    return {
      rate: o.rate,
      close: o.close,
      seconds: o.seconds,
      kernelOpens: delta(r0, r1, (r) => r.kernelOpens),
      reportedPoll: delta(r0, r1, (r) => r.seenBySampling),
      reportedWithEvents: delta(r0, r1, (r) => r.seenBySampling + r.seenOnlyByEvents),
      attributedWithEvents: births,
      attributedSeen: Math.max(0, births - (mine?.inferredBirths ?? 0)),
      systeminformation: siCount,
      load: { pid, achievedRate: report.achievedRate, launched: report.launched, connected: report.connected, errors: report.errors },
      events: { state: last.events, kernelDrops: events?.kernelDrops ?? 0, aggregated: events?.aggregated ?? 0, malformed: events?.malformed ?? 0 },
      ticks: tickFigures(sampleMs, tickTimes),
      errors: last.errors,
    };
  } finally {
    await service.close();
    await sleep(200);
  }
}
