import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { row } from '../churn/test-rows';
import { ExhaustionMonitor } from './exhaustion-monitor';
import { tableStepper } from './table-stepper';

const RANGE = { low: 60000, high: 60099 };
const conns = (n: number, rport = 7000, remote = '127.0.0.1'): Socket[] =>
  Array.from({ length: n }, (_, i) => row({ lport: 60000 + i, rport, remote, inode: 1000 + i }));

describe('ExhaustionMonitor', () => {
  it('names the filling tuple with its level, rate and time to exhaustion', () => {
    const m = new ExhaustionMonitor();
    const step = tableStepper(m, RANGE);
    const seen = [10, 30, 50, 72].map((n, i) => step([...conns(n), ...conns(3, 443, '10.0.0.1')], i * 1000));
    expect(seen.map((e) => e.level)).toEqual(['ok', 'ok', 'ok', 'warning']);
    const last = seen.at(-1)!;
    expect(last.capacity).toBe(100);
    expect(last.tuples[0]).toMatchObject({ proto: 'tcp', localAddress: '127.0.0.1', remoteAddress: '127.0.0.1', remotePort: 7000, used: 72, fraction: 0.72, level: 'warning' });
    expect(last.tuples[0]!.ratePerSec).toBeCloseTo(20.6, 1);
    expect(last.tuples[0]!.forecastSec).toBeCloseTo(28 / 20.6, 1);
    expect(last.tuples[1]).toMatchObject({ remoteAddress: '10.0.0.1', used: 3, forecastSec: null });
    expect(last.forecastSec).toBe(last.tuples[0]!.forecastSec);
    expect(step(conns(95), 4000).level).toBe('critical');
    expect(step(conns(2), 5000)).toMatchObject({ level: 'ok', tuples: [{ used: 2 }] });
  });

  it('forgets history older than the forecast window and stays quiet when use is flat', () => {
    const m = new ExhaustionMonitor();
    const step = tableStepper(m, RANGE);
    step(conns(5), 0);
    for (let t = 40_000; t <= 45_000; t += 1000) step(conns(50), t);
    const e = m.current();
    expect(e.tuples[0]).toMatchObject({ used: 50, ratePerSec: 0, forecastSec: null });
  });

  it('lists at most five tuples, the busiest first', () => {
    const m = new ExhaustionMonitor();
    const sockets = Array.from({ length: 8 }, (_, d) => conns(2, 8000 + d)).flat();
    const e = tableStepper(m, RANGE)(sockets, 0);
    expect(e.tuples).toHaveLength(5);
    expect(e.tuples.map((t) => t.remotePort)).toEqual([8000, 8001, 8002, 8003, 8004]);
    expect(e.level).toBe('ok');
  });
});

describe('ExhaustionMonitor following a table', () => {
  it('counts a TIME_WAIT tail, its timer, and starts over when the OS range changes', () => {
    const m = new ExhaustionMonitor();
    const live = conns(10);
    const tails: Socket[] = live.slice(0, 4).map((s) => ({ ...s, id: `${s.id}-tw`, inode: 0, state: 'TIME_WAIT', timer: { kind: 'time-wait', remainingMs: 59_000, retransmits: 0 } }));
    const step = tableStepper(m, RANGE);
    step(live, 0);
    const e = step([...live.slice(4), ...tails], 1000);
    expect(e.tuples[0]).toMatchObject({ used: 10, timeWait: 4 });
    expect(e.tuples[0]!.timeWaitExpiry.find((b) => b.upToMs === 60_000)?.count).toBe(4);
    expect(e.timeWait.total).toBe(4);
    // ten seconds on, the same rows' timers have 49 s left: bucket 30-60 s, computed from when they fire
    const later = step([...live.slice(4), ...tails], 11_000);
    expect(later.tuples[0]!.timeWaitExpiry.find((b) => b.upToMs === 60_000)?.count).toBe(4);
    const wider = tableStepper(m, { low: 60000, high: 60999 }, [...live.slice(4), ...tails])([...live.slice(4), ...tails], 12_000);
    expect(wider).toMatchObject({ capacity: 1000, tuples: [{ used: 10, fraction: 0.01 }] });
  });
});
