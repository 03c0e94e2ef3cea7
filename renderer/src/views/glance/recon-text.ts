/**
 * The reconciliation in words and proportions: what share of the kernel's TCP opens sampling saw,
 * what destroy events added, what nobody saw. Pure, so the glance's sentences are tested.
 */
import { formatCount } from '../../../../shared/format';
import type { ReconView } from '../../store/reconciliation-window';

/** The span the figures cover, as the card title says it. */
export function scopeLabel(view: ReconView | null): string {
  return view?.scope === 'window' ? 'last 60 s' : 'since start';
}

/** The title's tooltip: what is compared, over which span. */
export function scopeHelp(view: ReconView | null): string {
  const what = 'TCP opens the kernel counted (ActiveOpens + PassiveOpens) against what sampling and destroy events saw';
  return view?.scope === 'window'
    ? `${what}, over the last 60 s`
    : `${what}, since the service began sampling (the last 60 s once this page has a minute of figures)`;
}

/** Shares of the bar: sampling, events and missed, each 0..1 of the larger of the kernel count and their sum. */
export interface ReconShares {
  sampling: number;
  events: number;
  missed: number;
}

/** The bar's proportions, null when there is nothing to divide. */
export function reconShares(view: ReconView | null): ReconShares | null {
  if (view === null) return null;
  const missed = view.missed ?? 0;
  const whole = Math.max(view.kernelOpens ?? 0, view.seenBySampling + view.seenOnlyByEvents + missed);
  if (whole === 0) return null;
  return { sampling: view.seenBySampling / whole, events: view.seenOnlyByEvents / whole, missed: missed / whole };
}

function percent(part: number, whole: number): string {
  return `${Math.min(100, Math.round((part / whole) * 100))} %`;
}

/**
 * One sentence under the figures. `eventsOn` is false when the destroy-event reader is off;
 * `hasCounters` says the OS gives kernel counters (the first sample has no difference yet).
 */
export function reconSentence(view: ReconView | null, eventsOn: boolean, hasCounters = false): string {
  if (view === null) return 'waiting for the first sample';
  const off = eventsOn ? '' : ' (destroy events are off)';
  if (view.kernelOpens === null && hasCounters) return 'Counting kernel opens from the next sample on.';
  if (view.kernelOpens === null) return `No kernel counters on this OS, so what polling missed cannot be counted${off}.`;
  if (view.kernelOpens === 0) return view.scope === 'window' ? 'No TCP opens in the last minute.' : 'No TCP opens counted yet.';
  const seen = view.seenBySampling + view.seenOnlyByEvents;
  const head = `${percent(seen, view.kernelOpens)} of ${formatCount(view.kernelOpens)} TCP opens seen`;
  const missed = view.missed ?? 0;
  const tail = missed > 0 ? `; ${formatCount(missed)} opened and closed between samples unseen` : '; none missed';
  return `${head}${tail}${off}.`;
}
