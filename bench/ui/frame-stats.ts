/**
 * Turns what the UI bench recorded (requestAnimationFrame timestamps, WebSocket frame sizes)
 * into the figures it prints: frame-time percentiles and update size against the snapshot.
 * Pure so the arithmetic is tested apart from the browser.
 */

/** Nearest-rank percentile of ascending-sorted values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Frame-time figures in ms. */
export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames longer than 50 ms (a visible stall). */
  over50: number;
}

/** Frame times from consecutive rAF timestamps. */
export function frameStats(timestamps: readonly number[]): FrameStats {
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length; i += 1) gaps.push((timestamps[i] as number) - (timestamps[i - 1] as number));
  gaps.sort((a, b) => a - b);
  return {
    frames: gaps.length,
    p50: percentile(gaps, 50),
    p95: percentile(gaps, 95),
    p99: percentile(gaps, 99),
    max: gaps.at(-1) ?? Number.NaN,
    over50: gaps.filter((g) => g > 50).length,
  };
}

/** Sizes of what crossed the socket, in bytes. */
export interface MessageStats {
  snapshotBytes: number;
  deltas: number;
  deltaP50: number;
  deltaP95: number;
  deltaMax: number;
  /** Median delta as a fraction of the snapshot. */
  deltaToSnapshot: number;
}

/** Classifies received frames: the subscribe result carries the snapshot, 'delta' events the updates. */
export function messageStats(frames: readonly string[]): MessageStats {
  let snapshotBytes = 0;
  const deltas: number[] = [];
  for (const text of frames) {
    const bytes = Buffer.byteLength(text);
    if (text.startsWith('{"t":"event","event":"delta"')) deltas.push(bytes);
    else if (text.startsWith('{"t":"result"') && text.includes('"snapshot":')) snapshotBytes = Math.max(snapshotBytes, bytes);
  }
  deltas.sort((a, b) => a - b);
  const p50 = percentile(deltas, 50);
  return {
    snapshotBytes,
    deltas: deltas.length,
    deltaP50: p50,
    deltaP95: percentile(deltas, 95),
    deltaMax: deltas.at(-1) ?? Number.NaN,
    deltaToSnapshot: snapshotBytes > 0 ? p50 / snapshotBytes : Number.NaN,
  };
}
