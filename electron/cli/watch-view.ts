/**
 * The `ephemera watch` screen as lines of text, from the watch figures: pure, so the layout is
 * tested without a terminal and the terminal code only moves the cursor and writes.
 */
import { formatClock, formatCount, formatPercent } from '../../shared/format';
import type { Reconciliation } from '../../shared/churn-model';
import { maxTupleOccupancy, rangeOccupancy } from '../core/metrics/occupancy';
import type { Paint, Style } from './color';
import { painter } from './color';
import { renderTable } from './table';
import type { WatchFigures } from './watch-model';

/** What the screen shows besides the figures. */
export interface WatchFrame {
  figures: WatchFigures | null;
  filterText: string;
  source: string;
  intervalMs: number;
  /** Machine-wide reconciliation from the churn summary (kernel opens, missed). */
  reconciliation: Reconciliation | null;
  /** The newest service error, if any. */
  lastError: string | null;
  width: number;
  height: number;
  unicode: boolean;
  paint: Paint;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = ['_', '.', '-', '~', '=', '+', '*', '#'];

/** A sparkline of counts, scaled to the largest; blank cells for zero. */
export function sparkline(values: readonly number[], unicode: boolean): string {
  const glyphs = unicode ? BLOCKS : ASCII;
  const max = Math.max(0, ...values);
  return values
    .map((v) => (v <= 0 || max === 0 ? ' ' : (glyphs[Math.min(glyphs.length - 1, Math.floor((v / max) * (glyphs.length - 1)))] ?? ' ')))
    .join('');
}

const rate = (v: number | null): string => (v === null ? '-' : v.toFixed(1));

/** Cuts a line to the screen width by code points (escape-free lines only). */
function fit(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

function stateLine(f: WatchFigures): string {
  const counts = new Map<string, number>();
  for (const s of f.matching) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([state, n]) => `${state} ${formatCount(n)}`);
  return `sockets ${formatCount(f.matching.length)}${parts.length > 0 ? `: ${parts.join('  ')}` : ''}`;
}

function occupancyLines(f: WatchFigures): string[] {
  const range = f.snapshot.ephemeralRange;
  const occ = rangeOccupancy(f.snapshot.sockets, range);
  const tuple = maxTupleOccupancy(f.snapshot.sockets, range);
  const busiest = tuple.tuple === null ? 'no connection uses the range' : `${formatPercent(tuple.ratio)} (${formatCount(tuple.held)} ports: ${tuple.tuple})`;
  return [
    `ephemeral range ${range.low}-${range.high} (${range.source}): ${formatCount(occ.held)} of ${formatCount(occ.size)} ports held, ${formatPercent(occ.ratio)}`,
    `busiest tuple ${busiest}`,
  ];
}

function churnLines(f: WatchFigures, frame: WatchFrame): string[] {
  const r = frame.reconciliation;
  const kernel = r === null || r.kernelOpens === null ? 'kernel opens n/a' : `kernel opens ${formatCount(r.kernelOpens)}  missed ${formatCount(r.missed ?? 0)} (machine, since start)`;
  return [
    `births/s ${rate(f.birthsPerSec)}  deaths/s ${rate(f.deathsPerSec)}  60 s: births ${formatCount(f.births60)} deaths ${formatCount(f.deaths60)}`,
    `births total ${f.birthsTotal}  deaths total ${f.deathsTotal}  ${kernel}`,
    `births/s, last ${f.birthSeries.length} s: ${sparkline(f.birthSeries, frame.unicode)}`,
  ];
}

type Line = { text: string; style: Style | null };

const plain = (text: string): Line => ({ text, style: null });

function churnerLines(f: WatchFigures): Line[] {
  if (f.topChurners.length === 0) return [{ text: 'no births or deaths in the last 60 s', style: 'dim' }];
  const columns = [
    { header: 'PID', align: 'right' as const },
    { header: 'PROCESS' },
    { header: 'BIRTHS', align: 'right' as const },
    { header: 'DEATHS', align: 'right' as const },
    { header: 'SOCKETS', align: 'right' as const },
  ];
  const rows = f.topChurners.map((c) => [c.pid === null ? '-' : String(c.pid), c.name, String(c.births), String(c.deaths), String(c.sockets)]);
  const [header = '', ...rest] = renderTable(columns, rows, painter(false)).trimEnd().split('\n');
  return [{ text: header, style: 'bold' }, ...rest.map(plain)];
}

/** The screen: header, churn, state counts, occupancy, top churners, help line; at most `height` lines. */
export function renderWatch(frame: WatchFrame): string[] {
  const { figures: f } = frame;
  const filter = frame.filterText === '' ? 'all sockets' : `filter: ${frame.filterText}`;
  const clock = f === null ? '' : formatClock(f.snapshot.time);
  const head = `ephemera watch  ${f?.snapshot.host ?? ''}  ${frame.source}  every ${frame.intervalMs} ms  ${filter}  ${clock}`;
  const lines: Line[] = [{ text: head, style: 'bold' }];
  if (f === null) lines.push(plain('waiting for the first sample…'));
  else {
    const body = [...churnLines(f, frame), stateLine(f), ...occupancyLines(f), '', 'top churners, last 60 s'];
    lines.push(...body.map(plain), ...churnerLines(f));
  }
  const footer: Line[] = [{ text: 'q or Ctrl-C quits', style: 'dim' }];
  if (frame.lastError !== null) footer.unshift({ text: `note: ${frame.lastError}`, style: 'yellow' });
  const shown = [...lines.slice(0, Math.max(1, frame.height - footer.length)), ...footer];
  return shown.map((l) => frame.paint(l.style, fit(l.text, frame.width)));
}

/** The one-line form for a non-terminal stdout: one line per sample, appended. */
export function watchLogLine(f: WatchFigures): string {
  return `${formatClock(f.snapshot.time)} births/s ${rate(f.birthsPerSec)} deaths/s ${rate(f.deathsPerSec)} births_total ${f.birthsTotal} deaths_total ${f.deathsTotal} sockets ${f.matching.length}`;
}
