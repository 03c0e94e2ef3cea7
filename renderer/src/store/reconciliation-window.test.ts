import { describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../../shared/churn-model';
import { addReading, reconciliationView, type ReconReading } from './reconciliation-window';

const totals = (kernel: number | null, seen: number, events: number): Reconciliation => ({
  kernelOpens: kernel,
  seenBySampling: seen,
  seenOnlyByEvents: events,
  missed: kernel === null ? null : Math.max(0, kernel - seen - events),
});

/** One reading per second for `seconds`, each adding the given per-second figures. */
function feed(seconds: number, per: { kernel: number; seen: number; events: number }, start = totals(1000, 600, 100)) {
  let history: ReconReading[] = [];
  for (let s = 0; s <= seconds; s += 1) {
    const k = start.kernelOpens === null ? null : start.kernelOpens + s * per.kernel;
    history = addReading(history, { time: 5_000_000 + s * 1000, totals: totals(k, start.seenBySampling + s * per.seen, start.seenOnlyByEvents + s * per.events) });
  }
  return history;
}

describe('reconciliation window', () => {
  it('shows the totals since sampling began until the page holds a minute of readings', () => {
    const history = feed(30, { kernel: 10, seen: 6, events: 3 });
    expect(reconciliationView(history)).toEqual({ scope: 'since-start', ...totals(1300, 780, 190) });
    expect(reconciliationView([])).toBeNull();
  });

  it('then the difference over the last 60 s, with missed = kernel - seen - events', () => {
    const history = feed(200, { kernel: 10, seen: 6, events: 3 });
    expect(reconciliationView(history)).toEqual({ scope: 'window', kernelOpens: 600, seenBySampling: 360, seenOnlyByEvents: 180, missed: 60 });
    // Only the window and one baseline before it are kept.
    expect(history.length).toBe(61);
    expect(history[0]!.time).toBe(history.at(-1)!.time - 60_000);
  });

  it('never shows negative misses, and says nothing of them without kernel counters', () => {
    expect(reconciliationView(feed(70, { kernel: 2, seen: 3, events: 0 }))?.missed).toBe(0);
    const none = reconciliationView(feed(70, { kernel: 0, seen: 3, events: 1 }, totals(null, 0, 0)));
    expect(none).toEqual({ scope: 'window', kernelOpens: null, seenBySampling: 180, seenOnlyByEvents: 60, missed: null });
  });

  it('starts over when the totals go down (the sampler thread restarted)', () => {
    const history = addReading(feed(90, { kernel: 10, seen: 6, events: 3 }), { time: 5_091_000, totals: totals(5, 2, 0) });
    expect(history).toHaveLength(1);
    expect(reconciliationView(history)?.scope).toBe('since-start');
  });
});
