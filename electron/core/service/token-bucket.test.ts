import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('lets a burst through, then one per refill interval, counting what it held back', () => {
    const b = new TokenBuckets({ capacity: 3, refillMs: 1000 });
    expect([0, 0, 0, 0, 0].map((t) => b.take('x', t))).toEqual([0, 0, 0, null, null]);
    expect(b.take('x', 999)).toBeNull();
    expect(b.take('x', 1000 + 1000 / 3)).toBe(3); // one token earned; three were held back
    expect(b.take('x', 1400)).toBeNull();
  });

  it('keeps kinds apart and never stores more than the burst', () => {
    const b = new TokenBuckets({ capacity: 2, refillMs: 100 });
    b.take('a', 0);
    b.take('a', 0);
    expect(b.take('a', 0)).toBeNull();
    expect(b.take('b', 0)).toBe(0);
    expect([1e6, 1e6, 1e6].map((t) => b.take('a', t))).toEqual([1, 0, null]);
  });

  it('refuses a policy that would never let anything through', () => {
    expect(() => new TokenBuckets({ capacity: 0, refillMs: 1 })).toThrow(/capacity/);
  });
});
