import { describe, expect, it } from 'vitest';
import { ReconciliationSchema } from '../../../shared/churn-model';
import { Reconciler, kernelOpensBetween } from './reconcile';
import { counters } from './test-rows';

describe('kernelOpensBetween', () => {
  it('adds active and passive opens since the previous sample', () => {
    expect(kernelOpensBetween(counters(100, 50), counters(103, 52))).toBe(5);
    expect(kernelOpensBetween(counters(100, 50), counters(100, 50))).toBe(0);
  });

  it('is null without counters on either side or after a reset', () => {
    expect(kernelOpensBetween(null, counters(1, 1))).toBeNull();
    expect(kernelOpensBetween(counters(1, 1), null)).toBeNull();
    expect(kernelOpensBetween(counters(1000, 1000), counters(3, 0))).toBeNull();
  });
});

describe('Reconciler', () => {
  it('is all null or zero before any tick', () => {
    expect(new Reconciler().summary()).toEqual({ kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null });
  });

  it('computes missed = kernel - sampling - events over ticks with counters', () => {
    const r = new Reconciler();
    r.record({ kernelOpens: 10, seenBySampling: 4, eventOnlyBirths: 1 });
    r.record({ kernelOpens: 3, seenBySampling: 3, eventOnlyBirths: 0 });
    expect(ReconciliationSchema.parse(r.summary())).toEqual({
      kernelOpens: 13,
      seenBySampling: 7,
      seenOnlyByEvents: 1,
      missed: 5,
    });
  });

  it('keeps ticks without a kernel delta out of missed but in the sampling total', () => {
    const r = new Reconciler();
    r.record({ kernelOpens: null, seenBySampling: 50, eventOnlyBirths: 0 });
    r.record({ kernelOpens: 8, seenBySampling: 2, eventOnlyBirths: 0 });
    expect(r.summary()).toEqual({ kernelOpens: 8, seenBySampling: 52, seenOnlyByEvents: 0, missed: 6 });
  });

  it('clamps missed at zero when sampling saw more than the kernel counted', () => {
    const r = new Reconciler();
    r.record({ kernelOpens: 2, seenBySampling: 5, eventOnlyBirths: 0 });
    expect(r.summary().missed).toBe(0);
  });

  it('stays null without counters', () => {
    const r = new Reconciler();
    r.record({ kernelOpens: null, seenBySampling: 5, eventOnlyBirths: 0 });
    expect(r.summary()).toEqual({ kernelOpens: null, seenBySampling: 5, seenOnlyByEvents: 0, missed: null });
  });
});
