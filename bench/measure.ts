/**
 * Timing helpers for the sampler benchmark: repeated runs capped by count and by a time budget,
 * medians, and a child-process runner that reports its wall time and output.
 */
import { execFile } from 'node:child_process';

/** Median of a list of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Wall time of one call of `fn`, in ms. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Runs `fn` up to `reps` times, stopping early once `budgetMs` is spent; returns each duration. */
export async function timeRuns(fn: () => unknown, reps: number, budgetMs: number): Promise<number[]> {
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < reps && (times.length === 0 || performance.now() < deadline)) {
    times.push(await timeOnce(fn));
  }
  return times;
}

/** Runs a command to completion; resolves with its output, rejects when it cannot run. */
export function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 512 * 1024 * 1024, timeout: 60000 }, (error, stdout) => {
      if (error && stdout === '') reject(error);
      else resolve(stdout);
    });
  });
}

/** Median wall time of a command and its last output, or null when it cannot run here. */
export async function timeCommand(
  file: string,
  args: string[],
  reps: number,
  budgetMs: number,
): Promise<{ medianMs: number; output: string } | null> {
  let output = '';
  try {
    const times = await timeRuns(async () => {
      output = await run(file, args);
    }, reps, budgetMs);
    return { medianMs: median(times), output };
  } catch {
    return null;
  }
}
