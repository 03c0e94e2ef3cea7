/**
 * Applies the latest value at most once per interval: the first value at once, later ones
 * coalesced and applied when the interval has passed. Used so the tray tooltip changes at most
 * once a second however fast the sampler ticks. Clock and timer are injected for tests.
 */

/** The clock and timer a throttle uses (Date.now and setTimeout in the app). */
export interface ThrottleClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** A latest-value throttle. */
export interface Throttle<T> {
  push(value: T): void;
  /** Drops a pending value and its timer. */
  cancel(): void;
}

/** Creates a throttle that calls `apply` at most once per `intervalMs`. */
export function createThrottle<T>(apply: (value: T) => void, intervalMs: number, clock: ThrottleClock): Throttle<T> {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = clock.now();
    apply(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimer(flush, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      pending = null;
    },
  };
}

/** The real clock. */
export const systemClock: ThrottleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
