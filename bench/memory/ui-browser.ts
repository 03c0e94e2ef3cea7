/**
 * The memory bench's UI browser, in its own process (`bench-memory.js --ui-browser URL`): opens the
 * web UI in Chromium through Playwright and answers each `read` line on stdin with the page's JS
 * heap, `{"mb":…}`, after a forced collection (CDP Performance.getMetrics). `{"ready":true}` once
 * the page shows the table; stdin's end closes the browser. Playwright is loaded only here, so the
 * service's process that the bench measures never holds it.
 */
import { createInterface } from 'node:readline';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/find-chromium';

/** Runs in the child: opens `url` in Chromium and answers each `read` line with the page's JS heap. */
export async function runUiBrowser(url: string): Promise<void> {
  const found = findChromium();
  if (found.path === null) throw new Error(`no Chromium (tried ${found.tried.join(', ')})`);
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('[role="grid"], table, [data-testid="socket-table"]', { timeout: 30_000 }).catch(() => undefined);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const say = (doc: object): void => void process.stdout.write(`${JSON.stringify(doc)}\n`);
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'read') continue;
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    say({ mb: (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024 });
  }
  // stdin closed: the run is over.
  await browser.close();
}
