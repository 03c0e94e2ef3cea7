import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChurnSummarySchema } from '../../../shared/churn-model';
import { applyDelta } from '../../../shared/apply-delta';
import { DeltaSchema, type Socket } from '../../../shared/model';
import type { RawSample } from '../sampler/types';
import { createChurnEngine } from './churn-engine';
import { META, counters, owner, row, sample } from './test-rows';

/** A small pool of tuples, inodes, states and owners, so generated samples collide, transition and repeat. */
const rowArb = fc
  .record({
    tuple: fc.nat(7),
    inode: fc.constantFrom(0, 1, 2),
    state: fc.constantFrom('ESTABLISHED', 'TIME_WAIT', 'LISTEN', 'SYN_RECV', 'CLOSE_WAIT', 'FIN_WAIT2' as const),
    rx: fc.nat(2),
    owner: fc.option(fc.nat(2), { nil: null }),
    udp: fc.boolean(),
  })
  .map(
    (r): Socket =>
      row({
        proto: r.udp ? 'udp' : 'tcp',
        lport: 40000 + r.tuple,
        rport: 80 + (r.tuple % 3),
        inode: r.inode,
        state: r.udp ? 'UNCONN' : r.state,
        rxQueue: r.rx,
        owner: r.owner === null ? null : owner(100 + r.owner, `p${r.owner}`, r.owner % 2),
      }),
  );

const stepArb = fc.record({
  dt: fc.integer({ min: -1500, max: 4000 }),
  rows: fc.array(rowArb, { maxLength: 12 }),
  kernel: fc.option(fc.record({ a: fc.nat(60), p: fc.nat(60) }), { nil: null }),
});

function toSamples(steps: { dt: number; rows: Socket[]; kernel: { a: number; p: number } | null }[]): RawSample[] {
  let time = 1_700_000_000_000;
  return steps.map((s) => {
    time += s.dt;
    return sample(time, s.rows, s.kernel === null ? null : counters(s.kernel.a, s.kernel.p));
  });
}

describe('createChurnEngine properties', () => {
  it('applyDelta(previous snapshot, delta) equals the new snapshot, for any sequence of samples', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 20 }), (steps) => {
        const e = createChurnEngine(META, { rateWindowSec: 10, holdsPerPort: 2, portsTracked: 4 });
        for (const s of toSamples(steps)) {
          const before = e.snapshot();
          const delta = DeltaSchema.parse(e.ingest(s));
          const after = e.snapshot();
          expect(applyDelta(before, delta)).toEqual(after);
          expect(new Set(after.sockets.map((x) => x.id))).toEqual(new Set(s.sockets.map((x) => x.id)));
          expect(after.sockets).toHaveLength(new Set(s.sockets.map((x) => x.id)).size);
          expect(delta.stats.births).toBeLessThanOrEqual(delta.added.length + delta.changed.length);
          expect(delta.stats.deaths).toBeLessThanOrEqual(delta.removed.length + delta.changed.length);
          const summary = ChurnSummarySchema.parse(e.summary());
          expect(summary.buckets.length).toBeLessThanOrEqual(10);
          expect(summary.reconciliation.missed === null).toBe(summary.reconciliation.kernelOpens === null);
        }
      }),
    );
  });

  it('counts every connection born after the start as dead once the table is empty again', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), (steps) => {
        const e = createChurnEngine(META);
        const samples = [sample(0, []), ...toSamples(steps), sample(2_000_000_000_000, [])];
        let births = 0;
        let deaths = 0;
        for (const s of samples) {
          const { stats } = e.ingest(s);
          births += stats.births;
          deaths += stats.deaths;
        }
        expect(deaths).toBe(births);
        expect(e.summary().lifetimes.counts.reduce((a, b) => a + b, 0)).toBe(deaths);
        expect(e.summary().topBySockets).toEqual([]);
      }),
    );
  });
});
