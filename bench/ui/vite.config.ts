/**
 * Builds the UI bench runner into out/bench-ui (beside out/renderer, which it serves), apart
 * from the main node build so that build's input list stays its owner's.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/bench-ui',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      input: { 'ui-bench': 'bench/ui/ui-bench.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
