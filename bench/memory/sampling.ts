/**
 * Readings of the running service every few seconds: process RSS, the V8 heap of the main thread
 * and of the sampler thread, and CPU per tick split into the kernel's reads and Ephemera's own
 * work. Shared by the load, idle and UI runs.
 */
import { getHeapStatistics } from 'node:v8';
import type { PortService } from '../../electron/core/service/port-service';
import type { SamplerStats } from '../../electron/core/sampler/worker-protocol';

const MB = 1024 * 1024;

/** One reading. */
export interface Reading {
  /** Seconds since the run started. */
  t: number;
  rssMb: number;
  mainHeapUsedMb: number;
  mainHeapTotalMb: number;
  workerHeapUsedMb: number;
  workerHeapTotalMb: number;
  /** Per tick since the previous reading, ms; null when no tick happened. */
  tick: {
    count: number;
    readMs: number;
    ownMs: number;
    ownersMs: number;
    parseMs: number;
    engineMs: number;
    postMs: number;
    /** CPU the sampler thread used per tick (Linux), and the part of it outside the read calls (split in the wall times' proportion). */
    threadCpuMs: number | null;
    ownCpuMs: number | null;
  } | null;
  /** Process CPU (all threads) per tick since the previous reading, ms. */
  processCpuMsPerTick: number | null;
}

/** Heap statistics and structure counts at one moment (minute 1, minute 10). */
export interface Census {
  t: number;
  main: { usedMb: number; totalMb: number; limitMb: number };
  worker: { usedMb: number; totalMb: number; limitMb: number };
  structures: Record<string, number>;
}

const mb = (b: number): number => Math.round((b / MB) * 10) / 10;
const ms = (v: number): number => Math.round(v * 100) / 100;

function perTick(cpu: SamplerStats['cpu']): Reading['tick'] {
  if (cpu.ticks === 0) return null;
  const n = cpu.ticks;
  const own = cpu.ownersMs + cpu.parseMs + cpu.engineMs + cpu.postMs;
  const wall = own + cpu.readMs;
  const threadCpu = cpu.threadCpuMs;
  return {
    threadCpuMs: threadCpu === null ? null : ms(threadCpu / n),
    ownCpuMs: threadCpu === null || wall <= 0 ? null : ms(((threadCpu / n) * own) / wall),
    count: n,
    readMs: ms(cpu.readMs / n),
    ownMs: ms(own / n),
    ownersMs: ms(cpu.ownersMs / n),
    parseMs: ms(cpu.parseMs / n),
    engineMs: ms(cpu.engineMs / n),
    postMs: ms(cpu.postMs / n),
  };
}

/** Takes readings of a service; `read()` is one reading (the CPU figures are since the last one). */
export function createSampler(service: PortService, startedAt = performance.now()) {
  let cpuBefore = process.cpuUsage();
  return {
    async read(): Promise<Reading> {
      const { sampler } = await service.memoryStats();
      const h = getHeapStatistics();
      const cpu = process.cpuUsage(cpuBefore);
      cpuBefore = process.cpuUsage();
      const tick = perTick(sampler.cpu);
      return {
        t: Math.round((performance.now() - startedAt) / 1000),
        rssMb: mb(process.memoryUsage().rss),
        mainHeapUsedMb: mb(h.used_heap_size),
        mainHeapTotalMb: mb(h.total_heap_size),
        workerHeapUsedMb: mb(sampler.heap.used),
        workerHeapTotalMb: mb(sampler.heap.total),
        tick,
        processCpuMsPerTick: tick === null ? null : ms((cpu.user + cpu.system) / 1000 / tick.count),
      };
    },
    async census(): Promise<Census> {
      const { sampler, mirror } = await service.memoryStats();
      const h = getHeapStatistics();
      return {
        t: Math.round((performance.now() - startedAt) / 1000),
        main: { usedMb: mb(h.used_heap_size), totalMb: mb(h.total_heap_size), limitMb: mb(h.heap_size_limit) },
        worker: { usedMb: mb(sampler.heap.used), totalMb: mb(sampler.heap.total), limitMb: mb(sampler.heap.limit) },
        structures: { ...sampler.structures, ...mirror },
      };
    },
  };
}

/** One reading as a line. */
export function formatReading(r: Reading): string {
  const tick =
    r.tick === null
      ? 'no tick'
      : `tick ${r.tick.count}×: wall read ${r.tick.readMs} + own ${r.tick.ownMs} ms (owners ${r.tick.ownersMs}, parse ${r.tick.parseMs}, engine ${r.tick.engineMs}, post ${r.tick.postMs}); sampler cpu ${r.tick.threadCpuMs} ms (own ${r.tick.ownCpuMs}); process cpu ${r.processCpuMsPerTick} ms`;
  return `${String(r.t).padStart(5)}s  rss ${r.rssMb.toFixed(1)} MB | main heap ${r.mainHeapUsedMb}/${r.mainHeapTotalMb} MB | worker heap ${r.workerHeapUsedMb}/${r.workerHeapTotalMb} MB | ${tick}`;
}

/** A census as lines. */
export function formatCensus(label: string, c: Census): string {
  const structures = Object.entries(c.structures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `  ${label} (t=${c.t}s): main heap ${c.main.usedMb}/${c.main.totalMb} MB (limit ${c.main.limitMb}), worker heap ${c.worker.usedMb}/${c.worker.totalMb} MB (limit ${c.worker.limitMb})`,
    `    ${structures}`,
  ].join('\n');
}
