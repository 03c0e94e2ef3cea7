import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { PromFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { TCP_STATES } from '../../../shared/model';
import { createDurationHistogram } from './duration-histogram';
import { KNOWN, KNOWN_TABLE } from './metrics-test-table';
import type { MetricsState } from './prometheus';
import { renderMetrics } from './prometheus';

function state(over: Partial<MetricsState> = {}): MetricsState {
  const durations = createDurationHistogram();
  for (const ms of [2, 3, 40, 1500]) durations.observe(ms / 1000);
  return {
    snapshot: KNOWN_TABLE,
    totals: { births: 12, deaths: 10, eventOnlyBirths: 0, kernelOpens: 30, missedOpens: 18 },
    sampleDurations: durations.data(),
    intervalMs: 1000,
    version: '0.1.0',
    ...over,
  };
}

function families(text: string): Map<string, PromFamily> {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

const value = (fams: Map<string, PromFamily>, name: string): number => Number(fams.get(name)?.metrics[0]?.value);

describe('renderMetrics', () => {
  const text = renderMetrics(state());
  const fams = families(text);

  it('parses with a real Prometheus text parser, every family with HELP and TYPE', () => {
    for (const f of fams.values()) {
      expect(f.help, f.name).not.toBe('');
      expect(f.type, f.name).not.toBe('UNTYPED');
      expect(f.name).toMatch(/^ephemera_/);
      if (f.type === 'COUNTER') expect(f.name).toMatch(/_total$/);
    }
    const types = (line: string) => line.startsWith('# TYPE');
    expect(text.split('\n').filter(types)).toHaveLength(fams.size);
  });

  it('counts sockets by proto and state, every TCP state present even when 0', () => {
    const samples = fams.get('ephemera_sockets')?.metrics ?? [];
    const got = Object.fromEntries(samples.map((m) => [`${m.labels?.proto}|${m.labels?.state}`, Number(m.value)]));
    for (const s of TCP_STATES) expect(got[`tcp|${s}`], s).toBe(KNOWN.states[`tcp|${s}`] ?? 0);
    expect(got['udp|UNCONN']).toBe(1);
    expect(Object.values(got).reduce((a, b) => a + b, 0)).toBe(KNOWN_TABLE.sockets.length);
  });

  it('gives owner-unknown, TIME_WAIT, occupancy and tuple occupancy as known for the table', () => {
    expect(value(fams, 'ephemera_sockets_owner_unknown')).toBe(KNOWN.ownerUnknown);
    expect(value(fams, 'ephemera_time_wait_sockets')).toBe(KNOWN.timeWait);
    expect(value(fams, 'ephemera_kernel_time_wait_sockets')).toBe(KNOWN.kernelTimeWait);
    expect(value(fams, 'ephemera_ephemeral_range_ports')).toBe(KNOWN.rangeSize);
    expect(value(fams, 'ephemera_ephemeral_ports_held')).toBe(KNOWN.held);
    expect(value(fams, 'ephemera_ephemeral_occupancy_ratio')).toBe(KNOWN.occupancy);
    expect(value(fams, 'ephemera_tuple_occupancy_max_ratio')).toBe(KNOWN.tupleOccupancy);
  });

  it('exposes the counters and the sample-duration histogram in seconds', () => {
    expect(fams.get('ephemera_births_total')?.type).toBe('COUNTER');
    expect(value(fams, 'ephemera_births_total')).toBe(12);
    expect(value(fams, 'ephemera_deaths_total')).toBe(10);
    expect(value(fams, 'ephemera_kernel_opens_total')).toBe(30);
    expect(value(fams, 'ephemera_missed_opens_total')).toBe(18);
    const h = fams.get('ephemera_sample_duration_seconds')?.metrics[0];
    expect(h?.count).toBe('4');
    expect(Number(h?.sum)).toBeCloseTo(1.545, 9);
    expect(h?.buckets?.['0.0025']).toBe('1');
    expect(h?.buckets?.['0.05']).toBe('3');
    expect(h?.buckets?.['+Inf']).toBe('4');
    expect(value(fams, 'ephemera_sampling_interval_seconds')).toBe(1);
  });

  it('escapes label values: a host name with quotes and a line feed reads back exactly', () => {
    const info = fams.get('ephemera_info')?.metrics[0];
    expect(info?.labels).toEqual({ version: '0.1.0', host: 'host "a"\nb', platform: 'linux', source: 'linux-procfs' });
  });

  it('leaves out kernel figures where the OS has no counters, instead of inventing zeros', () => {
    const none = families(
      renderMetrics(state({ snapshot: { ...KNOWN_TABLE, counters: null }, totals: { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, missedOpens: null } })),
    );
    expect(none.has('ephemera_kernel_opens_total')).toBe(false);
    expect(none.has('ephemera_missed_opens_total')).toBe(false);
    expect(none.has('ephemera_kernel_time_wait_sockets')).toBe(false);
    expect(none.has('ephemera_births_total')).toBe(true);
  });
});
