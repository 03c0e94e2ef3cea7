/**
 * The real sampler thread's heap cap and its memory report: the thread runs under resourceLimits,
 * and 'stats' answers with its heap, its structures and its CPU per tick.
 */
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSamplerClient, SAMPLER_HEAP_MB } from './worker-client';
import type { TickMessage } from './worker-protocol';
import { buildTestWorkers, waitFor } from './worker-test-kit';
import type { BuiltWorkers } from './worker-test-kit';

let built: BuiltWorkers;
beforeAll(async () => {
  built = await buildTestWorkers();
}, 60_000);
afterAll(() => built?.remove());

describe('the sampler thread under its heap cap', () => {
  it('runs with the capped heap and reports heap, structures and CPU per tick', async () => {
    const ticks: TickMessage[] = [];
    const client = createSamplerClient({
      config: { intervalMs: 250, paused: false, source: 'auto', host: hostname(), platform: process.platform, rangeRefreshMs: 60_000, destroyEvents: false },
      mode: { kind: 'thread', workerPath: built.worker },
      events: { onReady: () => undefined, onTick: (t) => ticks.push(t), onState: () => undefined, onError: () => undefined },
    });
    try {
      await waitFor(() => ticks.length >= 3, 15_000, 'three ticks');
      const stats = await client.request('stats', {});
      // V8's limit is the old generation cap plus the young generation: far below the main thread's gigabytes.
      expect(stats.heap.limit).toBeLessThanOrEqual((SAMPLER_HEAP_MB + 64) * 1024 * 1024);
      expect(stats.heap.limit).toBeGreaterThanOrEqual(SAMPLER_HEAP_MB * 1024 * 1024);
      expect(stats.heap.used).toBeGreaterThan(0);
      expect(stats.structures['rows']).toBeGreaterThan(0);
      expect(stats.structures['portHistoryBytes']).toBeLessThanOrEqual(8 * 1024 * 1024);
      expect(stats.cpu.ticks).toBeGreaterThanOrEqual(3);
      if (process.platform === 'linux') {
        expect(stats.cpu.readMs).toBeGreaterThan(0);
        expect(stats.cpu.threadCpuMs).not.toBeNull();
      }
      // The CPU figures start over with each ask.
      const again = await client.request('stats', {});
      expect(again.cpu.ticks).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
    }
  }, 40_000);
});
