/**
 * Bundles TypeScript entries with Vite for tests that must run code outside Vitest: a worker
 * thread, or a child process started as another user. Dependencies are bundled in, so the
 * output runs from any folder and for any user that can read it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/** Built entries by name, and a cleanup. */
export interface BuiltEntries {
  path(name: string): string;
  remove(): void;
}

/** Project root, from this file's place in electron/core/test-kit. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds each entry (name → path relative to the project root) into a fresh world-readable
 * temp folder as ES modules with every npm dependency inlined.
 */
export async function buildForTest(entries: Record<string, string>): Promise<BuiltEntries> {
  const outDir = mkdtempSync(join(tmpdir(), 'ephemera-test-build-'));
  chmodSync(outDir, 0o755);
  const input = Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, join(PROJECT_ROOT, path)]));
  await build({
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'error',
    ssr: { noExternal: true },
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        input,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
  return {
    path: (name) => join(outDir, `${name}.mjs`),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
