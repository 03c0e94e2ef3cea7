/**
 * The renderer's side of the memory bench: the real web UI, served by the web host over the run's
 * own service, open in Chromium while the load runs. Its JS heap is read through the Chrome
 * DevTools Protocol (Performance.getMetrics, after a forced collection so the figure is what
 * stays, not what waits for the collector).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/find-chromium';
import type { PortService } from '../../electron/core/service/port-service';
import { startWebHost } from '../../electron/web/host';

/** Opens the UI (built into `staticDir`) on the service; read() gives its JS heap in MB. */
export async function openUi(service: PortService, staticDir: string): Promise<{ read(): Promise<number>; close(): Promise<void> }> {
  if (!existsSync(`${staticDir}/index.html`)) throw new Error(`no built renderer at ${staticDir}: run npm run build first`);
  const found = findChromium();
  if (found.path === null) throw new Error(`no Chromium (tried ${found.tried.join(', ')})`);
  const host = await startWebHost({ service, staticDir });
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  await page.waitForSelector('[role="grid"], table, [data-testid="socket-table"]', { timeout: 30_000 }).catch(() => undefined);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      return used / 1024 / 1024;
    },
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
