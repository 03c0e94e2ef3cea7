/**
 * One memory run: a fresh port service as the app runs it (sampler thread, ss -E reader) under a
 * load child (the fidelity bench's generator, in its own process so its sockets and heap are not
 * the service's), read every few seconds, with a census at minute 1 and at the end.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { startLoad } from '../fidelity/load-child';
import { formatHeapFile } from './heap-summary';
import { createPortService, type PortService } from '../../electron/core/service/port-service';
import { startIdle } from './idle-load';
import { createSampler, formatCensus, formatReading, type Census, type Reading } from './sampling';

/** What a run measured. */
export interface MemoryRun {
  rate: number;
  close: 'fin' | 'rst';
  minutes: number;
  readings: Reading[];
  census: { minute1: Census | null; end: Census | null };
  errors: string[];
}

/** How a run is started. */
export interface MemoryRunOptions {
  rate: number;
  close: 'fin' | 'rst';
  minutes: number;
  everySec: number;
  self: string;
  /** Hold this many idle sockets open instead of churning (the idle run). */
  idleSockets?: number;
  workerPath: string;
  log: (line: string) => void;
  /** Called once the service is up, before the load (the UI run opens the browser here). */
  withService?: (service: PortService) => Promise<{ read(): Promise<number>; close(): Promise<void> } | null>;
  onUiHeap?: (t: number, mb: number) => void;
  /** Folder for heap snapshots at minute 1 and at the end (null: none). */
  heapSnapshots?: string | null;
}

/** Writes both threads' heap snapshots into `dir` and logs what they hold. */
async function snapshots(service: PortService, dir: string, label: string, log: (line: string) => void): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const main = writeHeapSnapshot(join(dir, `${label}-main.heapsnapshot`));
  const worker = await service.samplerHeapSnapshot(join(dir, `${label}-sampler.heapsnapshot`));
  log(formatHeapFile(main));
  log(formatHeapFile(worker));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for the service's first delta (the thread has sampled once). */
function firstDelta(service: PortService): Promise<void> {
  return new Promise((resolve) => {
    const off = service.on('delta', () => {
      off();
      resolve();
    });
  });
}

/** Runs one load for `minutes`, reading every `everySec` s. */
export async function runMemory(o: MemoryRunOptions): Promise<MemoryRun> {
  const service = createPortService({ intervalMs: 1000, workerPath: o.workerPath, firstSampleWaitMs: 15_000 });
  const readings: Reading[] = [];
  const census: MemoryRun['census'] = { minute1: null, end: null };
  try {
    await firstDelta(service);
    const ui = (await o.withService?.(service)) ?? null;
    const seconds = Math.round(o.minutes * 60);
    const load =
      o.idleSockets === undefined
        ? startLoad({ rate: o.rate, seconds, close: o.close, minMs: 1, maxMs: 200, self: o.self })
        : startIdle(o.self, o.idleSockets, seconds);
    await load.ready;
    const sampler = createSampler(service);
    await sampler.read();
    const t0 = performance.now();
    for (let next = o.everySec; next <= seconds; next += o.everySec) {
      await sleep(Math.max(0, t0 + next * 1000 - performance.now()));
      // A reading the starved thread cannot give in time is skipped, not the run.
      const r = await sampler.read().catch((error: unknown) => {
        o.log(`  reading at ${next} s skipped: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (r === null) continue;
      readings.push(r);
      const uiMb = ui === null ? null : await ui.read();
      if (uiMb !== null) o.onUiHeap?.(r.t, uiMb);
      o.log(formatReading(r) + (uiMb === null ? '' : ` | renderer heap ${uiMb.toFixed(1)} MB`));
      if (census.minute1 === null && next >= 60) {
        census.minute1 = await sampler.census().catch(() => null);
        if (census.minute1 !== null) o.log(formatCensus('minute 1', census.minute1));
        if (o.heapSnapshots != null) await snapshots(service, o.heapSnapshots, `${o.rate}-${o.close}-min1`, o.log);
      }
    }
    census.end = await sampler.census().catch(() => null);
    if (census.end !== null) o.log(formatCensus(`minute ${o.minutes}`, census.end));
    if (o.heapSnapshots != null) await snapshots(service, o.heapSnapshots, `${o.rate}-${o.close}-end`, o.log);
    await ui?.close();
    await load.done.catch((error: unknown) => o.log(`load: ${error instanceof Error ? error.message : String(error)}`));
    const status = await service.getStatus({});
    return { rate: o.rate, close: o.close, minutes: o.minutes, readings, census, errors: status.errors };
  } finally {
    await service.close();
    await sleep(300);
  }
}
