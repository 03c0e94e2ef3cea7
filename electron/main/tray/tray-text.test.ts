import { describe, expect, it } from 'vitest';
import type { RateBucket } from '../../../shared/churn-model';
import { createThrottle } from './throttle';
import type { ThrottleClock } from './throttle';
import { createFiguresTracker, opensPerSecond } from './tray-figures';
import { churn, delta, snapshot, socket } from './tray-test-data';
import { TOOLTIP_MAX, tooltipText, trayTitle } from './tray-text';

describe('tooltip and title text', () => {
  it('reads like the brief example and marks a paused sampler', () => {
    const f = { sockets: 312, ephemeral: 41, opensPerSecond: 12, paused: false };
    expect(tooltipText(f)).toBe('312 sockets · 41 ephemeral · 12 opens/s');
    expect(trayTitle(f)).toBe('41 eph · 12/s');
    expect(tooltipText({ ...f, paused: true })).toBe('312 sockets · 41 ephemeral · 12 opens/s · paused');
    expect(trayTitle({ ...f, paused: true })).toBe('paused');
  });

  it('handles one socket, thousands, unknown rate and no data yet', () => {
    expect(tooltipText({ sockets: 1, ephemeral: 0, opensPerSecond: null, paused: false })).toBe('1 socket · 0 ephemeral · – opens/s');
    expect(tooltipText({ sockets: 123456, ephemeral: 28232, opensPerSecond: 1500, paused: false })).toBe(
      '123,456 sockets · 28,232 ephemeral · 1,500 opens/s',
    );
    expect(tooltipText(null)).toBe('Ephemera · starting…');
    expect(trayTitle(null)).toBe('');
    expect(tooltipText({ sockets: 1e120, ephemeral: 1e120, opensPerSecond: 1e120, paused: true }).length).toBeLessThanOrEqual(TOOLTIP_MAX);
  });
});

describe('figures tracker', () => {
  it('counts sockets and ephemeral ones from the snapshot and follows deltas', () => {
    const t = createFiguresTracker();
    expect(t.figures(0)).toBeNull();
    t.reset(snapshot([socket('a', 22), socket('b', 40000), socket('c', 60999), socket('d', 61000)]), churn([]));
    expect(t.figures(0)).toEqual({ sockets: 4, ephemeral: 2, opensPerSecond: null, paused: false });
    expect(t.applyDelta(delta(1, { added: [socket('e', 32768)], removed: [{ id: 'b', lifetimeMs: 5, lastState: 'TIME_WAIT' }] }))).toBe(true);
    expect(t.figures(0)).toMatchObject({ sockets: 4, ephemeral: 2 });
    expect(t.applyDelta(delta(2, { changed: [socket('a', 50000)], removed: [{ id: 'zz', lifetimeMs: 1, lastState: 'CLOSE' }] }))).toBe(true);
    expect(t.figures(0)).toMatchObject({ sockets: 4, ephemeral: 3 });
  });

  it('refuses a delta that does not follow, leaving the figures as they were', () => {
    const t = createFiguresTracker();
    expect(t.applyDelta(delta(0, { added: [socket('x', 40000)] }))).toBe(false);
    t.reset(snapshot([socket('a', 40000)], 7), churn([]));
    expect(t.applyDelta(delta(9, { added: [socket('x', 40000)] }))).toBe(false);
    expect(t.figures(0)).toMatchObject({ sockets: 1, ephemeral: 1 });
  });

  it('takes opens per second from the newest complete bucket, kernel count first', () => {
    const buckets: RateBucket[] = [
      { t: 1000, births: 3, deaths: 0, kernelOpens: null },
      { t: 2000, births: 4, deaths: 1, kernelOpens: 9 },
      { t: 3000, births: 8, deaths: 0, kernelOpens: 20 },
    ];
    expect(opensPerSecond(buckets, 3500)).toBe(9);
    expect(opensPerSecond(buckets, 4000)).toBe(20);
    expect(opensPerSecond(buckets.slice(0, 1), 2500)).toBe(3);
    expect(opensPerSecond(buckets, 1500)).toBeNull();
    const t = createFiguresTracker();
    t.reset(snapshot([]), churn(buckets));
    t.setPaused(true);
    expect(t.figures(5000)).toEqual({ sockets: 0, ephemeral: 0, opensPerSecond: 20, paused: true });
  });
});

describe('createThrottle', () => {
  function fakeClock() {
    let now = 0;
    const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
    const clock: ThrottleClock = {
      now: () => now,
      setTimer: (fn, ms) => {
        const timer = { at: now + ms, fn, live: true };
        timers.push(timer);
        return timer;
      },
      clearTimer: (handle) => void ((handle as { live: boolean }).live = false),
    };
    const advance = (ms: number) => {
      now += ms;
      for (const timer of timers) {
        if (!timer.live || timer.at > now) continue;
        timer.live = false;
        timer.fn();
      }
    };
    return { clock, advance, live: () => timers.filter((t) => t.live).length };
  }

  it('applies the first value at once, then the latest at most once per interval', () => {
    const { clock, advance, live } = fakeClock();
    const applied: Array<[number, string]> = [];
    const throttle = createThrottle<string>((v) => applied.push([clock.now(), v]), 1000, clock);
    throttle.push('a');
    advance(100);
    throttle.push('b');
    advance(100);
    throttle.push('c');
    expect(applied).toEqual([[0, 'a']]);
    expect(live()).toBe(1);
    advance(800);
    expect(applied).toEqual([[0, 'a'], [1000, 'c']]);
    advance(1500);
    throttle.push('d');
    expect(applied.at(-1)).toEqual([2500, 'd']);
  });

  it('cancel drops the pending value', () => {
    const { clock, advance } = fakeClock();
    const applied: string[] = [];
    const throttle = createThrottle<string>((v) => applied.push(v), 1000, clock);
    throttle.push('a');
    throttle.push('b');
    throttle.cancel();
    advance(5000);
    expect(applied).toEqual(['a']);
  });
});
