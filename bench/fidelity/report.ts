/**
 * The fidelity bench's output: a table for people, one JSON object for machines. Every fraction
 * is of the kernel's open count, so Ephemera and systeminformation are read against the same truth.
 */
import type { FidelityRun } from './run-fidelity';
import type { MultiRun } from './run-multi';

/** The soak run's memory figures. */
export interface SoakReport {
  rate: number;
  close: 'fin' | 'rst';
  seconds: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  /** RSS as the load starts, every 5 s while it runs, and as it ends, MB. */
  rssSamplesMb: number[];
  run: FidelityRun;
}

/** "12.3%", or "n/a" without a base. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a';
}

/** Header and rows as right-aligned columns two spaces apart, each as wide as its widest cell. */
export function columns(head: readonly string[], rows: readonly string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [pad(head), ...rows.map(pad)];
}

/** The table of runs, one line per (rate, close mode). */
export function formatTable(runs: readonly FidelityRun[]): string {
  const head = ['rate', 'close', 'achieved/s', 'sample ms', 'max gap', 'kernel opens', 'connects', 'poll', 'poll %', 'poll+events', 'captured %', 'attributed', 'attr %', 'si', 'si %', 'si attr %'];
  const rows = runs.map((r) => [
    String(r.rate),
    r.close,
    r.load.achievedRate.toFixed(0),
    `${r.ticks.sampleMsMedian}/${r.ticks.sampleMsMax}`,
    String(r.ticks.longestGapMs),
    String(r.kernelOpens),
    String(r.load.launched),
    String(r.reportedPoll),
    percent(r.reportedPoll, r.kernelOpens),
    String(r.reportedWithEvents),
    percent(r.reportedWithEvents, r.kernelOpens),
    String(r.attributedWithEvents),
    percent(r.attributedWithEvents, r.kernelOpens),
    r.systeminformation === null ? '-' : String(r.systeminformation.reported),
    r.systeminformation === null ? '-' : percent(r.systeminformation.reported, r.kernelOpens),
    r.systeminformation === null ? '-' : percent(r.systeminformation.attributed, r.kernelOpens),
  ]);
  // Sampler trouble makes a row's figures unreliable; "owner unknown" notes are normal and left out.
  const trouble = (r: FidelityRun): string[] => r.errors.filter((e) => /sampler|restart|resynchroniz|unreadable/.test(e));
  const notes = runs
    .filter((r) => r.events.kernelDrops > 0 || r.events.aggregated > 0 || Object.keys(r.load.errors).length > 0 || r.events.state !== 'running (ss -E)' || trouble(r).length > 0)
    .map(
      (r) =>
        `  ${r.rate}/${r.close}: events ${r.events.state}, kernel drops ${r.events.kernelDrops}, aggregated ${r.events.aggregated}, ` +
        `load errors ${JSON.stringify(r.load.errors)}${trouble(r).length > 0 ? `, service errors: ${trouble(r).join(' | ')}` : ''}`,
    );
  const title = 'Single-process topology, the easy case: one process connects to itself, so any guess from the listener names the right pid (see --topology multi).';
  return [title, ...columns(head, rows), ...notes].join('\n');
}

/** The soak figures in one paragraph. */
export function formatSoak(s: SoakReport): string {
  return (
    `soak: ${s.rate} conn/s (${s.close}) for ${s.seconds} s, achieved ${s.run.load.achievedRate.toFixed(0)}/s: ` +
    `RSS of this process (service and sampler thread) before the load ${s.rssBeforeMb.toFixed(1)} MB, after ${s.rssAfterMb.toFixed(1)} MB, ` +
    `peak ${s.rssPeakMb.toFixed(1)} MB (start, every 5 s, end: ${s.rssSamplesMb.map((m) => m.toFixed(0)).join(', ')}); ` +
    `captured ${percent(s.run.reportedWithEvents, s.run.kernelOpens)} of ${s.run.kernelOpens} kernel opens` +
    `; load: ${s.run.load.launched} connects, errors ${JSON.stringify(s.run.load.errors)}` +
    (s.run.errors.length > 0 ? `; service errors: ${s.run.errors.join(' | ')}` : '')
  );
}

/** The table of the multi-topology runs, one line per (close mode, tracepoint on/off). */
export function formatMulti(runs: readonly MultiRun[]): string {
  const head = ['close', 'tracepoint', 'kernel opens', 'captured', 'client connects', 'exact-correct', 'inferred-correct', 'inferred-wrong', 'exact-wrong', 'unattributed'];
  const rows = runs.map((r) => {
    const of = r.clientBirths;
    const part = (n: number): string => `${n} (${percent(n, of)})`;
    return [
      r.close,
      r.tracepoint ? 'on' : 'off',
      String(r.kernelOpens),
      `${r.captured} (${percent(r.captured, r.kernelOpens)})`,
      `${r.clientConnects} (${r.clientBirths} seen)`,
      part(r.exactCorrect),
      part(r.inferredCorrect),
      part(r.inferredWrong),
      String(r.exactWrong),
      part(r.unattributed),
    ];
  });
  const off = runs.filter((r) => r.tracepoint && !r.tracepointState.startsWith('running')).map((r) => `  ${r.close}: tracepoint was ${r.tracepointState}`);
  return [
    'Multi-process topology: nginx (master + 2 workers), node (root) + python3 (nobody) + a second node to the same destination, 1,000 conn/s combined.',
    ...columns(head, rows),
    ...off,
    'Percentages of exact/inferred/unattributed are of client-side births seen (the ones with ground truth); captured is of kernel-counted opens (both ends).',
  ].join('\n');
}
