import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('never holds more than its capacity, even after ten times as many inserts', () => {
    const lru = new LruMap<number, string>(8);
    for (let i = 0; i < 80; i += 1) lru.set(i, `v${i}`);
    expect(lru.size).toBe(8);
    expect(lru.newestFirst().map(([k]) => k)).toEqual([79, 78, 77, 76, 75, 74, 73, 72]);
  });

  it('evicts the least recently touched entry, where get() counts as a touch and peek() does not', () => {
    const lru = new LruMap<string, number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    expect(lru.peek('b')).toBe(2);
    lru.set('d', 4);
    expect(lru.peek('b')).toBeUndefined();
    expect(lru.newestFirst().map(([k]) => k)).toEqual(['d', 'a', 'c']);
  });

  it('re-setting a key replaces it without growing', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('a', 2);
    expect(lru.size).toBe(1);
    expect(lru.get('a')).toBe(2);
  });

  it('getOrCreate builds once and then returns the same value', () => {
    const lru = new LruMap<string, number[]>(2);
    const made = lru.getOrCreate('x', () => []);
    made.push(1);
    expect(lru.getOrCreate('x', () => [99])).toEqual([1]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});

describe('LruMap under churn', () => {
  it('matches a reference model over a long random sequence of touches, sets and evictions', () => {
    const cap = 5;
    const lru = new LruMap<number, number>(cap);
    const model: number[] = [];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 12;
    for (let i = 0; i < 5000; i += 1) {
      const key = next();
      const at = model.indexOf(key);
      if (i % 3 === 0) {
        expect(lru.get(key)).toBe(at === -1 ? undefined : key * 10);
        if (at !== -1) {
          model.splice(at, 1);
          model.unshift(key);
        }
      } else {
        lru.set(key, key * 10);
        if (at !== -1) model.splice(at, 1);
        model.unshift(key);
        model.length = Math.min(model.length, cap);
      }
      expect(lru.newestFirst().map(([k]) => k)).toEqual(model);
    }
  });
});
