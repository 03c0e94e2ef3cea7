import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageRows, revealScrollTop, visibleSlice } from './virtual-window';

describe('virtual window', () => {
  it('renders the rows on screen plus overscan, clamped to the table', () => {
    expect(visibleSlice(0, 480, 24, 10_000, 8)).toEqual({ start: 0, end: 29 });
    expect(visibleSlice(24 * 1000, 480, 24, 10_000, 8)).toEqual({ start: 992, end: 1029 });
    expect(visibleSlice(24 * 9990, 480, 24, 10_000, 8)).toEqual({ start: 9982, end: 10_000 });
    expect(visibleSlice(0, 480, 24, 0)).toEqual({ start: 0, end: 0 });
  });

  it('always covers every row that is at least partly visible', () => {
    fc.assert(
      fc.property(fc.nat(300_000), fc.integer({ min: 1, max: 2000 }), fc.nat(20_000), (scrollTop, h, count) => {
        const { start, end } = visibleSlice(scrollTop, h, 24, count, 0);
        const firstVisible = Math.floor(scrollTop / 24);
        const lastVisible = Math.min(count - 1, Math.floor((scrollTop + h - 1) / 24));
        if (firstVisible < count) {
          expect(start).toBeLessThanOrEqual(firstVisible);
          expect(end).toBeGreaterThan(lastVisible);
        }
        expect(end - start).toBeLessThanOrEqual(Math.ceil(h / 24) + 1);
      }),
    );
  });

  it('scrolls just enough to reveal a row', () => {
    expect(revealScrollTop(5, 0, 240, 24)).toBeNull();
    expect(revealScrollTop(10, 0, 240, 24)).toBe(24);
    expect(revealScrollTop(2, 200, 240, 24)).toBe(48);
    expect(pageRows(240, 24)).toBe(9);
  });
});
