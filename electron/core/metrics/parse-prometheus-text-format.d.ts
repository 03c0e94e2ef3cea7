/** Types for the test-only Prometheus text parser (the package ships none). */
declare module 'parse-prometheus-text-format' {
  /** One sample set of a family, in prom2json's shape: values are strings as written. */
  export interface PromMetric {
    value?: string;
    labels?: Record<string, string>;
    /** Histogram buckets by `le`, cumulative. */
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  /** A metric family. */
  export interface PromFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PromMetric[];
  }
  /** Parses exposition text; throws on a line it cannot read. */
  export default function parsePrometheusTextFormat(text: string): PromFamily[];
}
