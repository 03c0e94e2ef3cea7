/**
 * The memory bench's command line: a small strict parser (unknown flags and bad values are refused
 * with exit 2 and one line naming the problem), and the help text.
 */

/** One load run: rate, close mode, minutes. */
export interface RunSpec {
  rate: number;
  close: 'fin' | 'rst';
  minutes: number;
}

/** Everything the bench can be told. */
export interface MemoryArgs {
  help: boolean;
  json: boolean;
  ui: boolean;
  runs: RunSpec[];
  /** Minutes of the idle run (0: skip). */
  idleMinutes: number;
  idleSockets: number;
  /** Minutes the UI stays open under load with --ui. */
  uiMinutes: number;
  /** Skip the synthetic 60,000 TIME_WAIT delta measurement. */
  noDelta: boolean;
  /** Seconds between printed readings. */
  everySec: number;
  worker: string | null;
  /** Write heap snapshots (main and sampler thread) at minute 1 and at the end into this folder. */
  heapSnapshots: string | null;
}

export const DEFAULT_RUNS = '1000:fin:10,1000:rst:10,5000:fin:3';

export const HELP = `Usage: npm run bench:memory -- [options]
Memory and CPU of the running service (sampler thread + main thread) under loopback churn.
Profile the sampler thread with: node --cpu-prof --cpu-prof-dir DIR out/node/bench-memory.js ...
(worker threads inherit the flag; one .cpuprofile per thread).
Order: the idle run, the load runs, the delta measurement, the UI run. Before each run the bench
waits (up to 65 s) for the machine's TIME_WAIT rows to expire, so no run measures the last one's drain.

  --runs R:C:M,...     load runs: rate conn/s, close fin|rst, minutes (default ${DEFAULT_RUNS}); '' for none
  --idle-minutes N     idle run with --idle-sockets sockets held open at 1 Hz (default 10; 0 skips)
  --idle-sockets N     sockets of the idle run (default 1000)
  --ui                 also keep the web UI open in Chromium under 1,000 conn/s FIN and read its JS heap
  --ui-minutes N       minutes of the --ui run (default 10)
  --no-delta           skip the 60,000 TIME_WAIT rows delta-size measurement
  --every S            seconds between readings (default 10)
 --heap-snapshots DIR  heap snapshots of both threads at minute 1 and the end, summarized by object kind
  --worker PATH        the sampler worker (default: sampler-worker.js beside this script)
  --json               one JSON object on stdout instead of the table
  --help               this text
`;

/** Thrown for bad arguments; the entry prints it and exits with 2. */
export class UsageError extends Error {}

function number(flag: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n < min) throw new UsageError(`${flag} wants a number ≥ ${min}, got '${text ?? ''}'`);
  return n;
}

/** Parses `rate:close:minutes,...`. */
export function parseRuns(text: string): RunSpec[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const [rate, close, minutes] = part.split(':');
    if (close !== 'fin' && close !== 'rst') throw new UsageError(`--runs: '${part}' wants rate:fin|rst:minutes`);
    return { rate: number('--runs rate', rate, 1), close, minutes: number('--runs minutes', minutes, 0.1) };
  });
}

const VALUED = new Set(['--runs', '--idle-minutes', '--idle-sockets', '--ui-minutes', '--every', '--worker', '--heap-snapshots']);
const FLAGS = new Set(['--help', '-h', '--json', '--ui', '--no-delta']);

/** Parses argv (without node and script); throws UsageError on anything it does not know. */
export function parseMemoryArgs(argv: readonly string[]): MemoryArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (FLAGS.has(arg)) flags.add(arg);
    else if (VALUED.has(arg)) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      values.set(arg, v);
      i += 1;
    } else throw new UsageError(`unknown option '${arg}'`);
  }
  return {
    help: flags.has('--help') || flags.has('-h'),
    json: flags.has('--json'),
    ui: flags.has('--ui'),
    noDelta: flags.has('--no-delta'),
    runs: parseRuns(values.get('--runs') ?? DEFAULT_RUNS),
    idleMinutes: values.has('--idle-minutes') ? number('--idle-minutes', values.get('--idle-minutes'), 0) : 10,
    idleSockets: values.has('--idle-sockets') ? number('--idle-sockets', values.get('--idle-sockets'), 2) : 1000,
    uiMinutes: values.has('--ui-minutes') ? number('--ui-minutes', values.get('--ui-minutes'), 0.1) : 10,
    everySec: values.has('--every') ? number('--every', values.get('--every'), 1) : 10,
    worker: values.get('--worker') ?? null,
    heapSnapshots: values.get('--heap-snapshots') ?? null,
  };
}
