/** Builds the React renderer into out/renderer; the web host and Electron both load it. */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { ENTRY_BOOTSTRAP } from './shared/csp';

/**
 * Swaps Vite's entry <script type="module" src> for the hash-pinned bootstrap that the CSP
 * allows (see shared/csp.ts). The entry keeps a fixed name so the bootstrap, and its hash, never
 * change; the build fails if the tag is not where the bootstrap expects it.
 */
function pinnedEntry(): Plugin {
  return {
    name: 'ephemera-pinned-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const tag = /<script type="module" crossorigin src="\.\/assets\/index\.js"><\/script>/;
        if (!tag.test(html)) throw new Error('ephemera-pinned-entry: entry script tag for ./assets/index.js not found');
        // At the end of the body, so #root exists whenever the async module runs.
        return html.replace(tag, '').replace('</body>', `  <script>${ENTRY_BOOTSTRAP}</script>\n  </body>`);
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), pinnedEntry()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    modulePreload: false,
    rollupOptions: { output: { entryFileNames: 'assets/[name].js' } },
  },
});
