import { describe, expect, it } from 'vitest';
import { formatMulti } from './report';
import type { MultiRun } from './run-multi';

/** The RST run of the brief's table, whose wide cells ran into each other. */
const run = (tracepoint: boolean, state: string): MultiRun => ({
  topology: 'multi',
  close: 'rst',
  tracepoint,
  tracepointState: state,
  kernelOpens: 20000,
  captured: 19999,
  clientConnects: 10000,
  births: 19999,
  clientBirths: 10000,
  exactCorrect: 9926,
  exactWrong: 17,
  inferredCorrect: 0,
  inferredWrong: 0,
  unattributed: 56,
  unmatched: 0,
  clients: [],
  nginx: { master: 1, workers: [2, 3] },
});

/** Where each column of a line ends: right-aligned cells end where their header does. */
const ends = (line: string): number[] => [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => (m.index ?? 0) + m[0].length);

describe('formatMulti', () => {
  it('keeps every cell apart and right-aligned under its header, however wide the figures', () => {
    const [, head = '', on = '', off = '', note = '', ...rest] = formatMulti([run(true, 'running (tracepoint)'), run(true, 'off: bpftrace missing')]).split('\n');
    expect(head.split(/ {2,}/)).toEqual(['close', 'tracepoint', 'kernel opens', 'captured', 'client connects', 'exact-correct', 'inferred-correct', 'inferred-wrong', 'exact-wrong', 'unattributed']);
    expect(on.trim().split(/ {2,}/)).toEqual(['rst', 'on', '20000', '19999 (100.0%)', '10000 (10000 seen)', '9926 (99.3%)', '0 (0.0%)', '0 (0.0%)', '17', '56 (0.6%)']);
    expect(ends(on)).toEqual(ends(head));
    expect(ends(off)).toEqual(ends(head));
    expect(note).toBe('  rst: tracepoint was off: bpftrace missing');
    expect(rest).toHaveLength(1);
  });
});
