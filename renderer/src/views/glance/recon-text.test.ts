import { describe, expect, it } from 'vitest';
import { reconSentence, reconShares, scopeHelp, scopeLabel } from './recon-text';

const view = { scope: 'window' as const, kernelOpens: 1000, seenBySampling: 700, seenOnlyByEvents: 250, missed: 50 };

describe('reconciliation text', () => {
  it('says what share of the kernel count was seen and how many were missed', () => {
    expect(reconSentence(view, true)).toBe('95 % of 1,000 TCP opens seen; 50 opened and closed between samples unseen.');
    expect(reconSentence({ ...view, seenOnlyByEvents: 0, missed: 300 }, false)).toBe(
      '70 % of 1,000 TCP opens seen; 300 opened and closed between samples unseen (destroy events are off).',
    );
    expect(reconSentence({ ...view, seenBySampling: 1100, missed: 0 }, true)).toBe('100 % of 1,000 TCP opens seen; none missed.');
  });

  it('is honest without counters, without opens and before the first sample', () => {
    expect(reconSentence({ ...view, kernelOpens: null, missed: null }, true)).toBe(
      'No kernel counters on this OS, so what polling missed cannot be counted.',
    );
    expect(reconSentence({ ...view, kernelOpens: 0 }, true)).toBe('No TCP opens in the last minute.');
    expect(reconSentence({ ...view, kernelOpens: null, missed: null }, true, true)).toBe('Counting kernel opens from the next sample on.');
    expect(reconSentence({ ...view, scope: 'since-start', kernelOpens: 0 }, true)).toBe('No TCP opens counted yet.');
    expect(reconSentence(null, true)).toBe('waiting for the first sample');
  });

  it('splits the bar into sampling, events and missed, and labels the span', () => {
    expect(reconShares(view)).toEqual({ sampling: 0.7, events: 0.25, missed: 0.05 });
    expect(reconShares({ ...view, kernelOpens: 500, seenOnlyByEvents: 300, missed: 0 })).toEqual({ sampling: 0.7, events: 0.3, missed: 0 });
    expect(reconShares({ ...view, kernelOpens: 0, seenBySampling: 0, seenOnlyByEvents: 0, missed: 0 })).toBeNull();
    expect(scopeLabel(view)).toBe('last 60 s');
    expect(scopeLabel({ ...view, scope: 'since-start' })).toBe('since start');
    expect(scopeHelp({ ...view, scope: 'since-start' })).toMatch(/since the service began sampling/);
  });
});
