/**
 * The peer in the fidelity bench: systeminformation.networkConnections() polled at the same
 * interval as Ephemera (through the si source, which normalizes its rows the same way). Births are
 * TCP connection tuples seen that were not there before the load; one counts as attributed when any
 * sighting named the load's pid.
 */
import type { Socket } from '../../shared/model';
import { tupleKey } from '../../electron/core/churn/connections';
import { createSiSource } from '../../electron/core/sampler/si-source';

/** What the poller saw. */
export interface SiCount {
  reported: number;
  attributed: number;
  polls: number;
  /** Mean time one networkConnections() call took, ms. */
  meanPollMs: number;
}

const isConnection = (s: Socket): boolean => s.proto === 'tcp' && s.remotePort !== 0 && s.state !== 'LISTEN';

/** A poller: baseline() before the load, start(pid) when it runs, stop() for the counts. */
export function createSiPoller(intervalMs: number): {
  baseline(): Promise<void>;
  start(pid: number): void;
  stop(): Promise<SiCount>;
} {
  const source = createSiSource();
  const before = new Set<string>();
  const seen = new Map<string, boolean>();
  let polls = 0;
  let pollMs = 0;
  let running: Promise<void> | null = null;
  let stopping = false;

  const poll = async (pid: number | null): Promise<Socket[]> => {
    const started = performance.now();
    const { sockets } = await source.sample();
    polls += pid === null ? 0 : 1;
    pollMs += pid === null ? 0 : performance.now() - started;
    return sockets.filter(isConnection);
  };

  const loop = async (pid: number): Promise<void> => {
    while (!stopping) {
      const started = performance.now();
      for (const s of await poll(pid)) {
        const key = tupleKey(s);
        if (before.has(key)) continue;
        seen.set(key, (seen.get(key) ?? false) || s.owner?.pid === pid);
      }
      const wait = intervalMs - (performance.now() - started);
      if (wait > 0 && !stopping) await new Promise((r) => setTimeout(r, wait));
    }
  };

  return {
    async baseline() {
      for (const s of await poll(null)) before.add(tupleKey(s));
    },
    start(pid) {
      running = loop(pid);
    },
    async stop() {
      stopping = true;
      // A poll of a huge table can take far longer than the interval; the count so far is the answer.
      await Promise.race([running, new Promise((r) => setTimeout(r, 3 * intervalMs + 5000).unref())]);
      const attributed = [...seen.values()].filter(Boolean).length;
      return { reported: seen.size, attributed, polls, meanPollMs: polls === 0 ? 0 : pollMs / polls };
    },
  };
}
