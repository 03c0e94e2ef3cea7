/**
 * `npm run bench:ui`: the real renderer in Chromium behind the real web host, fed by a
 * synthetic service (10,000 sockets, 4 updates/s, 1% churn), while the table is scrolled.
 * Reports frame-time percentiles from requestAnimationFrame and the size of each update
 * message against the full snapshot. A measurement, not a pass/fail test.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import type { Page } from 'playwright';
import { flag, numberOption, optionsOnly } from '../../shared/argv';
import { scriptArgs } from '../../electron/core/script-args';
import { startWebHost } from '../../electron/web/host';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/find-chromium';
import { frameStats, messageStats } from './frame-stats';
import type { FrameStats, MessageStats } from './frame-stats';
import { createSyntheticService } from './synthetic-service';
import type { FeedOptions } from './synthetic-service';

interface BenchResult {
  load: FeedOptions & { scrollSeconds: number; browser: string };
  frames: FrameStats;
  idleFrames: FrameStats;
  /** Scrolling before the feed starts: the table's own cost, without updates. */
  staticScrollFrames: FrameStats;
  messages: MessageStats;
  updatesSent: number;
  firstRowMs: number;
}

const LOAD: FeedOptions = { sockets: 10_000, updatesPerSecond: 4, churn: 0.01, changes: 0.01 };

const USAGE = optionsOnly(
  'node out/bench-ui/ui-bench.js [--json] [--seconds S]   (npm run bench:ui -- [options])',
  'Serves the built renderer from the real web host with a synthetic feed (10,000 sockets, 4 updates/s)\n' +
  'and reports Chromium frame times while the table scrolls, and the size of each update message.',
  {
    json: { type: 'boolean', help: 'print one JSON object instead of the table' },
    seconds: { type: 'string', value: 'S', help: 'seconds of scrolling with updates (default 10)' },
  },
);
const asked = scriptArgs('bench:ui', USAGE, (args) => ({ json: flag(args, 'json'), seconds: numberOption(args, 'seconds', 10) }));

/** What the frame recorder keeps on the page's global object (the bench compiles without DOM types). */
interface PageGlobals {
  __frames: number[];
  __stop: boolean;
  requestAnimationFrame: (step: (t: number) => void) => number;
}

async function recordFrames(page: Page, ms: number, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__frames = [];
    w.__stop = false;
    const step = (t: number): void => {
      w.__frames.push(t);
      if (!w.__stop) w.requestAnimationFrame(step);
    };
    w.requestAnimationFrame(step);
  });
  const until = Date.now() + ms;
  while (Date.now() < until) await during();
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__stop = true;
    return w.__frames;
  });
}

async function scrollTable(page: Page, seconds: number): Promise<number[]> {
  const table = page.getByTestId('socket-table');
  const box = await table.boundingBox();
  if (!box) throw new Error('socket-table has no box: is the renderer built?');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
  let step = 0;
  return recordFrames(page, seconds * 1000, async () => {
    step += 1;
    const down = Math.floor(step / 60) % 2 === 0;
    await page.mouse.wheel(0, down ? 240 : -240);
    await page.waitForTimeout(16);
  });
}

async function run(): Promise<BenchResult> {
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${staticDir}/index.html`)) throw new Error(`no built renderer at ${staticDir}: run npm run build first`);
  const found = findChromium();
  if (found.path === null) throw new Error(`no Chromium found (tried ${found.tried.join(', ')})`);
  const scrollSeconds = asked.seconds;
  const service = createSyntheticService(LOAD);
  const host = await startWebHost({ service, staticDir });
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(payload.toString())));
    const started = Date.now();
    await page.goto(host.url);
    await page.getByTestId('socket-row').first().waitFor({ timeout: 30_000 });
    const firstRowMs = Date.now() - started;
    const idleFrames = frameStats(await recordFrames(page, 2000, () => page.waitForTimeout(100)));
    const staticScrollFrames = frameStats(await scrollTable(page, Math.max(2, scrollSeconds / 2)));
    service.start();
    const scrolled = frameStats(await scrollTable(page, scrollSeconds));
    await service.close();
    return {
      load: { ...LOAD, scrollSeconds, browser: `${browser.version()} (${found.from})` },
      frames: scrolled,
      idleFrames,
      staticScrollFrames,
      messages: messageStats(frames),
      updatesSent: service.updates(),
      firstRowMs,
    };
  } finally {
    await browser.close();
    await host.close();
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function table(r: BenchResult): string {
  const rows: [string, string][] = [
    ['load', `${r.load.sockets} sockets, ${r.load.updatesPerSecond} updates/s, ${r.load.churn * 100}% churn, ${r.load.changes * 100}% changed`],
    ['browser', r.load.browser],
    ['first row visible', ms(r.firstRowMs)],
    ['idle frame p50 / p99', `${ms(r.idleFrames.p50)} / ${ms(r.idleFrames.p99)}`],
    ['scroll, no updates: p50 / p95 / p99', `${ms(r.staticScrollFrames.p50)} / ${ms(r.staticScrollFrames.p95)} / ${ms(r.staticScrollFrames.p99)}`],
    [`scroll with updates ${r.load.scrollSeconds} s: frames`, String(r.frames.frames)],
    ['frame time p50', ms(r.frames.p50)],
    ['frame time p95', ms(r.frames.p95)],
    ['frame time p99', ms(r.frames.p99)],
    ['frame time max', ms(r.frames.max)],
    ['frames over 50 ms', String(r.frames.over50)],
    ['updates sent / received', `${r.updatesSent} / ${r.messages.deltas}`],
    ['snapshot message', kib(r.messages.snapshotBytes)],
    ['update message p50 / p95 / max', `${kib(r.messages.deltaP50)} / ${kib(r.messages.deltaP95)} / ${kib(r.messages.deltaMax)}`],
    ['update / snapshot (p50)', `${(r.messages.deltaToSnapshot * 100).toFixed(2)}%`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

run().then(
  (result) => {
    process.stdout.write(asked.json ? `${JSON.stringify(result)}\n` : `${table(result)}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`bench:ui failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
