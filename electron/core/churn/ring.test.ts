import { describe, expect, it } from 'vitest';
import { Ring } from './ring';

describe('Ring', () => {
  it('keeps only the newest items after ten times its capacity', () => {
    const ring = new Ring<number>(16);
    for (let i = 0; i < 160; i += 1) ring.push(i);
    expect(ring.size).toBe(16);
    expect(ring.toArray()).toEqual(Array.from({ length: 16 }, (_, i) => 144 + i));
    expect(ring.last()).toBe(159);
  });

  it('returns what it pushed out once full', () => {
    const ring = new Ring<string>(2);
    expect(ring.push('a')).toBeUndefined();
    expect(ring.push('b')).toBeUndefined();
    expect(ring.push('c')).toBe('a');
    expect(ring.toArray()).toEqual(['b', 'c']);
  });

  it('is empty after clear and when new', () => {
    const ring = new Ring<number>(3);
    expect(ring.last()).toBeUndefined();
    ring.push(1);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
