/**
 * The web host's backpressure for one client: events pass while the client keeps up; past the
 * byte cap they are dropped, and once a delta was lost the client gets one 'resync' (when its
 * buffer has drained) instead of a queue that grows without limit. Kept apart from the session
 * so the rule reads in one place.
 */
import type { EventName } from '../../shared/contract';
import type { ServerMessage } from '../../shared/web-protocol';

/** Counters a test or the bench can read. */
export interface GateStats {
  droppedEvents: number;
  droppedDeltas: number;
  resyncs: number;
}

/** Forwards events to one client under a byte cap. */
export interface EventGate {
  deliver(event: EventName, payload: unknown): void;
  /** Notes a delta lost before it reached the gate (e.g. a full hold queue). */
  lose(): void;
  /** The client took a fresh snapshot: deltas flow again. */
  reset(): void;
}

/** A gate over `buffered()` (the socket's queued bytes) and `send`. */
export function createEventGate(
  buffered: () => number,
  send: (message: ServerMessage) => void,
  maxBufferedBytes: number,
  stats: GateStats,
): EventGate {
  let stale = false;
  let resyncSent = false;

  const lose = (): void => {
    stale = true;
    stats.droppedDeltas += 1;
  };
  const maybeResync = (): void => {
    if (!stale || resyncSent || buffered() > maxBufferedBytes / 4) return;
    resyncSent = true;
    stats.resyncs += 1;
    send({ t: 'resync', reason: `client fell behind: ${stats.droppedDeltas} deltas dropped` });
  };

  return {
    deliver(event, payload) {
      if (stale) maybeResync();
      if (event === 'delta' && stale) return lose();
      if (buffered() > maxBufferedBytes) {
        stats.droppedEvents += 1;
        if (event === 'delta') lose();
        return;
      }
      send({ t: 'event', event, payload });
    },
    lose,
    reset() {
      stale = false;
      resyncSent = false;
    },
  };
}
