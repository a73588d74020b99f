/**
 * The OpenMetrics text exposition (what Prometheus scrapes, content type
 * `application/openmetrics-text; version=1.0.0`): a family's metadata, then its samples, and
 * `# EOF` at the end. Pure: families in, text out.
 */
export interface MetricFamily {
  /** The family's name: a counter's samples add `_total`, a histogram's `_bucket`, `_count` and `_sum`. */
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  /** Given, the name ends with it (OpenMetrics asks so): 'seconds', 'bytes'. */
  unit?: string;
  samples: MetricSample[];
}

export interface MetricSample {
  /** '_total', '_bucket', '_count', '_sum', or '' for a gauge. */
  suffix: string;
  labels: readonly (readonly [name: string, value: string])[];
  value: number;
}

export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function openMetricsText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.unit) lines.push(`# UNIT ${family.name} ${family.unit}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    for (const sample of family.samples) lines.push(`${family.name}${sample.suffix}${labelSet(sample.labels)} ${numberText(sample.value)}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** A histogram's bucket bound as the `le` label: a float always ("1.0", not "1"), as OpenMetrics writes them. */
export function boundText(bound: number): string {
  if (bound === Infinity) return '+Inf';
  return Number.isInteger(bound) ? bound.toFixed(1) : String(bound);
}

function labelSet(labels: MetricSample['labels']): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
