import { describe, expect, it } from 'vitest';
import { createChurnEngine } from '../core/churn/churn-engine';
import { META, owner, row, sample } from '../core/churn/test-rows';
import { painter } from './color';
import { createWatchModel } from './watch-model';
import type { WatchFigures } from './watch-model';
import type { WatchFrame } from './watch-view';
import { renderWatch, sparkline, watchLogLine } from './watch-view';

/** Figures after one tick in which ten connections to 10.0.0.9:443 were born inside the range. */
function figures(): WatchFigures {
  const engine = createChurnEngine(META);
  const model = createWatchModel({ clauses: [] });
  engine.ingest(sample(1000, []));
  model.reset(engine.snapshot());
  const conns = Array.from({ length: 10 }, (_, i) =>
    row({ lport: 40000 + i, local: '10.0.0.1', remote: '10.0.0.9', rport: 443, inode: 100 + i, owner: owner(42, 'curl') }),
  );
  model.apply(engine.ingest(sample(2000, conns)));
  return model.figures()!;
}

const frame = (over: Partial<WatchFrame> = {}): WatchFrame => ({
  figures: figures(),
  filterText: '',
  source: 'linux-procfs',
  intervalMs: 1000,
  reconciliation: { kernelOpens: 12, seenBySampling: 10, seenOnlyByEvents: 0, missed: 2 },
  lastError: null,
  width: 120,
  height: 40,
  unicode: true,
  paint: painter(false),
  ...over,
});

describe('renderWatch', () => {
  it('shows rates, totals, kernel figures, occupancy and the top churner', () => {
    const text = renderWatch(frame()).join('\n');
    expect(text).toContain('births/s 10.0');
    expect(text).toContain('births total 10  deaths total 0');
    expect(text).toContain('kernel opens 12  missed 2');
    expect(text).toMatch(/ephemeral range 32768-60999 \(os\): 10 of 28,232 ports held/);
    expect(text).toContain('busiest tuple');
    expect(text).toMatch(/\n\s+42\s+curl\s+10\s+0\s+10\n/);
    expect(text).toContain('q or Ctrl-C quits');
  });

  it('fits any screen: no line wider than the width, no more lines than the height, the quit hint kept', () => {
    for (const [width, height] of [[40, 8], [20, 3], [120, 40]] as const) {
      const lines = renderWatch(frame({ width, height, lastError: 'x'.repeat(300) }));
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      expect(lines.at(-1)).toContain('q or Ctrl-C');
    }
  });

  it('waits politely before the first sample, and has a plain one-line form for pipes', () => {
    expect(renderWatch(frame({ figures: null })).join('\n')).toContain('waiting for the first sample');
    expect(watchLogLine(figures())).toMatch(/births\/s 10\.0 deaths\/s 0\.0 births_total 10 deaths_total 0 sockets 10$/);
  });
});

describe('sparkline', () => {
  it('scales to the largest value, blank for zero, ASCII when the terminal is not UTF-8', () => {
    expect(sparkline([0, 1, 8], true)).toBe(' ▁█');
    expect(sparkline([0, 4, 8], false)).toBe(' ~#');
  });
});
