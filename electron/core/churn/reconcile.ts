/**
 * Reconciles what sampling saw with what the kernel counted, so the user learns how much churn
 * fell between ticks instead of trusting a poller that cannot see sub-tick connections.
 *
 * Why the figures compare: Linux adds one to ActiveOpens per connect() and one to PassiveOpens per
 * completed incoming handshake. Every such connection shows in /proc/net/tcp as one row with a
 * peer while it lives (a loopback connection is one active plus one passive open and shows as two
 * rows, one per side). So the sampler's comparable figure is the number of TCP connections it saw
 * become open (see countsAsOpen): not listeners, not half-open requests, not UDP. A connection that
 * opened and closed between two samples is in the kernel's count only: that gap is "missed".
 *
 * Only ticks whose kernel delta is known take part in "missed" (the first tick, a tick without
 * counters and a tick after a counter reset have none), so a gap in the counters never shows up as
 * phantom misses. Totals are clamped at zero rather than per tick because the table and the
 * counters are read a moment apart and an open can land in the neighbouring tick.
 */
import type { Reconciliation } from '../../../shared/churn-model';
import type { KernelCounters } from '../../../shared/model';
import type { RawSample } from '../sampler/types';

/**
 * Kernel-counted TCP opens between two samples, or null when either lacks counters or the sum went
 * down (counters reset, e.g. a new network namespace or a reboot under a restored session).
 */
export function kernelOpensBetween(prev: KernelCounters | null, next: KernelCounters | null): number | null {
  if (prev === null || next === null) return null;
  const delta = next.activeOpens + next.passiveOpens - (prev.activeOpens + prev.passiveOpens);
  return delta < 0 ? null : delta;
}

/**
 * The hook a destroy-event reader (`ss -E`) will plug into: asked once per tick, it answers how
 * many connections in (prevTime, sample.time] it saw die that sampling never saw alive. Until that
 * reader exists the engine uses noEventOnlyBirths, so eventOnlyBirths stays 0. Not asked on the
 * first tick, which has no interval before it.
 */
export type EventOnlyBirthsFeed = (window: { prevTime: number; sample: RawSample }) => number;

/** The default feed: no destroy events, no event-only births. */
export const noEventOnlyBirths: EventOnlyBirthsFeed = () => 0;

/** One tick's contribution to the totals. */
export interface ReconcileTick {
  kernelOpens: number | null;
  seenBySampling: number;
  eventOnlyBirths: number;
}

/** Running totals since the engine started. */
export class Reconciler {
  private kernel: number | null = null;
  private seen = 0;
  private events = 0;
  /** Sampling and events counted only in ticks where the kernel delta is known, for "missed". */
  private seenCounted = 0;
  private eventsCounted = 0;

  record(tick: ReconcileTick): void {
    this.seen += tick.seenBySampling;
    this.events += tick.eventOnlyBirths;
    if (tick.kernelOpens === null) return;
    this.kernel = (this.kernel ?? 0) + tick.kernelOpens;
    this.seenCounted += tick.seenBySampling;
    this.eventsCounted += tick.eventOnlyBirths;
  }

  summary(): Reconciliation {
    const missed = this.kernel === null ? null : Math.max(0, this.kernel - this.seenCounted - this.eventsCounted);
    return { kernelOpens: this.kernel, seenBySampling: this.seen, seenOnlyByEvents: this.events, missed };
  }
}
