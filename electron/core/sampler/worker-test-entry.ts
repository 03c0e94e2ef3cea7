/**
 * A sampler worker entry for tests only: the real source and engine, optionally made slow or
 * made to crash, so scheduling, stretch and restart are tested in a real thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { createChurnEngine } from '../churn/churn-engine';
import { chooseSource } from './choose-source';
import type { SocketSource } from './types';
import { startSamplerThread } from './worker-core';

const TestExtraSchema = z.object({
  /** Added to every sample, ms. */
  delayMs: z.number().int().nonnegative().default(0),
  /** Throw an uncaught error after this many samples (the thread dies). */
  crashAfterSamples: z.number().int().positive().optional(),
});

/** Wraps a real source with a delay and an optional crash. */
function testSource(inner: SocketSource, extra: z.infer<typeof TestExtraSchema>): SocketSource {
  let samples = 0;
  return {
    get name() {
      return inner.name;
    },
    ephemeralRange: () => inner.ephemeralRange(),
    async sample() {
      const s = await inner.sample();
      await new Promise((r) => setTimeout(r, extra.delayMs));
      samples += 1;
      if (extra.crashAfterSamples !== undefined && samples >= extra.crashAfterSamples) {
        setImmediate(() => {
          throw new Error(`test crash after ${samples} samples`);
        });
      }
      return s;
    },
    close: () => inner.close?.(),
  };
}

const parsedExtra = TestExtraSchema.safeParse(z.object({ extra: z.unknown() }).parse(workerData).extra ?? {});
if (!parsedExtra.success) throw new Error(`bad test options: ${z.prettifyError(parsedExtra.error)}`);
const extra = parsedExtra.data;
startSamplerThread(parentPort, workerData, {
  makeSource: (choice, platform) => testSource(chooseSource(platform, choice), extra),
  makeEngine: createChurnEngine,
  onFatal: (error) => {
    setImmediate(() => {
      throw error;
    });
  },
});
