/**
 * The Prometheus text exposition format (version 0.0.4), written by hand because it is small:
 * HELP and TYPE lines, escaped label values, Go-style special floats, cumulative histogram
 * buckets. Names are checked so a typo becomes a thrown error in a test, not a scrape failure.
 */

/** The Content-Type of a scrape answer. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The metric types Ephemera exposes. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One sample line of a family. */
export interface Sample {
  /** Appended to the family name: histograms use _bucket, _sum and _count. */
  suffix?: '' | '_bucket' | '_sum' | '_count';
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** A metric family: one HELP, one TYPE, its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed (quotes stay as they are there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as the format spells it: integers plainly, NaN, +Inf and -Inf as Go does. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [name] of entries) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid label name '${name}'`);
  }
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function familyText(family: MetricFamily): string {
  if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name '${family.name}'`);
  if (family.type === 'counter' && !family.name.endsWith('_total')) {
    throw new Error(`counter '${family.name}' must end in _total`);
  }
  if (family.help.trim() === '') throw new Error(`metric '${family.name}' needs help text`);
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const s of family.samples) {
    lines.push(`${family.name}${s.suffix ?? ''}${labelText(s.labels)} ${formatValue(s.value)}`);
  }
  return lines.join('\n') + '\n';
}

/** The exposition text of some families; each name may appear once. */
export function renderFamilies(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  for (const f of families) {
    if (seen.has(f.name)) throw new Error(`metric family '${f.name}' appears twice`);
    seen.add(f.name);
  }
  return families.map(familyText).join('');
}

/** A histogram's state: per-bucket (not cumulative) counts, the last one for values above every bound. */
export interface HistogramData {
  /** Upper bounds, ascending. */
  bounds: readonly number[];
  /** counts[i] observations fell in (bounds[i-1], bounds[i]]; counts[bounds.length] above the last. */
  counts: readonly number[];
  sum: number;
}

/** The _bucket (cumulative, ending in le="+Inf"), _sum and _count samples of a histogram. */
export function histogramSamples(h: HistogramData): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  h.bounds.forEach((bound, i) => {
    cumulative += h.counts[i] ?? 0;
    samples.push({ suffix: '_bucket', labels: { le: formatValue(bound) }, value: cumulative });
  });
  cumulative += h.counts[h.bounds.length] ?? 0;
  samples.push({ suffix: '_bucket', labels: { le: '+Inf' }, value: cumulative });
  samples.push({ suffix: '_sum', value: h.sum });
  samples.push({ suffix: '_count', value: cumulative });
  return samples;
}
