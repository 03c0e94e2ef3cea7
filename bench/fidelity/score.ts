/**
 * Holds every birth Ephemera reported against the process that really made the connection: each
 * client records its own (local port, time) per connect, so a reported client-side birth is
 * matched by its local port to the record nearest in time, and its owner is right only when the
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

/** A reported birth with the time of the tick that reported it. */
export interface TimedBirth extends ReportedBirth {
  time: number;
}

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

/** How far from its tick a connect may lie and still be the one the tick reported, ms. */
const WINDOW_MS = 2500;

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
  for (const b of births) {
    const t = b.tuple;
    const clientSide = t.localPort !== serverPort && (t.remotePort === serverPort || t.remotePort === 0);
    if (!clientSide) continue;
    let best: TruthRecord | null = null;
    for (const r of byPort.get(t.localPort) ?? []) {
      if (used.has(r) || Math.abs(r.time - b.time) > WINDOW_MS) continue;
      if (best === null || Math.abs(r.time - b.time) < Math.abs(best.time - b.time)) best = r;
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
