/**
 * The benchmark's result shape (also its --json output) and the human table: medians with the
 * ratio of each peer to Ephemera's steady sample, then the acceptance targets at the largest size.
 */
import type { NetnsCost } from './netns-load';

/** Medians in ms; null for a peer that cannot run on this machine. */
export interface BenchRun {
  sockets: number;
  medianMs: {
    ephemeraCold: number;
    ephemeraSteady: number;
    /** Steady sample plus the service's name bookkeeping for every row's peer (issue 13). */
    ephemeraNamesOn: number;
    rawRead: number;
    systeminformation: number | null;
    ssTunap: number | null;
    lsof: number | null;
  };
  /** Rows with a known owner process: Ephemera's sample vs `ss -tunap` rows with users:. */
  attributed: { ephemera: number; ssTunap: number | null };
}

/** Everything one bench run measured. */
export interface BenchResult {
  runs: BenchRun[];
  /** CPU time (user + system) of the sampling process per tick at 1 Hz with 1,000 connections. */
  cpuMsPerTick1k: number | null;
  /** What 10 extra network namespaces of 100 sockets each add to a steady sample (root only). */
  netns?: NetnsCost;
  /** The same with namespaces created under net.ipv4.tcp_child_ehash_entries=1024. */
  netnsOwnHash?: NetnsCost;
  /** Why the namespace cost was not measured. */
  netnsSkipped?: string;
}

const COLUMNS: Array<[keyof BenchRun['medianMs'], string]> = [
  ['ephemeraCold', 'ephemera cold'],
  ['ephemeraSteady', 'ephemera steady'],
  ['ephemeraNamesOn', 'steady, names on'],
  ['rawRead', 'bare /proc read'],
  ['systeminformation', 'systeminformation'],
  ['ssTunap', 'ss -tunap'],
  ['lsof', 'lsof -nP -i'],
];

function cell(ms: number | null, steady: number): string {
  if (ms === null) return 'n/a';
  return `${ms.toFixed(1)} ms (${(ms / steady).toFixed(2)}x)`;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

/** Acceptance targets, checked on the largest run. */
export function targets(run: BenchRun): string[] {
  const m = run.medianMs;
  const siRatio = m.systeminformation === null ? null : m.systeminformation / m.ephemeraSteady;
  const rawRatio = m.ephemeraSteady / m.rawRead;
  const attributedOk = run.attributed.ssTunap === null || run.attributed.ephemera >= run.attributed.ssTunap;
  return [
    `steady >= 5x faster than systeminformation: ${siRatio === null ? 'n/a' : `${siRatio >= 5 ? 'met' : 'NOT met'} (${siRatio.toFixed(1)}x)`}`,
    `steady <= 1.6x the bare /proc read: ${rawRatio <= 1.6 ? 'met' : 'NOT met'} (${rawRatio.toFixed(2)}x)`,
    `names on <= 1.25x the bare /proc read: ${m.ephemeraNamesOn / m.rawRead <= 1.25 ? 'met' : 'NOT met'} (${(m.ephemeraNamesOn / m.rawRead).toFixed(2)}x; ${(m.ephemeraNamesOn / m.ephemeraSteady).toFixed(2)}x the steady sample)`,
    `steady <= 1.25x the bare /proc read (namespaces and every holder read): ${rawRatio <= 1.25 ? 'met' : 'NOT met'} (${rawRatio.toFixed(2)}x)`,
    `attributes >= ss -tunap: ${attributedOk ? 'met' : 'NOT met'} (${run.attributed.ephemera} vs ${run.attributed.ssTunap ?? 'n/a'})`,
  ];
}

/** What the namespace reuse did: served per tick, with it off, and at 1 Hz. */
function reuseLines(n: NetnsCost): string[] {
  const out: string[] = [];
  if (n.reusedEach !== undefined) out.push(`namespaces served from their last rows per steady sample (median): ${n.reusedEach} of ${n.namespaces}`);
  if (n.fullReadAddedMs !== undefined) out.push(`with that reuse off (every namespace read in full each tick): +${n.fullReadAddedMs.toFixed(1)} ms`);
  const ms = (v: number | undefined): string => (v === undefined ? 'n/a' : `${v.toFixed(2)} ms`);
  out.push(
    `the namespace tables alone per tick (no host table, no owners): ${ms(n.tablesAloneMs)} served from their last rows, ` +
      `${ms(n.tablesAloneFullMs)} with the reuse off`,
  );
  const hz = n.at1Hz;
  if (hz !== undefined) {
    out.push(
      `at 1 Hz over ${hz.ticks} ticks: ${ms(n.tablesAlone1HzMs)} per tick on average ` +
        `(${hz.reused} namespace reads served from their last rows, ${hz.read} read in full)`,
    );
  }
  return out;
}

/** Prints the human-readable table to stdout. */
export function printTable(result: BenchResult): void {
  const width = 24;
  const lines = [
    'Ephemera sampler benchmark (Linux procfs). Medians; (Nx) = time / Ephemera steady sample.',
    pad('sockets', 9) + COLUMNS.map(([, title]) => pad(title, width)).join('') + 'attributed (ephemera / ss)',
  ];
  for (const run of result.runs) {
    const steady = run.medianMs.ephemeraSteady;
    lines.push(
      pad(String(run.sockets), 9) +
        COLUMNS.map(([key]) => pad(cell(run.medianMs[key], steady), width)).join('') +
        `${run.attributed.ephemera} / ${run.attributed.ssTunap ?? 'n/a'}`,
    );
  }
  const cpu = result.cpuMsPerTick1k;
  lines.push(`CPU per tick at 1 Hz with 1,000 connections: ${cpu === null ? 'n/a' : `${cpu.toFixed(2)} ms`}`);
  const largest = result.runs[result.runs.length - 1];
  if (largest !== undefined) lines.push(`Targets at ${largest.sockets} sockets:`, ...targets(largest).map((t) => `  ${t}`));
  const ns = result.netns;
  if (ns !== undefined) {
    const line = (n: typeof ns, how: string): string =>
      `${n.namespaces} extra network namespaces x ${n.socketsEach} sockets (${how}): steady ${n.withMs.toFixed(1)} ms vs ${n.withoutMs.toFixed(1)} ms without, ` +
      `+${n.addedMs.toFixed(1)} ms (target < 15 ms: ${n.addedMs < 15 ? 'met' : 'NOT met'})`;
    lines.push(line(ns, "sharing the host's TCP hash table, the default"));
    for (const text of reuseLines(ns)) lines.push(`  ${text}`);
    if (result.netnsOwnHash !== undefined) lines.push(line(result.netnsOwnHash, 'tcp_child_ehash_entries=1024'));
  } else lines.push(`network namespace cost: not measured (${result.netnsSkipped ?? 'unknown reason'})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
