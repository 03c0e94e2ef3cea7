import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDurationHistogram } from './duration-histogram';
import { escapeHelp, escapeLabelValue, formatValue, histogramSamples, renderFamilies } from './prom-text';

describe('exposition text', () => {
  it('escapes label values as the format requires: backslash, quote, line feed', () => {
    expect(escapeLabelValue('C:\\dir "x"\nnext')).toBe('C:\\\\dir \\"x\\"\\nnext');
    expect(escapeHelp('a \\ b\n"c"')).toBe('a \\\\ b\\n"c"');
  });

  it('spells special floats the Go way', () => {
    expect([NaN, Infinity, -Infinity, 0, 1.5, 1e-7].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0', '1.5', '1e-7']);
  });

  it('writes HELP and TYPE once per family, then its samples', () => {
    const text = renderFamilies([
      { name: 'x_total', help: 'Xs.', type: 'counter', samples: [{ value: 3 }] },
      { name: 'y', help: 'Ys.', type: 'gauge', samples: [{ labels: { a: '1' }, value: 1 }, { labels: { a: '2' }, value: 2 }] },
    ]);
    expect(text).toBe('# HELP x_total Xs.\n# TYPE x_total counter\nx_total 3\n# HELP y Ys.\n# TYPE y gauge\ny{a="1"} 1\ny{a="2"} 2\n');
  });

  it('refuses names Prometheus would refuse, and counters without _total', () => {
    const family = (name: string, type: 'gauge' | 'counter' = 'gauge') => [{ name, help: 'h', type, samples: [{ value: 1 }] }];
    expect(() => renderFamilies(family('9lives'))).toThrow(/invalid metric name/);
    expect(() => renderFamilies(family('opens', 'counter'))).toThrow(/_total/);
    expect(() => renderFamilies([{ name: 'a', help: 'h', type: 'gauge', samples: [{ labels: { 'bad-name': 'x' }, value: 1 }] }])).toThrow(/label name/);
    expect(() => renderFamilies([{ name: 'a', help: 'h', type: 'gauge', samples: [{ labels: { __x: 'x' }, value: 1 }] }])).toThrow(/label name/);
    expect(() => renderFamilies([...family('a'), ...family('a')])).toThrow(/twice/);
    expect(() => renderFamilies([{ name: 'a', help: ' ', type: 'gauge', samples: [] }])).toThrow(/help/);
  });

  it('writes histograms with cumulative buckets ending in +Inf, _sum and _count', () => {
    const h = createDurationHistogram([0.01, 0.1]);
    for (const s of [0.005, 0.01, 0.05, 3, -1, NaN]) h.observe(s);
    const text = renderFamilies([{ name: 'd_seconds', help: 'D.', type: 'histogram', samples: histogramSamples(h.data()) }]);
    const [family] = parsePrometheusTextFormat(text);
    expect(family?.type).toBe('HISTOGRAM');
    expect(family?.metrics[0]).toEqual({ buckets: { '0.01': '2', '0.1': '3', '+Inf': '4' }, count: '4', sum: String(0.005 + 0.01 + 0.05 + 3) });
  });

  it('any label value, and help text with backslashes and line feeds, survives a real parser unchanged', () => {
    const helpText = fc.string({ unit: fc.constantFrom('a', 'Z', '\\', '\n', '"', 'é', '{') }).map((h) => `Help ${h}.`);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), helpText, (value, help) => {
        const text = renderFamilies([{ name: 'v', help, type: 'gauge', samples: [{ labels: { l: value }, value: 1 }] }]);
        const [family] = parsePrometheusTextFormat(text);
        return family?.metrics[0]?.labels?.l === value && family.help === help;
      }),
      { numRuns: 300 },
    );
  });
});
