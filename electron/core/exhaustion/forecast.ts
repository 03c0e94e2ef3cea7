/**
 * Time to exhaustion at the current rate: a least-squares line through a tuple's recent use,
 * so one noisy sample does not swing the forecast, and the time until that line meets the range.
 * A flat or falling line forecasts nothing rather than a huge number.
 */

/** One observation of a tuple's use. */
export interface UsePoint {
  /** Epoch ms. */
  t: number;
  used: number;
}

/** Growth in ports per second of the least-squares line through the points; 0 with fewer than two distinct times. */
export function slopePerSec(points: readonly UsePoint[]): number {
  if (points.length < 2) return 0;
  const t0 = points[0]?.t ?? 0;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += (p.t - t0) / 1000;
    sy += p.used;
  }
  const mx = sx / points.length;
  const my = sy / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    const dx = (p.t - t0) / 1000 - mx;
    num += dx * (p.used - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}

/** Seconds until `used` reaches `capacity` at `ratePerSec`: 0 when already full, null when not rising. */
export function forecastSec(used: number, capacity: number, ratePerSec: number): number | null {
  if (used >= capacity) return 0;
  if (!(ratePerSec > 0)) return null;
  return (capacity - used) / ratePerSec;
}
