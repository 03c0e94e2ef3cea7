/**
 * Builds the one preload as a single CommonJS file: sandboxed preloads cannot load ES modules
 * or require anything but a few Electron modules, so zod and the contract are bundled in.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/preload',
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      external: ['electron'],
      input: { preload: 'electron/preload/index.ts' },
      output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
    },
  },
  ssr: { noExternal: true },
});
