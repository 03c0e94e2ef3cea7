import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../shared/filter';
import type { Delta, Snapshot } from '../../shared/model';
import { createChurnEngine } from '../core/churn/churn-engine';
import { META, owner, row, sample } from '../core/churn/test-rows';
import { createWatchModel } from './watch-model';

const app = owner(100, 'client');
const srv = owner(200, 'server');
const other = owner(300, 'dns');

/** Three samples: A open; B opens while A closes (client end to TIME_WAIT); A's TIME_WAIT ends, a UDP socket appears. */
const SAMPLES = [
  [
    row({ lport: 8080, state: 'LISTEN', inode: 1, owner: srv }),
    row({ lport: 40000, rport: 8080, inode: 10, owner: app }),
    row({ lport: 8080, rport: 40000, inode: 11, owner: srv }),
  ],
  [
    row({ lport: 8080, state: 'LISTEN', inode: 1, owner: srv }),
    row({ lport: 40000, rport: 8080, state: 'TIME_WAIT', owner: null }),
    row({ lport: 40001, rport: 8080, inode: 12, owner: app }),
    row({ lport: 8080, rport: 40001, inode: 13, owner: srv }),
  ],
  [
    row({ lport: 8080, state: 'LISTEN', inode: 1, owner: srv }),
    row({ lport: 40001, rport: 8080, inode: 12, owner: app }),
    row({ lport: 8080, rport: 40001, inode: 13, owner: srv }),
    row({ proto: 'udp', lport: 5353, inode: 14, owner: other }),
  ],
];

function run(filterText: string) {
  const engine = createChurnEngine(META);
  const parsed = parseFilter(filterText);
  if (!parsed.ok) throw new Error(parsed.error);
  const model = createWatchModel(parsed.filter);
  engine.ingest(sample(1000, SAMPLES[0]!));
  model.reset(engine.snapshot());
  const ticks: { engine: Delta['stats']; births: number; deaths: number }[] = [];
  SAMPLES.slice(1).forEach((rows, i) => {
    const before = model.figures()!;
    const delta = engine.ingest(sample(2000 + i * 1000, rows));
    expect(model.apply(delta)).toBe('applied');
    const after = model.figures()!;
    ticks.push({ engine: delta.stats, births: after.birthsTotal - before.birthsTotal, deaths: after.deathsTotal - before.deathsTotal });
  });
  return { model, ticks, engine };
}

describe('watch model', () => {
  it('counts births and deaths per connection exactly as the churn engine does, TIME_WAIT being neither', () => {
    const { ticks } = run('');
    expect(ticks.map((t) => [t.births, t.deaths])).toEqual(ticks.map((t) => [t.engine.births, t.engine.deaths]));
    expect(ticks.map((t) => [t.births, t.deaths])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('counts only matching sockets under a filter', () => {
    expect(run('proto:udp').ticks.map((t) => [t.births, t.deaths])).toEqual([[0, 0], [1, 0]]);
    expect(run('lport:8080').ticks.map((t) => [t.births, t.deaths])).toEqual([[1, 1], [0, 0]]);
  });

  it('gives per-second rates, 60 s sums and top churners with the sockets each holds now', () => {
    const f = run('').model.figures()!;
    expect(f.birthsPerSec).toBe(1);
    expect([f.births60, f.deaths60, f.birthsTotal, f.deathsTotal]).toEqual([3, 2, 3, 2]);
    expect(f.birthSeries).toEqual([2, 1]);
    expect(f.topChurners.find((c) => c.pid === 200)).toEqual({ pid: 200, name: 'server', births: 1, deaths: 1, sockets: 2 });
    expect(f.topChurners.find((c) => c.pid === 300)).toEqual({ pid: 300, name: 'dns', births: 1, deaths: 0, sockets: 1 });
    // The TIME_WAIT row that ended had no owner: its death is counted, as "(unknown)".
    expect(f.topChurners.find((c) => c.pid === null)).toMatchObject({ name: '(unknown)', deaths: 1 });
  });

  it('skips deltas it has already seen and reports a gap instead of applying out of order', () => {
    const engine = createChurnEngine(META);
    engine.ingest(sample(1000, SAMPLES[0]!));
    const base: Snapshot = engine.snapshot();
    const d1 = engine.ingest(sample(2000, SAMPLES[1]!));
    const d2 = engine.ingest(sample(3000, SAMPLES[2]!));
    const model = createWatchModel({ clauses: [] });
    expect(model.apply(d1)).toBe('stale');
    model.reset(base);
    expect(model.apply(d2)).toBe('gap');
    expect(model.apply(d1)).toBe('applied');
    expect(model.apply(d1)).toBe('stale');
  });
});
