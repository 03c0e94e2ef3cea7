import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import type { Destination, Destinations } from '../../../shared/destination-model';
import { createDurationHistogram } from './duration-histogram';
import { DESTINATION_SERIES, otherBirths } from './destination-metrics';
import { KNOWN_TABLE } from './metrics-test-table';
import { renderMetrics } from './prometheus';

const dest = (i: number): Destination => ({
  key: `tcp|10.0.0.${i}|443`, proto: 'tcp', remoteAddress: `10.0.0.${i}`, remotePort: 443, connections: 3, states: { TIME_WAIT: 2, ESTABLISHED: 1 },
  birthsPerSec: 100 - i, births: [], birthsTotal: 1000 - i, medianLifetimeMs: 60_000, timeWait: 2, occupancy: null, callers: [], unknownBirths: 0,
});

/** 25 listed destinations (sorted by churn as the engine sends them) plus unlisted ones in the totals. */
const view: Destinations = {
  time: 0, spanSec: 60,
  destinations: Array.from({ length: 25 }, (_, i) => dest(i + 1)),
  totals: { births: 40_000, timeWait: 90, tracked: 40 },
};

describe('destination series in /metrics', () => {
  const text = renderMetrics({
    snapshot: KNOWN_TABLE,
    totals: { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, missedOpens: null },
    sampleDurations: createDurationHistogram().data(),
    intervalMs: 1000,
    version: '0.1.0',
    destinations: { view, otherBirths: otherBirths(view) },
  });
  const fams = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));

  it('gives the 20 busiest their own label and sums the rest under other', () => {
    const births = fams.get('ephemera_destination_births_total');
    expect(births?.type).toBe('COUNTER');
    expect(births?.metrics).toHaveLength(DESTINATION_SERIES + 1);
    const byLabel = new Map(births!.metrics.map((m) => [m.labels?.destination, Number(m.value)]));
    expect(byLabel.get('10.0.0.1:443/tcp')).toBe(999);
    expect(byLabel.has('10.0.0.21:443/tcp')).toBe(false);
    const top = Array.from({ length: 20 }, (_, i) => 1000 - (i + 1)).reduce((a, b) => a + b, 0);
    expect(byLabel.get('other')).toBe(40_000 - top);
  });

  it('reports TIME_WAIT per destination with the same bound', () => {
    const tw = fams.get('ephemera_destination_time_wait');
    expect(tw?.type).toBe('GAUGE');
    const byLabel = new Map(tw!.metrics.map((m) => [m.labels?.destination, Number(m.value)]));
    expect(byLabel.size).toBe(21);
    expect(byLabel.get('10.0.0.20:443/tcp')).toBe(2);
    expect(byLabel.get('other')).toBe(90 - 40);
  });
});
