/**
 * Builds the sampler worker entries with Vite for tests, because a worker thread cannot run the
 * TypeScript sources Vitest runs. Output goes under node_modules/.cache so the bundle resolves
 * zod and systeminformation from the project's node_modules, as the shipped app does.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';

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
  const root = resolve(import.meta.dirname, '../../..');
  const outDir = join(root, 'node_modules/.cache/ephemera-test-workers', `${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        input: {
          'sampler-worker': join(root, 'electron/core/sampler/worker.ts'),
          'sampler-test-worker': join(root, 'electron/core/sampler/worker-test-entry.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  return {
    worker: join(outDir, 'sampler-worker.js'),
    testWorker: join(outDir, 'sampler-test-worker.js'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
