/**
 * What the service reports before the first sample arrives, and the owner-coverage figures,
 * kept apart so the service file stays about wiring.
 */
import type { ChurnSummary } from '../../../shared/churn-model';
import type { Snapshot } from '../../../shared/model';
import type { CoverageContext, OwnerCoverage, UnreadableProcess } from '../../../shared/owner-coverage';
import type { SnapshotMirror } from './snapshot-mirror';
import { IANA_DEFAULT_EPHEMERAL, LINUX_DEFAULT_EPHEMERAL } from '../../../shared/port-class';

/** The churn summary before any sample: nothing seen, nothing missed. */
export const EMPTY_CHURN: ChurnSummary = {
  buckets: [],
  lifetimes: { boundsMs: [], counts: [] },
  topBySockets: [],
  topByChurn: [],
  reconciliation: { kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null },
};

/** An empty seq-0 table: the base the first delta applies to. */
export function emptySnapshot(host: string, platform: string): Snapshot {
  const range = platform === 'linux' ? LINUX_DEFAULT_EPHEMERAL : IANA_DEFAULT_EPHEMERAL;
  return {
    seq: 0,
    time: Date.now(),
    host,
    platform,
    source: 'starting',
    ephemeralRange: { ...range, source: 'default', origin: 'default: the sampler has not reported yet' },
    sockets: [],
    counters: null,
    firstSeen: {},
  };
}

/**
 * How many rows have a known owner, of all rows, and why the others have none, as this service
 * sees them: its platform, its uid, whether its source reads inodes, the fds it could not read.
 */
export function ownerCoverage(
  mirror: Pick<SnapshotMirror, 'coverage'>,
  platform: string,
  source: string,
  unreadable: readonly UnreadableProcess[],
): OwnerCoverage {
  return mirror.coverage(coverageContext(platform, source, unreadable));
}

/** The facts of this process the coverage count needs (the CLI counts a filtered table with them). */
export function coverageContext(platform: string, source: string, unreadable: readonly UnreadableProcess[]): CoverageContext {
  return { platform, uid: process.geteuid?.() ?? null, inodes: source === 'linux-procfs', unreadable };
}
