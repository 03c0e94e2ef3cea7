/**
 * Builds every Node-side entry (Electron main, sampler worker, web host, CLI, benchmarks) as
 * ES modules into out/node. Dependencies stay external: node_modules ships beside the app.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external,
      input: {
        main: 'electron/main/index.ts',
        'sampler-worker': 'electron/core/sampler/worker.ts',
        web: 'electron/web/index.ts',
        cli: 'electron/cli/index.ts',
        bench: 'bench/index.ts',
        'bench-fidelity': 'bench/fidelity/index.ts',
        'bench-memory': 'bench/memory/index.ts',
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
