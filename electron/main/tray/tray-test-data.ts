/**
 * Plain, schema-valid model objects for the tray tests (sockets, snapshots, deltas, churn), so
 * each test states only what it is about.
 */
import type { ChurnSummary, RateBucket } from '../../../shared/churn-model';
import type { Status } from '../../../shared/contract';
import type { Delta, Snapshot, Socket } from '../../../shared/model';

/** An established TCP socket on a local port. */
export function socket(id: string, localPort: number): Socket {
  return {
    id,
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    inode: 1,
    uid: 1000,
    txQueue: 0,
    rxQueue: 0,
    timer: null,
    owner: null,
  };
}

/** Linux's default ephemeral range, as read from /proc. */
export const RANGE = { low: 32768, high: 60999, source: 'os' as const, origin: '/proc/sys/net/ipv4/ip_local_port_range' };

/** A snapshot holding these sockets. */
export function snapshot(sockets: Socket[], seq = 1): Snapshot {
  return { seq, time: 0, host: 'h', platform: 'linux', source: 'test', ephemeralRange: RANGE, sockets, counters: null, firstSeen: {} };
}

/** A churn summary with these rate buckets. */
export function churn(buckets: RateBucket[]): ChurnSummary {
  return {
    buckets,
    lifetimes: { boundsMs: [1], counts: [0] },
    topBySockets: [],
    topByChurn: [],
    reconciliation: { kernelOpens: null, seenBySampling: 0, seenOnlyByEvents: 0, missed: null },
  };
}

/** The delta from baseSeq to baseSeq + 1. */
export function delta(baseSeq: number, parts: Partial<Pick<Delta, 'added' | 'removed' | 'changed'>>): Delta {
  return {
    seq: baseSeq + 1,
    baseSeq,
    time: 0,
    added: parts.added ?? [],
    removed: parts.removed ?? [],
    changed: parts.changed ?? [],
    counters: null,
    stats: { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 1 },
  };
}

/** A status with the given pause state. */
export function status(paused: boolean, intervalMs = 1000): Status {
  return {
    source: 'test',
    intervalMs,
    paused,
    lastSampleMs: 1,
    stretched: false,
    samples: 1,
    ownerCoverage: { attributed: 0, total: 0 },
    events: 'off',
    ephemeralRange: RANGE,
    errors: [],
  };
}
