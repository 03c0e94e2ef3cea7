/**
 * Fidelity bench (npm run bench:fidelity): how much of real loopback churn Ephemera reports, by
 * polling alone and with destroy events, and how much it attributes to the right process, beside
 * systeminformation.networkConnections() polled at the same interval. Each rate and close mode
 * gets a fresh service; the kernel's ActiveOpens + PassiveOpens delta is the truth. `--help`
 * lists the options. The same file started with `--load rate,seconds,close,minMs,maxMs` is the
 * load generator (internal: the bench starts it, so it is not in the help).
 * The single topology (the default) is the easy case: one process connects to itself, so any
 * guess from the listener names the right pid. `--topology multi` holds every birth against real
 * separate clients of a real nginx (see run-multi.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flag, listOption, numberOption, optionsOnly, positiveInteger, stringOption } from '../../shared/argv';
import type { OptionSpec, ParsedArgs } from '../../shared/argv';
import { scriptArgs } from '../../electron/core/script-args';
import { parseLoadArg, runLoad } from './load-gen';
import { formatMulti, formatSoak, formatTable, type SoakReport } from './report';
import { runFidelity, type FidelityRun, type RunOptions } from './run-fidelity';
import { runMulti, type MultiRun } from './run-multi';

const argv = process.argv.slice(2);
const closeMode = (word: string): 'fin' | 'rst' | undefined => (word === 'fin' || word === 'rst' ? word : undefined);
const onOff = (word: string): boolean | undefined => (word === 'on' ? true : word === 'off' ? false : undefined);
const text = (help: string, value: string): OptionSpec => ({ type: 'string', value, help });

const USAGE = optionsOnly(
  'node out/node/bench-fidelity.js [options]   (npm run bench:fidelity -- [options])',
  'Drives loopback churn at each rate and close mode and reports how much of it Ephemera saw, by\n' +
  'polling alone and with destroy events, beside systeminformation. Linux only; a full run takes minutes.',
  {
    json: { type: 'boolean', help: 'print one JSON object instead of the table' },
    rates: text('connections per second to drive (default 200,1000,5000)', 'N,N'),
    close: text('how connections end: fin, rst or both (default fin,rst)', 'fin,rst'),
    seconds: text('seconds per run (default 10)', 'S'),
    interval: text('sampling interval in ms (default 1000)', 'MS'),
    'no-si': { type: 'boolean', help: 'skip the systeminformation peer' },
    'no-events': { type: 'boolean', help: 'sample without destroy events' },
    soak: text('also run one long soak of S seconds, reporting RSS', 'S'),
    'soak-rate': text('soak rate in connections per second (default 5000)', 'N'),
    'soak-close': { type: 'string', value: 'rst|fin', choices: ['rst', 'fin'], help: 'soak close mode (default rst)' },
    worker: text('sampler worker script (default: the one beside this bench)', 'PATH'),
    topology: {
      type: 'string',
      value: 'single|multi',
      choices: ['single', 'multi'],
      help: 'single (default, the easy case) or multi: nginx and separate clients as ground truth',
    },
    tracepoint: text('multi only: runs with the connect tracepoint on, off or both (default on,off)', 'on,off'),
  },
);

/** What the command line asked for. */
interface FidelityArgs {
  json: boolean;
  /** Rates x close modes; empty for a soak alone. */
  rates: number[];
  closes: ('fin' | 'rst')[];
  seconds: number;
  intervalMs: number;
  si: boolean;
  noEvents: boolean;
  soak: { seconds: number; rate: number; close: 'fin' | 'rst' } | null;
  worker: string | undefined;
  topology: 'single' | 'multi';
  /** Multi topology: with the connect tracepoint source, without, or both. */
  tracepoints: boolean[];
}

function readArgs(args: ParsedArgs): FidelityArgs {
  const soakSeconds = stringOption(args, 'soak') === undefined ? null : numberOption(args, 'soak', 60);
  const rates = listOption(args, 'rates', [200, 1000, 5000], positiveInteger);
  return {
    json: flag(args, 'json'),
    // A soak alone skips the rate runs unless rates were asked for too.
    rates: soakSeconds !== null && stringOption(args, 'rates') === undefined ? [] : rates,
    closes: listOption(args, 'close', ['fin', 'rst'] as const, closeMode),
    seconds: numberOption(args, 'seconds', 10),
    intervalMs: numberOption(args, 'interval', 1000),
    si: !flag(args, 'no-si'),
    noEvents: flag(args, 'no-events'),
    soak:
      soakSeconds === null
        ? null
        : { seconds: soakSeconds, rate: numberOption(args, 'soak-rate', 5000), close: stringOption(args, 'soak-close') === 'fin' ? 'fin' : 'rst' },
    worker: stringOption(args, 'worker'),
    topology: stringOption(args, 'topology') === 'multi' ? 'multi' : 'single',
    tracepoints: listOption(args, 'tracepoint', [true, false], onOff),
  };
}

const log = (text: string): void => void process.stderr.write(`${text}\n`);
const self = fileURLToPath(import.meta.url);

/** The sampler worker beside this script (sampler-worker.js in out/node, .mjs in a test build). */
function workerBeside(): string {
  const found = ['./sampler-worker.js', './sampler-worker.mjs'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  if (found === undefined) throw new Error('sampler-worker.js not found beside the bench; run npm run build:node first');
  return found;
}

async function soak(base: Omit<RunOptions, 'rate' | 'close' | 'seconds'>, asked: NonNullable<FidelityArgs['soak']>): Promise<SoakReport> {
  const { seconds, rate, close } = asked;
  const samples: number[] = [];
  log(`soak: ${rate} conn/s (${close}) for ${seconds} s …`);
  const run = await runFidelity({ ...base, rate, close, seconds, si: false, onRss: (rss) => samples.push(rss) });
  const mb = (b: number): number => b / 1024 / 1024;
  // First and last samples: the running service just before the load and just after it.
  const before = samples[0] ?? 0;
  const after = samples.at(-1) ?? 0;
  return { rate, close, seconds, rssBeforeMb: mb(before), rssAfterMb: mb(after), rssPeakMb: mb(Math.max(...samples)), rssSamplesMb: samples.map(mb), run };
}

async function multi(asked: FidelityArgs): Promise<void> {
  const runs: MultiRun[] = [];
  const failed: { close: string; tracepoint: boolean; error: string }[] = [];
  for (const tracepoint of asked.tracepoints) {
    for (const close of asked.closes) {
      log(`multi: close ${close}, tracepoint ${tracepoint ? 'on' : 'off'}, ${asked.seconds} s …`);
      try {
        runs.push(await runMulti(close, tracepoint, asked.seconds, asked.intervalMs));
      } catch (error) {
        failed.push({ close, tracepoint, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (asked.json) {
    process.stdout.write(`${JSON.stringify({ runs, ...(failed.length > 0 ? { failed } : {}) })}\n`);
    return;
  }
  process.stdout.write(`${formatMulti(runs)}\n`);
  for (const f of failed) process.stdout.write(`  ${f.close}/tracepoint ${f.tracepoint ? 'on' : 'off'}: run failed: ${f.error}\n`);
}

async function main(asked: FidelityArgs): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the fidelity bench needs Linux: kernel counters and ss -E');
  if (asked.topology === 'multi') return multi(asked);
  if (!asked.json) log('topology single: the easy case (one process connects to itself; --topology multi holds owners against real separate clients)');
  const base = {
    intervalMs: asked.intervalMs,
    minMs: 1,
    maxMs: 200,
    si: asked.si,
    noEvents: asked.noEvents,
    self,
    workerPath: asked.worker ?? workerBeside(),
  };
  const runs: FidelityRun[] = [];
  const failed: { rate: number; close: string; error: string }[] = [];
  for (const rate of asked.rates) {
    for (const close of asked.closes) {
      log(`run: ${rate} conn/s, close ${close}, ${asked.seconds} s …`);
      try {
        runs.push(await runFidelity({ ...base, rate, close, seconds: asked.seconds }));
      } catch (error) {
        // One run that cannot finish (a starved load on a busy machine) must not lose the others.
        failed.push({ rate, close, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const soaked = asked.soak === null ? null : await soak(base, asked.soak);
  if (asked.json) {
    process.stdout.write(`${JSON.stringify({ runs, ...(failed.length > 0 ? { failed } : {}), ...(soaked === null ? {} : { soak: soaked }) })}\n`);
    return;
  }
  if (runs.length > 0) process.stdout.write(`${formatTable(runs)}\n`);
  for (const f of failed) process.stdout.write(`  ${f.rate}/${f.close}: run failed: ${f.error}\n`);
  if (soaked !== null) process.stdout.write(`${formatSoak(soaked)}\n`);
}

if (argv[0] === '--load') await runLoad(parseLoadArg(argv[1] ?? ''));
else {
  await main(scriptArgs('bench:fidelity', USAGE, readArgs)).catch((error: unknown) => {
    log(`bench:fidelity failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
  // The sampler thread and timers are closed; anything left (a stuck child pipe) must not hold the exit.
  setTimeout(() => process.exit(), 500).unref();
}
