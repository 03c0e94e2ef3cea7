/**
 * Keeps what a scrape needs beyond the current table: births, deaths and event-only births
 * summed from every delta, the sample-duration histogram, and the kernel/missed counters held
 * monotonic. Attach it when the service starts; a scrape then renders the current state.
 */
import type { PortService } from '../service/port-service';
import type { Destinations } from '../../../shared/destination-model';
import { otherBirths } from './destination-metrics';
import { createDurationHistogram } from './duration-histogram';
import type { MetricTotals } from './prometheus';
import { renderMetrics } from './prometheus';

/** The parts of the service the collector uses. */
export type MetricsSource = Pick<PortService, 'on' | 'subscribe' | 'getStatus'>;

/** A live collector. */
export interface MetricsCollector {
  /** The exposition text for a scrape (waits for the first sample, as subscribe does). */
  render(): Promise<string>;
  /** Stops listening to the service. */
  close(): void;
}

/** A counter never goes down: a source value that dips is held at the highest seen. */
const monotonic = (prev: number | null, next: number | null): number | null =>
  next === null ? prev : prev === null ? next : Math.max(prev, next);

/** Starts counting the service's deltas; call before or right after the service starts. */
export function createMetricsCollector(service: MetricsSource, version: string): MetricsCollector {
  const totals: MetricTotals = { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, missedOpens: null };
  const durations = createDurationHistogram();
  const offDelta = service.on('delta', (delta) => {
    totals.births += delta.stats.births;
    totals.deaths += delta.stats.deaths;
    totals.eventOnlyBirths += delta.stats.eventOnlyBirths;
    durations.observe(delta.stats.sampleMs / 1000);
  });
  let destinations: { view: Destinations; otherBirths: number } | undefined;
  const offDestinations = service.on('destinations', (view) => {
    destinations = { view, otherBirths: Math.max(destinations?.otherBirths ?? 0, otherBirths(view)) };
  });
  const offChurn = service.on('churn', (churn) => {
    totals.kernelOpens = monotonic(totals.kernelOpens, churn.reconciliation.kernelOpens);
    totals.missedOpens = monotonic(totals.missedOpens, churn.reconciliation.missed);
  });
  return {
    async render() {
      const { snapshot } = await service.subscribe({});
      const status = await service.getStatus({});
      return renderMetrics({
        snapshot,
        totals: { ...totals },
        sampleDurations: durations.data(),
        intervalMs: status.intervalMs,
        version,
        destinations,
      });
    },
    close() {
      offDelta();
      offChurn();
      offDestinations();
    },
  };
}
