/**
 * A bench-like check of ingest cost at 20,000 rows with 1% new connections per tick (half of the
 * closing ones leave a TIME_WAIT tail, whose timers tick down as the kernel's do). It prints the
 * timings for the report and asserts only the churn figures, never a time: shared CI machines vary.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { createChurnEngine } from './churn-engine';
import { META, counters, owner, row, sample } from './test-rows';

const ROWS = 20_000;
const PER_TICK = 100;
const TICKS = 40;

let serial = 0;
function connection(): Socket {
  serial += 1;
  const o = owner(1000 + (serial % 200), `proc${serial % 200}`);
  const remote = `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`;
  return row({ lport: 32768 + (serial % 28000), remote, rport: 443, inode: 100_000 + serial, owner: o });
}

/** A TIME_WAIT tail born at `born` ms; its timer counts down, so every tick changes it, as the kernel's does. */
interface Tail {
  row: Socket;
  born: number;
}

function timeWait(s: Socket, born: number): Tail {
  return { row: { ...row({ lport: s.localPort, remote: s.remoteAddress, rport: s.remotePort }), state: 'TIME_WAIT' }, born };
}

function tailAt(tail: Tail, now: number): Socket {
  return { ...tail.row, timer: { kind: 'time-wait', remainingMs: 60_000 - (now - tail.born), retransmits: 0 } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

describe('churn engine cost', () => {
  it(`ingests ${ROWS} rows with ${2 * PER_TICK} births and deaths per tick`, () => {
    const listeners = Array.from({ length: 500 }, (_, i) => row({ lport: 1000 + i, state: 'LISTEN', inode: 10 + i }));
    let tw = Array.from({ length: 500 }, () => timeWait(connection(), 0));
    const est = Array.from({ length: ROWS - 1000 }, connection);
    const e = createChurnEngine(META);
    const firstStart = performance.now();
    e.ingest(sample(0, [...listeners, ...est, ...tw.map((x) => tailAt(x, 0))], counters(0, 0)));
    const firstMs = performance.now() - firstStart;

    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let t = 1; t <= TICKS; t += 1) {
      est.splice(0, PER_TICK);
      const closing = est.splice(0, PER_TICK);
      tw = [...tw.slice(PER_TICK), ...closing.map((c) => timeWait(c, t * 1000))];
      for (let i = 0; i < 2 * PER_TICK; i += 1) est.push(connection());
      const tails = tw.map((x) => tailAt(x, t * 1000));
      const s = sample(t * 1000, [...listeners, ...est, ...tails], counters(2 * PER_TICK * t, 0));
      const cpu = process.cpuUsage();
      const start = performance.now();
      const d = e.ingest(s);
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      expect(s.sockets).toHaveLength(ROWS);
      expect(d.stats).toMatchObject({ births: 2 * PER_TICK, deaths: 2 * PER_TICK, kernelOpens: 2 * PER_TICK });
      expect(d.added).toHaveLength(3 * PER_TICK);
      expect(d.removed).toHaveLength(3 * PER_TICK);
      expect(d.changed).toHaveLength(tw.length - PER_TICK);
    }
    const snapStart = performance.now();
    expect(e.snapshot().sockets).toHaveLength(ROWS);
    const snapMs = performance.now() - snapStart;
    const sumStart = performance.now();
    expect(e.summary().reconciliation.missed).toBe(0);
    const summaryMs = performance.now() - sumStart;

    const sorted = [...times].sort((a, b) => a - b);
    const cpuSorted = [...cpuTimes].sort((a, b) => a - b);
    const fmt = (ms: number): string => ms.toFixed(2);
    console.log(
      `[churn perf] ingest ${ROWS} rows, ${2 * PER_TICK} births + ${2 * PER_TICK} deaths + ${tw.length - PER_TICK} timer changes per tick over ${TICKS} ticks: ` +
        `wall median ${fmt(percentile(sorted, 0.5))} ms, p90 ${fmt(percentile(sorted, 0.9))} ms, max ${fmt(sorted.at(-1) ?? NaN)} ms; ` +
        `process CPU median ${fmt(percentile(cpuSorted, 0.5))} ms; first ingest ${fmt(firstMs)} ms; ` +
        `snapshot() ${fmt(snapMs)} ms, summary() ${fmt(summaryMs)} ms`,
    );
  });
});
