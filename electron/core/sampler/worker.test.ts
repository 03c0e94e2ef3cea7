/**
 * The sampler in a real worker thread (built by Vite from the sources under test): ticks never
 * overlap, a slow sample stretches the period and says so, pause holds, and a crash restarts
 * the thread without touching the host.
 */
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerState } from './scheduler';
import { createSamplerClient } from './worker-client';
import type { SamplerClient } from './worker-client';
import type { TickMessage } from './worker-protocol';
import { buildTestWorkers, sleep, waitFor } from './worker-test-kit';
import type { BuiltWorkers } from './worker-test-kit';

let built: BuiltWorkers;
beforeAll(async () => {
  built = await buildTestWorkers();
}, 60_000);
afterAll(() => built?.remove());


/** A client on a real thread, recording everything it reports. */
function start(path: string, extra: unknown = {}, intervalMs = 250) {
  const ticks: TickMessage[] = [];
  const states: SchedulerState[] = [];
  const errors: string[] = [];
  const readies: SchedulerState[] = [];
  let source = '';
  const client: SamplerClient = createSamplerClient({
    config: { intervalMs, paused: false, source: 'auto', host: hostname(), platform: process.platform, rangeRefreshMs: 60_000 },
    mode: { kind: 'thread', workerPath: path, extra },
    restart: { initialMs: 100, maxMs: 1000, stableMs: 10_000 },
    events: {
      onReady: (r) => {
        source = r.source;
        readies.push(r.state);
      },
      onTick: (t) => ticks.push(t),
      onState: (s) => states.push(s),
      onError: (m) => errors.push(m),
    },
  });
  return { client, ticks, states, errors, readies, source: () => source };
}

describe('sampler worker thread', () => {
  it('without a worker path, looks beside the bundle and says where it looked', () => {
    expect(() => start(undefined as unknown as string)).toThrow(
      /sampler worker not found at .*electron\/core\/sampler\/sampler-worker\.js or .*electron\/core\/sampler-worker\.js; build it with npm run build:node/,
    );
  });

  it('samples the real machine: first tick carries the full snapshot, later ticks only deltas', async () => {
    const w = start(built.worker);
    try {
      await waitFor(() => w.ticks.length >= 3, 8000, 'three ticks');
      expect(w.source()).toBe('linux-procfs');
      const [first, second] = w.ticks;
      expect(first!.snapshot).not.toBeNull();
      expect(first!.snapshot!.sockets.length).toBe(first!.delta.added.length);
      expect(second!.snapshot).toBeNull();
      expect(second!.delta.baseSeq).toBe(first!.delta.seq);
      expect(w.errors).toEqual([]);
    } finally {
      await w.client.close();
    }
  });

  it('never overlaps a slow sample: a 450 ms sample at 250 ms stretches the period and says so', async () => {
    const w = start(built.testWorker, { delayMs: 450 });
    try {
      await waitFor(() => w.ticks.length >= 4, 10_000, 'four slow ticks');
      const starts = w.ticks.map((t) => t.delta.time);
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(440);
      const last = w.states.at(-1)!;
      expect(last.stretched).toBe(true);
      expect(last.lastSampleMs).toBeGreaterThanOrEqual(445);
      expect(last.intervalMs).toBe(250);
    } finally {
      await w.client.close();
    }
  });

  it('pause holds the thread quiet, resume samples at once, interval changes are checked', async () => {
    const w = start(built.worker);
    try {
      await waitFor(() => w.ticks.length >= 1, 8000, 'a tick');
      expect((await w.client.request('pause', {})).paused).toBe(true);
      const atPause = w.ticks.length;
      await sleep(900);
      expect(w.ticks.length).toBe(atPause);
      expect((await w.client.request('resume', {})).paused).toBe(false);
      await waitFor(() => w.ticks.length > atPause, 2000, 'a tick after resume');
      await expect(w.client.request('setInterval', { ms: 50 })).rejects.toThrow(/from 250 to 10000, got 50/);
      expect((await w.client.request('setInterval', { ms: 2000 })).intervalMs).toBe(2000);
    } finally {
      await w.client.close();
    }
  });

  it('a thread that dies while starting is retried with growing delays, the host unharmed', async () => {
    const w = start(built.testWorker, { delayMs: 'not a number' });
    try {
      await waitFor(() => w.errors.length >= 2, 5000, 'two failed starts');
      expect(w.errors[0]).toMatch(/^sampler thread crashed: .*delayMs.*; restarting in 100 ms$/s);
      expect(w.errors[1]).toMatch(/restarting in 200 ms$/);
      expect(w.ticks).toEqual([]);
      await expect(w.client.request('portHistory', { port: 1, proto: 'tcp' })).rejects.toThrow(/restarting|stopped before answering/);
    } finally {
      await w.client.close();
    }
  });

  it('restarts a crashed thread with backoff, reports it, and keeps the last interval', async () => {
    const w = start(built.testWorker, { crashAfterSamples: 2 });
    try {
      await waitFor(() => w.ticks.length >= 1, 8000, 'a tick');
      expect((await w.client.request('setInterval', { ms: 300 })).intervalMs).toBe(300);
      await waitFor(() => w.readies.length >= 3, 10_000, 'two restarted threads ready');
      expect(w.client.restarts()).toBeGreaterThanOrEqual(2);
      expect(w.errors.some((e) => /sampler thread crashed: test crash after 2 samples; restarting in 100 ms/.test(e))).toBe(true);
      expect(w.errors.some((e) => /restarting in 200 ms/.test(e))).toBe(true);
      const fresh = w.ticks.filter((t) => t.snapshot !== null);
      expect(fresh.length).toBeGreaterThanOrEqual(2);
      expect(w.readies.slice(0, 3).map((r) => r.intervalMs)).toEqual([250, 300, 300]);
    } finally {
      await w.client.close();
    }
  });
});
