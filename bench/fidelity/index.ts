/**
 * Fidelity bench (npm run bench:fidelity): how much of real loopback churn Ephemera reports, by
 * polling alone and with destroy events, and how much it attributes to the right process, beside
 * systeminformation.networkConnections() polled at the same interval. Each rate and close mode
 * gets a fresh service; the kernel's ActiveOpens + PassiveOpens delta is the truth.
 * Usage: node out/node/bench-fidelity.js [--json] [--rates 200,1000,5000] [--close fin,rst]
 *        [--seconds 10] [--interval 1000] [--no-si] [--no-events] [--soak 60] [--soak-rate 5000]
 *        [--soak-close rst|fin] [--worker path]
 *        [--topology single|multi] (multi: also [--tracepoint on,off])
 * The single topology (the default) is the easy case: one process connects to itself, so any
 * guess from the listener names the right pid. `--topology multi` holds every birth against real
 * separate clients of a real nginx (see run-multi.ts).
 * The same file started with `--load rate,seconds,close,minMs,maxMs` is the load generator.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLoadArg, runLoad } from './load-gen';
import { formatSoak, formatTable, type SoakReport } from './report';
import { runFidelity, type FidelityRun, type RunOptions } from './run-fidelity';
import { formatMulti, runMulti, type MultiRun } from './run-multi';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const value = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const list = (name: string, fallback: string): string[] => (value(name) ?? fallback).split(',').filter((x) => x !== '');
const log = (text: string): void => void process.stderr.write(`${text}\n`);
const self = fileURLToPath(import.meta.url);

/** The sampler worker beside this script (sampler-worker.js in out/node, .mjs in a test build). */
function workerBeside(): string {
  const found = ['./sampler-worker.js', './sampler-worker.mjs'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  if (found === undefined) throw new Error('sampler-worker.js not found beside the bench; run npm run build:node first');
  return found;
}

async function soak(base: Omit<RunOptions, 'rate' | 'close' | 'seconds'>): Promise<SoakReport> {
  const seconds = Number(value('--soak'));
  const rate = Number(value('--soak-rate') ?? 5000);
  const close = (value('--soak-close') ?? 'rst') as 'fin' | 'rst';
  const samples: number[] = [];
  log(`soak: ${rate} conn/s (${close}) for ${seconds} s …`);
  const run = await runFidelity({ ...base, rate, close, seconds, si: false, onRss: (rss) => samples.push(rss) });
  const mb = (b: number): number => b / 1024 / 1024;
  // First and last samples: the running service just before the load and just after it.
  const before = samples[0] ?? 0;
  const after = samples.at(-1) ?? 0;
  return { rate, close, seconds, rssBeforeMb: mb(before), rssAfterMb: mb(after), rssPeakMb: mb(Math.max(...samples)), rssSamplesMb: samples.map(mb), run };
}

async function multi(): Promise<void> {
  const runs: MultiRun[] = [];
  const failed: { close: string; tracepoint: boolean; error: string }[] = [];
  for (const tracepoint of list('--tracepoint', 'on,off').map((t) => t === 'on')) {
    for (const close of list('--close', 'fin,rst') as ('fin' | 'rst')[]) {
      log(`multi: close ${close}, tracepoint ${tracepoint ? 'on' : 'off'}, ${value('--seconds') ?? 10} s …`);
      try {
        runs.push(await runMulti(close, tracepoint, Number(value('--seconds') ?? 10), Number(value('--interval') ?? 1000)));
      } catch (error) {
        failed.push({ close, tracepoint, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (flag('--json')) {
    process.stdout.write(`${JSON.stringify({ runs, ...(failed.length > 0 ? { failed } : {}) })}\n`);
    return;
  }
  process.stdout.write(`${formatMulti(runs)}\n`);
  for (const f of failed) process.stdout.write(`  ${f.close}/tracepoint ${f.tracepoint ? 'on' : 'off'}: run failed: ${f.error}\n`);
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the fidelity bench needs Linux: kernel counters and ss -E');
  if (value('--topology') === 'multi') return multi();
  if (!flag('--json')) log('topology single: the easy case (one process connects to itself; --topology multi holds owners against real separate clients)');
  const base = {
    intervalMs: Number(value('--interval') ?? 1000),
    minMs: 1,
    maxMs: 200,
    si: !flag('--no-si'),
    noEvents: flag('--no-events'),
    self,
    workerPath: value('--worker') ?? workerBeside(),
  };
  const runs: FidelityRun[] = [];
  const failed: { rate: number; close: string; error: string }[] = [];
  if (!flag('--soak') || flag('--rates')) {
    for (const rate of list('--rates', '200,1000,5000').map(Number)) {
      for (const close of list('--close', 'fin,rst') as ('fin' | 'rst')[]) {
        log(`run: ${rate} conn/s, close ${close}, ${value('--seconds') ?? 10} s …`);
        try {
          runs.push(await runFidelity({ ...base, rate, close, seconds: Number(value('--seconds') ?? 10) }));
        } catch (error) {
          // One run that cannot finish (a starved load on a busy machine) must not lose the others.
          failed.push({ rate, close, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
  const soaked = flag('--soak') ? await soak(base) : null;
  if (flag('--json')) {
    process.stdout.write(`${JSON.stringify({ runs, ...(failed.length > 0 ? { failed } : {}), ...(soaked === null ? {} : { soak: soaked }) })}\n`);
    return;
  }
  if (runs.length > 0) process.stdout.write(`${formatTable(runs)}\n`);
  for (const f of failed) process.stdout.write(`  ${f.rate}/${f.close}: run failed: ${f.error}\n`);
  if (soaked !== null) process.stdout.write(`${formatSoak(soaked)}\n`);
}

if (argv[0] === '--load') await runLoad(parseLoadArg(argv[1] ?? ''));
else {
  await main().catch((error: unknown) => {
    log(`bench:fidelity failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
  // The sampler thread and timers are closed; anything left (a stuck child pipe) must not hold the exit.
  setTimeout(() => process.exit(), 500).unref();
}
