import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifetimeMs, parseLoadArg } from './load-gen';
import { formatTable, percent } from './report';
import type { FidelityRun } from './run-fidelity';

describe('load generator settings', () => {
  it('draws lifetimes log-uniformly inside the bounds: as many under 14 ms (the geometric middle) as above', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u) => {
      const ms = lifetimeMs(1, 200, () => u);
      return ms >= 1 && ms <= 200;
    }));
    expect(lifetimeMs(1, 200, () => 0.5)).toBeCloseTo(Math.sqrt(200), 10);
    expect(lifetimeMs(1, 200, () => 0)).toBe(1);
  });

  it('reads --load and refuses nonsense', () => {
    expect(parseLoadArg('1000,10,rst,1,200')).toEqual({ rate: 1000, seconds: 10, close: 'rst', minMs: 1, maxMs: 200 });
    expect(() => parseLoadArg('1000,10,slam,1,200')).toThrow(/fin or rst/);
    expect(() => parseLoadArg('0,10,fin,1,200')).toThrow(/bad --load/);
    expect(() => parseLoadArg('1000,10,fin,5,1')).toThrow(/bad --load/);
  });
});

describe('fidelity report', () => {
  it('states every fraction against the kernel count, and n/a without one', () => {
    expect(percent(990, 1000)).toBe('99.0%');
    expect(percent(5, 0)).toBe('n/a');
    const run: FidelityRun = {
      rate: 1000,
      close: 'rst',
      seconds: 10,
      kernelOpens: 20000,
      reportedPoll: 700,
      reportedWithEvents: 19980,
      attributedWithEvents: 19500,
      attributedSeen: 600,
      systeminformation: { reported: 650, attributed: 600, polls: 10, meanPollMs: 80 },
      load: { pid: 1, achievedRate: 1000, launched: 10000, connected: 10000, errors: {} },
      events: { state: 'running (ss -E)', kernelDrops: 0, aggregated: 0, malformed: 0 },
      errors: [],
      ticks: { count: 12, sampleMsMedian: 20, sampleMsMax: 40, longestGapMs: 1001 },
    };
    const [title, head, line] = formatTable([run]).split('\n');
    expect(title).toMatch(/^Single-process topology, the easy case/);
    expect(head).toMatch(/kernel opens .* captured % .* si attr %$/);
    expect(line).toMatch(/20000 .*3\.5% .*99\.9% .*97\.5% .*3\.3% .*3\.0%$/);
  });
});
