/**
 * Test support for the sampler thread: polling waits for timing tests, and the worker entries
 * built by Vite, because a worker thread cannot run the TypeScript sources Vitest runs.
 */
import { buildForTest } from '../test-kit/build-for-test';

/** Resolves after ms. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until check() holds; fails naming what it waited for. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Paths of freshly built worker entries, and a cleanup. */
export interface BuiltWorkers {
  /** The production entry (worker.ts). */
  worker: string;
  /** The test entry (worker-test-entry.ts): delay and crash on demand. */
  testWorker: string;
  remove(): void;
}

/** Builds both entries into a fresh folder (about a second). */
export async function buildTestWorkers(): Promise<BuiltWorkers> {
  const built = await buildForTest({
    'sampler-worker': 'electron/core/sampler/worker.ts',
    'sampler-test-worker': 'electron/core/sampler/worker-test-entry.ts',
  });
  return { worker: built.path('sampler-worker'), testWorker: built.path('sampler-test-worker'), remove: built.remove };
}
