/**
 * A lifetime histogram as CSS bars (22 of them: nothing a canvas would do better), each with a
 * tooltip giving its range and count, decade labels underneath and a one-line caption. Used by
 * the glance (machine-wide) and the details dialog (one process).
 */
import { useMemo } from 'react';
import type { Histogram } from '../../../../shared/churn-model';
import { formatCount } from '../../../../shared/format';
import { lifetimeChart } from './lifetime-bars';

interface LifetimeHistogramProps {
  histogram: Histogram;
  testId: string;
  /** Bar area height in px. */
  height: number;
  /** Narrow: label every other decade only. */
  compact?: boolean;
}

/** Bars, axis and caption. */
export function LifetimeHistogram({ histogram, testId, height, compact = false }: LifetimeHistogramProps) {
  const chart = useMemo(() => lifetimeChart(histogram), [histogram]);
  const columns = { gridTemplateColumns: `repeat(${chart.bars.length}, minmax(0, 1fr))` };
  const parts = [`${formatCount(chart.measured)} closed`];
  if (chart.median) parts.push(`median ${chart.median}`);
  if (chart.belowOneTick !== null) parts.push(`${formatCount(chart.belowOneTick)} under one tick`);
  return (
    <figure
      className={`lifetimes${compact ? ' compact' : ''}`}
      data-testid={testId}
      data-measured={chart.measured}
      data-below-tick={chart.belowOneTick ?? ''}
    >
      <div className="lt-bars" style={{ ...columns, height }} role="img" aria-label={`Connection lifetimes: ${parts.join(', ')}`}>
        {chart.bars.map((b) => (
          <div key={b.key} className={`lt-bar lt-${b.kind}`} title={b.tip}>
            <span style={{ height: `${b.fraction * 100}%` }} className={b.count > 0 ? 'some' : undefined} />
          </div>
        ))}
      </div>
      <div className="lt-axis" style={columns} aria-hidden="true">
        {chart.bars.map((b) => (
          <span key={b.key} className={b.major ? 'major' : undefined}>
            {b.label}
          </span>
        ))}
      </div>
      <figcaption className="muted small" title={parts.join(' · ')}>
        {parts.join(' · ')}
      </figcaption>
    </figure>
  );
}
