import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS, parseMemoryArgs, parseRuns, UsageError } from './args';

describe('parseMemoryArgs', () => {
  it('gives the acceptance runs by default', () => {
    const a = parseMemoryArgs([]);
    expect(a.runs).toEqual(parseRuns(DEFAULT_RUNS));
    expect(a.runs).toEqual([
      { rate: 1000, close: 'fin', minutes: 10 },
      { rate: 1000, close: 'rst', minutes: 10 },
      { rate: 5000, close: 'fin', minutes: 3 },
    ]);
    expect(a).toMatchObject({ help: false, json: false, ui: false, idleMinutes: 10, idleSockets: 1000, everySec: 10 });
  });

  it('reads every option', () => {
    const a = parseMemoryArgs(['--json', '--ui', '--runs', '200:rst:0.5', '--idle-minutes', '0', '--every', '5', '--no-delta']);
    expect(a).toMatchObject({ json: true, ui: true, noDelta: true, idleMinutes: 0, everySec: 5 });
    expect(a.runs).toEqual([{ rate: 200, close: 'rst', minutes: 0.5 }]);
    expect(parseMemoryArgs(['--runs', '']).runs).toEqual([]);
    expect(parseMemoryArgs(['--help']).help).toBe(true);
  });

  it('refuses unknown flags, missing and bad values in words', () => {
    expect(() => parseMemoryArgs(['--soak'])).toThrow(new UsageError("unknown option '--soak'"));
    expect(() => parseMemoryArgs(['--every'])).toThrow(/--every needs a value/);
    expect(() => parseMemoryArgs(['--every', 'x'])).toThrow(/--every wants a number/);
    expect(() => parseMemoryArgs(['--runs', '1000:udp:1'])).toThrow(/rate:fin\|rst:minutes/);
    expect(() => parseMemoryArgs(['--runs', '0:fin:1'])).toThrow(/rate wants a number ≥ 1/);
  });
});
