/**
 * Before each run, the machine's TIME_WAIT remnants of the run before (up to 60 s of them, tens of
 * thousands after a 5,000 conn/s run) are left to expire, so that a run measures its own load: an
 * idle run that starts under 1,500 draining rows measures the drain, not an idle machine, and a
 * sampler timed at 2,000 sockets beside 10,000 remnants times the remnants. Used by bench:memory
 * and npm run bench.
 */
import { readFileSync } from 'node:fs';
import { parseProcNet } from '../electron/core/sampler/linux-proc-net-parse';

/** TIME_WAIT rows in the host's /proc/net/tcp and tcp6 (a table that can't be read counts none). */
export function hostTimeWaitRows(procNet = '/proc/net'): number {
  let rows = 0;
  for (const table of ['tcp', 'tcp6'] as const) {
    let text: Buffer;
    try {
      text = readFileSync(`${procNet}/${table}`);
    } catch {
      continue;
    }
    for (const s of parseProcNet(text, table).sockets) if (s.state === 'TIME_WAIT') rows += 1;
  }
  return rows;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until at most `quiet` TIME_WAIT rows are left, or `limitMs` passed (TIME_WAIT lasts 60 s on
 * Linux); returns how many were left and how long it waited.
 */
export async function drainTimeWait(quiet = 100, limitMs = 65_000, procNet = '/proc/net', pollMs = 1000): Promise<{ left: number; waitedMs: number }> {
  const t0 = Date.now();
  let left = hostTimeWaitRows(procNet);
  while (left > quiet && Date.now() - t0 < limitMs) {
    await sleep(pollMs);
    left = hostTimeWaitRows(procNet);
  }
  return { left, waitedMs: Date.now() - t0 };
}

/** Waits out the remnants before a run, and says so when it had to wait or some were left. */
export async function drainBeforeRun(log: (line: string) => void, indent = ''): Promise<void> {
  const { left, waitedMs } = await drainTimeWait();
  if (waitedMs > 1500 || left > 100) log(`${indent}waited ${(waitedMs / 1000).toFixed(0)} s for TIME_WAIT rows of earlier runs to expire; ${left} left`);
}
