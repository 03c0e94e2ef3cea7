/**
 * Holds every birth Ephemera reported against the process that really made the connection: each
 * client records its own (local port, time) per connect, so a reported client-side birth is
 * matched by its local port to the latest record before it, and its owner is right only when the
 * pid is that client's. A wrong owner counts as wrong, never as attributed.
 */
import { ownerBasis } from '../../shared/owners';
import type { ReportedBirth } from '../../electron/core/churn/churn-engine';

/** One connection a client made: its local port and when (epoch ms). */
export interface TruthRecord {
  pid: number;
  port: number;
  time: number;
}

/** A reported birth (its time: the tick's, or its destroy event's). */
export type TimedBirth = ReportedBirth;

/** The per-run figures of the multi-process topology. */
export interface Score {
  /** Client connections the clients made (the ground truth). */
  clientConnects: number;
  /** Births Ephemera reported on either side (clients' and nginx's). */
  births: number;
  /** Client-side births matched to a client's record. */
  clientBirths: number;
  exactCorrect: number;
  /** An owner marked exact that names another process: must stay 0. */
  exactWrong: number;
  inferredCorrect: number;
  inferredWrong: number;
  unattributed: number;
  /** Client-side births whose port no client recorded near that time (another process's). */
  unmatched: number;
}

/**
 * A birth is reported after its connect: at the tick that sampled it, or (event-only) at its
 * destroy event. It is matched to the latest unused record of its port at most this long before
 * (a port reused later by another client belongs to a later birth), with a little slack after for
 * a connect that completed during the read, ms.
 */
const BEFORE_MS = 6000;
const AFTER_MS = 300;
/**
 * An event-only birth is dated by its destroy event, and a client records its connect before it
 * closes: a record after the event is a later tenant of the port (RST frees it at once), never its own.
 */
const AFTER_EVENT_MS = 0;
const PARTIAL_MS = 1500;

/** Scores the births against the records; `serverPort` tells client-side births from nginx's. */
export function scoreBirths(births: readonly TimedBirth[], truth: readonly TruthRecord[], serverPort: number): Score {
  const byPort = new Map<number, TruthRecord[]>();
  for (const r of truth) {
    const list = byPort.get(r.port);
    if (list === undefined) byPort.set(r.port, [r]);
    else list.push(r);
  }
  const used = new Set<TruthRecord>();
  const score: Score = { clientConnects: truth.length, births: births.length, clientBirths: 0, exactCorrect: 0, exactWrong: 0, inferredCorrect: 0, inferredWrong: 0, unattributed: 0, unmatched: 0 };
  // In time order, so an earlier connection on a port takes its record before a later one on the same port.
  for (const b of [...births].sort((x, y) => x.time - y.time)) {
    const t = b.tuple;
    // A client's birth: to nginx's port, or an RST client's destroy event, which keeps only its
    // local port and the peer address (remote port 0). Listeners, UDP and other destinations are
    // other programs' sockets (other work on the machine shares the port range).
    const partial = !b.sampled && t.remotePort === 0;
    if (t.proto !== 'tcp' || t.localPort === serverPort || (t.remotePort !== serverPort && !partial)) continue;
    // A partial event arrives within a lifetime (≤ 200 ms) of its connect; other loads' partial
    // events on the same port number are told apart by that.
    const before = partial ? PARTIAL_MS : BEFORE_MS;
    let best: TruthRecord | null = null;
    for (const r of byPort.get(t.localPort) ?? []) {
      if (used.has(r) || r.time > b.time + (b.sampled ? AFTER_MS : AFTER_EVENT_MS) || r.time < b.time - before) continue;
      if (best === null || r.time > best.time) best = r;
    }
    if (best === null) {
      score.unmatched++;
      continue;
    }
    used.add(best);
    score.clientBirths++;
    if (b.owner === null) score.unattributed++;
    else if (ownerBasis(b.owner) === 'exact') {
      if (b.owner.pid === best.pid) score.exactCorrect++;
      else score.exactWrong++;
    } else if (b.owner.pid === best.pid) score.inferredCorrect++;
    else score.inferredWrong++;
  }
  return score;
}
