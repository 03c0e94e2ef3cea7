/**
 * Per-destination series for /metrics (issue 13): births and TIME_WAIT for the 20 destinations
 * with the most churn, the rest summed under `other`, so label cardinality stays bounded however
 * many peers the host talks to. The collector holds `other`'s counter monotonic across changes
 * in which destinations make the top 20.
 */
import type { Destinations } from '../../../shared/destination-model';
import { formatEndpoint } from '../../../shared/format';
import type { MetricFamily, Sample } from './prom-text';

/** Destinations with their own series. */
export const DESTINATION_SERIES = 20;

/** The label of a destination: `addr:port/proto`. */
export function destinationLabel(d: { remoteAddress: string; remotePort: number; proto: string }): string {
  return `${formatEndpoint(d.remoteAddress, d.remotePort)}/${d.proto}`;
}

/** Births of destinations outside the top 20 (before holding it monotonic). */
export function otherBirths(d: Destinations): number {
  const top = d.destinations.slice(0, DESTINATION_SERIES).reduce((n, x) => n + x.birthsTotal, 0);
  return Math.max(0, d.totals.births - top);
}

/** The two families; `otherBirthsTotal` is the collector's monotonic `other` counter. */
export function destinationFamilies(d: Destinations, otherBirthsTotal: number): MetricFamily[] {
  const top = d.destinations.slice(0, DESTINATION_SERIES);
  const births: Sample[] = top.map((x) => ({ labels: { destination: destinationLabel(x) }, value: x.birthsTotal }));
  births.push({ labels: { destination: 'other' }, value: otherBirthsTotal });
  const topTimeWait = top.reduce((n, x) => n + x.timeWait, 0);
  const timeWait: Sample[] = top.map((x) => ({ labels: { destination: destinationLabel(x) }, value: x.timeWait }));
  timeWait.push({ labels: { destination: 'other' }, value: Math.max(0, d.totals.timeWait - topTimeWait) });
  return [
    {
      name: 'ephemera_destination_births_total',
      help: 'Connections born toward a remote (address, port, proto) since sampling started; the 20 with the most churn, the rest as other.',
      type: 'counter',
      samples: births,
    },
    {
      name: 'ephemera_destination_time_wait',
      help: 'TIME_WAIT sockets toward a remote (address, port, proto) now; the same 20, the rest as other.',
      type: 'gauge',
      samples: timeWait,
    },
  ];
}
