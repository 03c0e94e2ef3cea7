import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastSec, slopePerSec } from './forecast';

describe('slopePerSec', () => {
  it('is the exact rate of a straight line of use, whatever its start', () => {
    const points = [0, 1000, 2000, 3000].map((t) => ({ t: 5000 + t, used: 40 + (t / 1000) * 12 }));
    expect(slopePerSec(points)).toBeCloseTo(12, 10);
  });

  it('fits through noise instead of trusting the last step', () => {
    const points = [
      { t: 0, used: 10 },
      { t: 1000, used: 22 },
      { t: 2000, used: 28 },
      { t: 3000, used: 42 },
    ];
    // least squares: 51 / 5 = 10.2 ports/s; the last step alone would say 14
    expect(slopePerSec(points)).toBeCloseTo(10.2, 10);
  });

  it('is 0 with fewer than two distinct times, and negative while draining', () => {
    expect(slopePerSec([])).toBe(0);
    expect(slopePerSec([{ t: 1, used: 5 }])).toBe(0);
    expect(slopePerSec([{ t: 1, used: 5 }, { t: 1, used: 9 }])).toBe(0);
    expect(slopePerSec([{ t: 0, used: 50 }, { t: 2000, used: 30 }])).toBe(-10);
  });

  it('recovers any line it is given (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 60 }), (rate, start, n) => {
        const points = Array.from({ length: n }, (_, i) => ({ t: start + i * 250, used: 1000 + rate * i * 0.25 }));
        return Math.abs(slopePerSec(points) - rate) < 1e-6;
      }),
    );
  });
});

describe('forecastSec', () => {
  it('is the time until the range is full at the rate', () => {
    expect(forecastSec(70, 100, 10)).toBe(3);
    expect(forecastSec(28_000, 28_232, 5000)).toBeCloseTo(0.0464, 4);
  });

  it('is 0 when already full and null when use is flat or falling', () => {
    expect(forecastSec(100, 100, 0)).toBe(0);
    expect(forecastSec(50, 100, 0)).toBeNull();
    expect(forecastSec(50, 100, -3)).toBeNull();
    expect(forecastSec(50, 100, Number.NaN)).toBeNull();
  });
});
