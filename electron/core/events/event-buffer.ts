/**
 * The bounded hand-over between the destroy-event reader and the churn engine. Events arrive all
 * the time, the engine takes them once per tick; in between they wait here. A flood must not grow
 * memory, so past the cap events are only counted ("aggregated"), never queued.
 */
import type { DestroyBatch, DestroyEvent } from './types';

/** Events held between two ticks before the buffer counts instead of keeping (about 4 MB). */
export const DEFAULT_EVENT_CAP = 20_000;

/** Pending events plus the counters that ride along with them. */
export class EventBuffer {
  private events: DestroyEvent[] = [];
  private aggregated = 0;
  private malformed = 0;
  private firstError: string | null = null;
  private kernelDrops = 0;

  constructor(readonly cap: number = DEFAULT_EVENT_CAP) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`event buffer cap must be a positive integer, got ${cap}`);
  }

  /** True when the next event would not be kept; the reader then counts lines without parsing them. */
  get full(): boolean {
    return this.events.length >= this.cap;
  }

  /** Events waiting for the next tick. */
  get size(): number {
    return this.events.length;
  }

  /** Keeps an event, or counts it when the buffer is full. */
  push(event: DestroyEvent): void {
    if (this.full) this.aggregated += 1;
    else this.events.push(event);
  }

  /** Counts an event that was not parsed because the buffer is full. */
  countAggregated(): void {
    this.aggregated += 1;
  }

  countMalformed(reason: string): void {
    this.malformed += 1;
    this.firstError ??= reason;
  }

  countKernelDrop(): void {
    this.kernelDrops += 1;
  }

  /**
   * Hands over the events read at or before `until` (the sample's time), so an event read after
   * the table was taken waits for the tick whose table it belongs next to; counters go whole.
   */
  drain(until: number): DestroyBatch {
    let cut = 0;
    while (cut < this.events.length && (this.events[cut]?.time ?? Infinity) <= until) cut += 1;
    const events = cut === this.events.length ? this.events : this.events.slice(0, cut);
    this.events = cut === this.events.length ? [] : this.events.slice(cut);
    const batch: DestroyBatch = {
      events,
      aggregated: this.aggregated,
      malformed: this.malformed,
      firstError: this.firstError,
      kernelDrops: this.kernelDrops,
    };
    this.aggregated = 0;
    this.malformed = 0;
    this.firstError = null;
    this.kernelDrops = 0;
    return batch;
  }
}
