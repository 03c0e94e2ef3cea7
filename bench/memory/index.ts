/**
 * Memory bench (npm run bench:memory): the service's RSS, the V8 heaps of the main thread and the
 * sampler thread, and CPU per tick (the kernel's reads apart from Ephemera's own work), under
 * 1,000-5,000 conn/s of loopback churn, with an idle table, and (--ui) the renderer's JS heap.
 * See --help. The same file started with `--load ...` is the fidelity bench's load generator, and
 * with `--idle sockets,seconds` the idle run's socket holder, and with `--ui-browser URL` the UI
 * run's browser (Playwright in its own process, so its heap is not counted as the service's).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLoadArg, runLoad } from '../fidelity/load-gen';
import { HELP, parseMemoryArgs, UsageError, type MemoryArgs } from './args';
import { drainBeforeRun } from '../drain';
import { parseIdleArg, runIdle } from './idle-load';
import { formatSummary, summarize, type MemoryReport } from './report';
import { runMemory, type MemoryRun } from './run-memory';
import { measureTimeWaitDelta } from './time-wait-table';

const self = fileURLToPath(import.meta.url);
const log = (text: string): void => void process.stderr.write(`${text}\n`);

function workerBeside(): string {
  const found = ['./sampler-worker.js', './sampler-worker.mjs'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  if (found === undefined) throw new Error('sampler-worker.js not found beside the bench; run npm run build:node first');
  return found;
}

async function main(args: MemoryArgs): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the memory bench needs Linux (procfs, ss -E)');
  const workerPath = args.worker ?? workerBeside();
  const base = { everySec: args.everySec, self, workerPath, log, heapSnapshots: args.heapSnapshots };
  // Each run starts on a machine without the last run's TIME_WAIT remnants.
  const drained = (): Promise<void> => drainBeforeRun(log, '  ');
  // The idle run goes first: it measures an idle machine, not the drain of a load run.
  let idle: MemoryRun | null = null;
  if (args.idleMinutes > 0) {
    await drained();
    log(`idle: ${args.idleSockets} sockets held, 1 Hz, ${args.idleMinutes} min …`);
    idle = await runMemory({ ...base, rate: 0, close: 'fin', minutes: args.idleMinutes, idleSockets: args.idleSockets });
  }
  const runs: MemoryRun[] = [];
  for (const r of args.runs) {
    await drained();
    log(`run: ${r.rate} conn/s ${r.close} for ${r.minutes} min …`);
    runs.push(await runMemory({ ...base, ...r }));
  }
  let delta = null;
  if (!args.noDelta) {
    log('delta: 60,000 TIME_WAIT rows, 1% change …');
    delta = await measureTimeWaitDelta();
    log(`  delta ${delta.deltaBytes} B (${delta.deltaRows} rows) of snapshot ${delta.snapshotBytes} B = ${(100 * delta.ratio).toFixed(2)}%; ${delta.delta.changed.length} rows changed (countdown alone changes none); timers printed ≤${delta.printSkewMs} ms before the read`);
  }
  let ui: { t: number; mb: number }[] | null = null;
  if (args.ui) {
    await drained();
    log(`ui: web UI open under 1,000 conn/s fin for ${args.uiMinutes} min …`);
    const heap: { t: number; mb: number }[] = [];
    // The web host loads only for --ui; Playwright only in the browser's own process.
    const { openUi } = await import('./ui-heap');
    // The renderer is built beside out/node (this entry), whatever chunk the UI code lands in.
    const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
    await runMemory({ ...base, rate: 1000, close: 'fin', minutes: args.uiMinutes, withService: (s) => openUi(s, staticDir, self), onUiHeap: (t, mb) => heap.push({ t, mb }) });
    ui = heap;
  }
  const report: MemoryReport = summarize(runs, idle, delta?.ratio ?? null, ui);
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${formatSummary(report, runs, idle)}\n`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--load') await runLoad(parseLoadArg(argv[1] ?? ''));
else if (argv[0] === '--idle') await runIdle(parseIdleArg(argv[1] ?? ''));
else if (argv[0] === '--ui-browser') await (await import('./ui-browser')).runUiBrowser(argv[1] ?? '');
else {
  let args: MemoryArgs | null = null;
  try {
    args = parseMemoryArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`bench:memory: ${error.message} (see --help)`);
    process.exitCode = 2;
  }
  if (args?.help === true) process.stdout.write(HELP);
  else if (args !== null) {
    await main(args).catch((error: unknown) => {
      log(`bench:memory failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
    setTimeout(() => process.exit(), 500).unref();
  }
}
