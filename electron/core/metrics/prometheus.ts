/**
 * Ephemera's Prometheus metrics: the service's state rendered as exposition text. Pure, so every
 * value is tested against a known table. Ephemera is a per-host exporter; fleet storage,
 * aggregation and alerting stay with Prometheus, so names follow its conventions (ephemera_
 * prefix, _total on counters, seconds and ratios) and series are stable from scrape to scrape.
 */
import type { Snapshot, Socket } from '../../../shared/model';
import { TCP_STATES } from '../../../shared/model';
import type { Destinations } from '../../../shared/destination-model';
import { destinationFamilies } from './destination-metrics';
import { maxTupleOccupancy, rangeOccupancy } from './occupancy';
import type { HistogramData, MetricFamily, Sample } from './prom-text';
import { histogramSamples, renderFamilies } from './prom-text';

/** Counters accumulated since the exporter started (see metrics-collector). */
export interface MetricTotals {
  births: number;
  deaths: number;
  eventOnlyBirths: number;
  /** Kernel-counted opens since sampling started; null where the OS has no counters. */
  kernelOpens: number | null;
  /** Kernel-counted opens nobody saw; null where the OS has no counters. */
  missedOpens: number | null;
}

/** Everything one scrape renders. */
export interface MetricsState {
  snapshot: Snapshot;
  totals: MetricTotals;
  sampleDurations: HistogramData;
  /** Sampling interval in ms. */
  intervalMs: number;
  version: string;
  /** The latest destinations view and the monotonic births of `other` (absent: no series). */
  destinations?: { view: Destinations; otherBirths: number };
}

const UDP_STATES = ['UNCONN', 'ESTABLISHED'] as const;

/** Socket counts by proto and state: every TCP state and both UDP states always present (0 when none). */
function socketsByState(sockets: readonly Socket[]): Sample[] {
  const counts = new Map<string, number>();
  for (const p of TCP_STATES) counts.set(`tcp|${p}`, 0);
  for (const p of UDP_STATES) counts.set(`udp|${p}`, 0);
  for (const s of sockets) counts.set(`${s.proto}|${s.state}`, (counts.get(`${s.proto}|${s.state}`) ?? 0) + 1);
  return [...counts].map(([key, value]) => {
    const [proto = '', state = ''] = key.split('|');
    return { labels: { proto, state }, value };
  });
}

const gauge = (name: string, help: string, value: number, labels?: Record<string, string>): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: [{ value, ...(labels === undefined ? {} : { labels }) }],
});

const counter = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: 'counter',
  samples: [{ value }],
});

function tableFamilies(snapshot: Snapshot): MetricFamily[] {
  const { sockets, ephemeralRange: range } = snapshot;
  const occupancy = rangeOccupancy(sockets, range);
  const tuple = maxTupleOccupancy(sockets, range);
  const families: MetricFamily[] = [
    { name: 'ephemera_sockets', help: 'Sockets in the table by protocol and state.', type: 'gauge', samples: socketsByState(sockets) },
    gauge(
      'ephemera_sockets_owner_unknown',
      "Sockets whose owning process the OS did not reveal (another user's, or an orphan such as TIME_WAIT).",
      sockets.filter((s) => s.owner === null).length,
    ),
    gauge('ephemera_time_wait_sockets', 'Sockets in TIME_WAIT in the table.', sockets.filter((s) => s.state === 'TIME_WAIT').length),
    gauge('ephemera_ephemeral_range_ports', "Size of this machine's ephemeral port range.", occupancy.size),
    gauge('ephemera_ephemeral_ports_held', 'Distinct local ports held inside the ephemeral range.', occupancy.held),
    gauge('ephemera_ephemeral_occupancy_ratio', 'Share of the ephemeral range held (distinct local ports / range size).', occupancy.ratio),
    gauge(
      'ephemera_tuple_occupancy_max_ratio',
      'Highest share of the ephemeral range held by one (proto, local address, remote address, remote port) tuple.',
      tuple.ratio,
    ),
  ];
  if (snapshot.counters !== null) {
    families.push(
      gauge('ephemera_kernel_time_wait_sockets', 'TIME_WAIT sockets as the kernel counts them (/proc/net/sockstat tw).', snapshot.counters.timeWait),
    );
  }
  return families;
}

/**
 * Churn counters. The kernel figures exist where the OS has counters (the snapshot carries them);
 * until a second sample gives a difference they are 0, not absent, so rate() has a start.
 */
function churnFamilies(totals: MetricTotals, kernelCounted: boolean): MetricFamily[] {
  const families = [
    counter('ephemera_births_total', 'Connections the sampler saw being born since the exporter started.', totals.births),
    counter('ephemera_deaths_total', 'Connections the sampler saw ending since the exporter started.', totals.deaths),
    counter(
      'ephemera_event_only_births_total',
      'Connections known only from socket-destroy events (too short-lived to be sampled).',
      totals.eventOnlyBirths,
    ),
  ];
  if (kernelCounted) {
    families.push(
      counter('ephemera_kernel_opens_total', 'TCP opens the kernel counted (ActiveOpens + PassiveOpens) since sampling started.', totals.kernelOpens ?? 0),
      counter('ephemera_missed_opens_total', 'Kernel-counted opens that neither sampling nor destroy events saw.', totals.missedOpens ?? 0),
    );
  }
  return families;
}

/** The exposition text of one scrape. */
export function renderMetrics(state: MetricsState): string {
  const { snapshot } = state;
  return renderFamilies([
    gauge('ephemera_info', 'Ephemera version and what it samples; always 1.', 1, {
      version: state.version,
      host: snapshot.host,
      platform: snapshot.platform,
      source: snapshot.source,
    }),
    ...tableFamilies(snapshot),
    ...churnFamilies(state.totals, snapshot.counters !== null || state.totals.kernelOpens !== null),
    {
      name: 'ephemera_sample_duration_seconds',
      help: 'Time to read the socket table and resolve owners, per sample.',
      type: 'histogram',
      samples: histogramSamples(state.sampleDurations),
    },
    gauge('ephemera_sampling_interval_seconds', 'Configured time between samples.', state.intervalMs / 1000),
    ...(state.destinations === undefined ? [] : destinationFamilies(state.destinations.view, state.destinations.otherBirths)),
  ]);
}
