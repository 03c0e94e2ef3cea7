import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createChurnEngine } from '../churn/churn-engine';
import { row, sample } from '../churn/test-rows';
import type { SocketSource } from './types';
import { runSampler } from './worker-core';
import { MAX_UNACKED, WorkerMessageSchema, type WorkerMessage } from './worker-protocol';
import { sleep, waitFor } from './worker-test-kit';

/** A source whose table grows by one row per sample. */
function growingSource(): SocketSource {
  let n = 0;
  return {
    name: 'test',
    async sample() {
      n += 1;
      return sample(Date.now(), Array.from({ length: n }, (_, i) => row({ lport: 1000 + i, rport: 80, inode: 1000 + i })));
    },
    ephemeralRange: async () => ({ low: 32768, high: 60999, source: 'os', origin: 'test' }),
  };
}

describe('the sampler thread and a main thread that falls behind', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  it(`posts at most ${MAX_UNACKED} ticks ahead of the acks, then resumes with the whole table`, async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const ticks: Extract<WorkerMessage, { type: 'tick' }>[] = [];
    channel.port1.on('message', (raw: unknown) => {
      const m = WorkerMessageSchema.parse(raw);
      if (m.type === 'tick') ticks.push(m);
    });
    const config = { intervalMs: 250, paused: false, source: 'auto' as const, host: 'h', platform: 'linux', rangeRefreshMs: 60_000, destroyEvents: false };
    const sampler = runSampler(channel.port2, config, { makeSource: growingSource, makeEngine: createChurnEngine, onFatal: (e) => { throw e; } });
    try {
      // Nobody acks: the thread stops posting after MAX_UNACKED ticks though it keeps sampling.
      await sleep(2000);
      expect(ticks).toHaveLength(MAX_UNACKED);
      // One ack lets one more through, and it carries the whole table (the skipped deltas are gone).
      channel.port1.postMessage({ type: 'ack' });
      await waitFor(() => ticks.length === MAX_UNACKED + 1, 3000, 'the tick after the ack');
      const resumed = ticks.at(-1)!;
      expect(resumed.snapshot).not.toBeNull();
      expect(resumed.snapshot!.sockets.length).toBeGreaterThan(MAX_UNACKED + 2);
      expect(resumed.snapshot!.seq).toBe(resumed.delta.seq);
      // Acked ticks flow again without snapshots.
      for (let i = 0; i < MAX_UNACKED + 1; i += 1) channel.port1.postMessage({ type: 'ack' });
      await waitFor(() => ticks.length >= MAX_UNACKED + 2, 3000, 'a tick after catching up');
      expect(ticks[MAX_UNACKED + 1]!.snapshot).toBeNull();
    } finally {
      await sampler.stop();
    }
  });
});
