/**
 * A token bucket per notification kind: a burst of a few goes through at once, then at most one
 * per refill interval, so a machine starting fifty listeners does not bury the user in popups.
 * What is held back is counted, so the next one that goes through can say how many were skipped.
 */

/** Burst size and the time it takes to earn one more token. */
export interface BucketPolicy {
  capacity: number;
  refillMs: number;
}

/** The default: 5 at once, then one every 12 s (5 a minute). */
export const DEFAULT_BUCKET: BucketPolicy = { capacity: 5, refillMs: 12_000 };

/** Rate limits keyed by kind. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number; held: number }>();

  constructor(private readonly policy: BucketPolicy = DEFAULT_BUCKET) {
    if (!(policy.capacity >= 1) || !(policy.refillMs > 0)) throw new RangeError('a token bucket needs capacity ≥ 1 and refillMs > 0');
  }

  /**
   * Takes a token for `kind` at `now`: returns how many were held back since the last one that went
   * through (0 or more), or null when this one must be held back too.
   */
  take(kind: string, now: number): number | null {
    const b = this.buckets.get(kind) ?? { tokens: this.policy.capacity, at: now, held: 0 };
    const earned = Math.max(0, now - b.at) / this.policy.refillMs;
    b.tokens = Math.min(this.policy.capacity, b.tokens + earned);
    b.at = now;
    this.buckets.set(kind, b);
    if (b.tokens < 1) {
      b.held += 1;
      return null;
    }
    b.tokens -= 1;
    const held = b.held;
    b.held = 0;
    return held;
  }
}
