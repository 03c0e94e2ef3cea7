/**
 * "Seen by sampling / seen only by events / missed" over the last minute. The service reports these
 * as running totals since sampling began (ChurnSummary.reconciliation); its per-second buckets
 * carry births, kernel opens and event-only births, but not the sampled TCP opens the kernel's
 * count compares with (births also count UDP sockets, listeners and TIME_WAIT remnants, so
 * kernel − births would hide real misses). So the store keeps the totals it receives with their
 * sample times, and the window is the difference to the reading one minute back. Until the page
 * has held a minute of readings, the totals since sampling began are shown, labelled so.
 */
import type { Reconciliation } from '../../../shared/churn-model';

/** Totals as received at one sample time. */
export interface ReconReading {
  time: number;
  totals: Reconciliation;
}

/** What the glance shows: the four figures and what span they cover. */
export interface ReconView {
  /** 'window': the last `windowMs`; 'since-start': since the service began sampling. */
  scope: 'window' | 'since-start';
  kernelOpens: number | null;
  seenBySampling: number;
  seenOnlyByEvents: number;
  missed: number | null;
}

/** The window the glance reports. */
export const RECON_WINDOW_MS = 60_000;
/** Readings kept at most (4 per second at the fastest interval, over the window and a margin). */
const READINGS_LIMIT = 400;

function wentDown(a: Reconciliation, b: Reconciliation): boolean {
  const kernel = a.kernelOpens !== null && b.kernelOpens !== null && b.kernelOpens < a.kernelOpens;
  return kernel || b.seenBySampling < a.seenBySampling || b.seenOnlyByEvents < a.seenOnlyByEvents;
}

/**
 * The history with one more reading: the readings inside the window plus the newest one before
 * it (the baseline). Totals that went down (the sampler restarted) start a new history.
 */
export function addReading(history: readonly ReconReading[], reading: ReconReading, windowMs = RECON_WINDOW_MS): ReconReading[] {
  const last = history.at(-1);
  if (last === undefined || wentDown(last.totals, reading.totals) || reading.time < last.time) return [reading];
  const all = [...history, reading];
  const cut = reading.time - windowMs;
  let baseline = 0;
  for (let i = 0; i < all.length; i += 1) if ((all[i] as ReconReading).time <= cut) baseline = i;
  return all.slice(Math.max(baseline, all.length - READINGS_LIMIT));
}

/** The figures over the window when the history reaches back that far, else since sampling began. */
export function reconciliationView(history: readonly ReconReading[], windowMs = RECON_WINDOW_MS): ReconView | null {
  const latest = history.at(-1);
  if (latest === undefined) return null;
  const base = history[0] as ReconReading;
  if (latest.time - base.time < windowMs) return { scope: 'since-start', ...latest.totals };
  const a = base.totals;
  const b = latest.totals;
  const kernel = a.kernelOpens === null || b.kernelOpens === null ? null : b.kernelOpens - a.kernelOpens;
  const seen = b.seenBySampling - a.seenBySampling;
  const events = b.seenOnlyByEvents - a.seenOnlyByEvents;
  return {
    scope: 'window',
    kernelOpens: kernel,
    seenBySampling: seen,
    seenOnlyByEvents: events,
    missed: kernel === null ? null : Math.max(0, kernel - seen - events),
  };
}
