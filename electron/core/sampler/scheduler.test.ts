import { describe, expect, it } from 'vitest';
import { createScheduler, validateIntervalMs } from './scheduler';
import { sleep, waitFor } from './worker-test-kit';

/** A tick that takes `ms` and records when it ran and whether another was running. */
function timedTick(ms: number) {
  const runs: { start: number; end: number }[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const tick = async () => {
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    const start = performance.now();
    await sleep(ms);
    runs.push({ start, end: performance.now() });
    running -= 1;
  };
  return { tick, runs, maxConcurrent: () => maxConcurrent };
}

describe('validateIntervalMs', () => {
  it('accepts the bounds and refuses everything else with the allowed range in words', () => {
    expect(validateIntervalMs(250)).toBe(250);
    expect(validateIntervalMs(10_000)).toBe(10_000);
    for (const bad of [249, 10_001, 500.5, Number.NaN, '500', null]) {
      expect(() => validateIntervalMs(bad)).toThrow(/from 250 to 10000/);
    }
  });
});

describe('createScheduler', () => {
  it('keeps the interval between tick starts when ticks are fast', async () => {
    const t = timedTick(10);
    const s = createScheduler({ intervalMs: 250, tick: t.tick, onError: () => {} });
    await sleep(900);
    await s.stop();
    expect(t.runs.length).toBeGreaterThanOrEqual(3);
    expect(t.runs.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < t.runs.length; i++) {
      const gap = t.runs[i]!.start - t.runs[i - 1]!.start;
      expect(gap).toBeGreaterThanOrEqual(245);
    }
    expect(s.state().stretched).toBe(false);
  });

  it('never overlaps a slow tick and reports the stretch', async () => {
    const t = timedTick(400);
    const states: boolean[] = [];
    const s = createScheduler({
      intervalMs: 250,
      tick: t.tick,
      onError: () => {},
      onState: (st) => states.push(st.stretched),
    });
    await sleep(1300);
    await s.stop();
    expect(t.maxConcurrent()).toBe(1);
    expect(t.runs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < t.runs.length; i++) expect(t.runs[i]!.start).toBeGreaterThanOrEqual(t.runs[i - 1]!.end);
    expect(s.state().stretched).toBe(true);
    expect(s.state().lastSampleMs).toBeGreaterThanOrEqual(395);
    expect(states).toContain(true);
  });

  it('pause stops ticks, resume restarts at once, errors do not stop the chain', async () => {
    let n = 0;
    const errors: unknown[] = [];
    const s = createScheduler({
      intervalMs: 250,
      tick: async () => {
        n += 1;
        if (n === 1) throw new Error('first tick fails');
      },
      onError: (e) => errors.push(e),
    });
    await waitFor(() => n >= 2, 3000, 'two ticks');
    expect(String(errors[0])).toMatch(/first tick fails/);
    expect(s.pause().paused).toBe(true);
    const atPause = n;
    await sleep(600);
    expect(n).toBe(atPause);
    s.resume();
    await waitFor(() => n === atPause + 1, 200, 'a tick right after resume');
    expect(() => s.setIntervalMs(100)).toThrow(RangeError);
    expect(s.setIntervalMs(1000).intervalMs).toBe(1000);
    await s.stop();
    expect(s.state().samples).toBe(n);
  });

  it('stop waits for the tick in flight and arms nothing after it', async () => {
    const t = timedTick(200);
    const s = createScheduler({ intervalMs: 250, tick: t.tick, onError: () => {} });
    await sleep(20);
    await s.stop();
    expect(t.runs.length).toBe(1);
    await sleep(400);
    expect(t.runs.length).toBe(1);
  });
});
