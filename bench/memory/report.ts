/**
 * The memory bench's summary: the JSON shape of issue 11 and the same figures for people.
 */
import type { MemoryRun } from './run-memory';

/** `bench:memory --json`. */
export interface MemoryReport {
  runs: { rate: number; close: 'fin' | 'rst'; minutes: number; rssMb: number[]; peakMb: number; growthAfter2MinMb: number | null; workerHeapMb: number[] }[];
  idle: { rssMb: number; ownCpuMsPerTick: number; kernelReadMsPerTick: number } | null;
  deltaRatioTimeWait: number | null;
  rendererHeapGrowthMb: number | null;
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The reading nearest to `t` seconds (the first at or after it, else the last). */
function at<T extends { t: number }>(items: readonly T[], t: number): T | undefined {
  return items.find((x) => x.t >= t) ?? items.at(-1);
}

/** Growth from minute 2 to the end; null when the run is not longer than 2 minutes. */
function growthAfter2Min(run: MemoryRun): number | null {
  if (run.minutes <= 2) return null;
  const two = at(run.readings, 120);
  const end = run.readings.at(-1);
  return two === undefined || end === undefined ? null : round(end.rssMb - two.rssMb);
}

function weightedMean(run: MemoryRun, pick: (t: NonNullable<MemoryRun['readings'][number]['tick']>) => number): number {
  let sum = 0;
  let n = 0;
  for (const r of run.readings) {
    if (r.tick === null) continue;
    sum += pick(r.tick) * r.tick.count;
    n += r.tick.count;
  }
  return n === 0 ? 0 : round(sum / n, 2);
}

/** Builds the report from the runs. */
export function summarize(runs: readonly MemoryRun[], idle: MemoryRun | null, deltaRatio: number | null, ui: { t: number; mb: number }[] | null): MemoryReport {
  const uiAt2 = ui === null ? undefined : at(ui, 120);
  const uiEnd = ui?.at(-1);
  return {
    runs: runs.map((r) => {
      const rss = r.readings.map((x) => x.rssMb);
      return {
        rate: r.rate,
        close: r.close,
        minutes: r.minutes,
        rssMb: rss,
        peakMb: rss.length === 0 ? 0 : Math.max(...rss),
        growthAfter2MinMb: growthAfter2Min(r),
        workerHeapMb: r.readings.map((x) => x.workerHeapUsedMb),
      };
    }),
    idle:
      idle === null
        ? null
        : {
            rssMb: Math.max(0, ...idle.readings.map((x) => x.rssMb)),
            // CPU the sampler thread used outside the read calls where Linux says, else wall time.
            ownCpuMsPerTick: weightedMean(idle, (t) => t.ownCpuMs ?? t.ownMs),
            kernelReadMsPerTick: weightedMean(idle, (t) => (t.threadCpuMs === null || t.ownCpuMs === null ? t.readMs : t.threadCpuMs - t.ownCpuMs)),
          },
    deltaRatioTimeWait: deltaRatio === null ? null : round(deltaRatio, 4),
    rendererHeapGrowthMb: uiAt2 === undefined || uiEnd === undefined ? null : round(uiEnd.mb - uiAt2.mb),
  };
}

/** The summary for people. */
export function formatSummary(report: MemoryReport, runs: readonly MemoryRun[], idle: MemoryRun | null): string {
  const lines = ['', 'summary'];
  report.runs.forEach((r, i) => {
    const run = runs[i];
    const cpu =
      run === undefined
        ? ''
        : `; per tick: wall read ${weightedMean(run, (t) => t.readMs)} + own ${weightedMean(run, (t) => t.ownMs)} ms, sampler cpu ${weightedMean(run, (t) => t.threadCpuMs ?? 0)} ms (own ${weightedMean(run, (t) => t.ownCpuMs ?? 0)})`;
    lines.push(`  ${r.rate} conn/s ${r.close} ${r.minutes} min: peak ${r.peakMb} MB, last ${r.rssMb.at(-1) ?? 0} MB, growth after minute 2 ${r.growthAfter2MinMb ?? 'n/a'} MB${cpu}`);
    for (const e of run?.errors ?? []) lines.push(`    status: ${e}`);
  });
  if (report.idle !== null) {
    lines.push(`  idle: peak ${report.idle.rssMb} MB; per tick kernel read ${report.idle.kernelReadMsPerTick} ms, own work ${report.idle.ownCpuMsPerTick} ms`);
    for (const e of idle?.errors ?? []) lines.push(`    status: ${e}`);
  }
  if (report.deltaRatioTimeWait !== null) lines.push(`  delta at 60,000 TIME_WAIT, 1% change: ${(100 * report.deltaRatioTimeWait).toFixed(2)}% of the snapshot`);
  if (report.rendererHeapGrowthMb !== null) lines.push(`  renderer JS heap, end minus minute 2: ${report.rendererHeapGrowthMb} MB`);
  return lines.join('\n');
}
