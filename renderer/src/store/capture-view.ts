/**
 * A capture opened in the window (issue 12): another machine's socket table shown read-only in
 * the live table's place. The store swaps in a second table model built from this snapshot and
 * keeps applying live deltas to the first, so "Back to live" returns to a current table.
 */
import type { Capture, CaptureSource } from '../../../shared/capture';
import { captureBanner } from '../../../shared/capture';
import type { Snapshot } from '../../../shared/model';
import type { SampleMeta } from './socket-store';

/** What views show about an open capture. */
export interface CaptureInfo {
  name: string;
  source: CaptureSource;
  /** "capture: file.txt, macOS netstat, 412 rows, taken elsewhere". */
  banner: string;
  /** Local epoch ms it was opened. */
  openedAt: number;
}

/** The capture as a snapshot the table model loads: no counters, nobody seen before. */
export function captureSnapshot(capture: Capture, now: number): Snapshot {
  return {
    seq: 0,
    time: now,
    host: capture.name,
    platform: 'capture',
    source: `capture (${capture.source.format})`,
    ephemeralRange: capture.ephemeralRange,
    sockets: capture.sockets,
    counters: null,
    firstSeen: {},
  };
}

/** The sample facts views read while a capture is shown. */
export function captureMeta(capture: Capture, now: number): SampleMeta {
  const snap = captureSnapshot(capture, now);
  return { host: snap.host, platform: snap.platform, source: snap.source, ephemeralRange: snap.ephemeralRange, seq: 0, time: now, counters: null, lastTick: null };
}

/** The info views show. */
export function captureInfo(capture: Capture, now: number): CaptureInfo {
  return { name: capture.name, source: capture.source, banner: captureBanner(capture), openedAt: now };
}
