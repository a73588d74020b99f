import { closestName } from '../closest-name.js';
import { metricNames, metricQuantities, unitFactors, unitHelp, type MetricName } from './metric-names.js';

export const operators = ['<', '<=', '>', '>=', '=='] as const;
export type Operator = (typeof operators)[number];

/** A parsed gate expression such as 'p99 < 150ms': it passes when `metric operator value` holds. */
export interface Threshold {
  /** The expression as written (trimmed), shown in every message about it. */
  source: string;
  metric: MetricName;
  operator: Operator;
  /** The limit in the metric's base unit: ms for latency, a fraction for error_rate and cpu, bytes for rss, else a count. */
  value: number;
}

/** A threshold limited to the trials of one topology and/or one workload; neither: every trial. */
export interface ScopedThreshold {
  threshold: Threshold;
  topology?: string;
  workload?: string;
  /** A request's name (see byRequest): the threshold judges that request's own figures. */
  request?: string;
}

const validNames = metricNames.join(', ');
const validOperators = '<, <=, >, >= or ==';
/** Every unit any metric accepts, to tell a unit that fits another metric from a word that is no unit. */
const knownUnits = new Set(Object.values(unitFactors).flatMap((factors) => Object.keys(factors)));

/**
 * Parses `<metric> <operator> <number>[unit]`, e.g. 'p99 < 150ms', 'p99 < 0.15s', 'errors == 0',
 * 'error_rate < 1%', 'rss < 512MB', 'cpu <= 80%'. Metric names and units are matched without
 * regard to case; spaces are optional. A number without a unit is in the metric's base unit (see
 * Threshold.value). Errors are one line each, naming what is wrong and what would be right.
 */
export function parseThreshold(text: string): { threshold: Threshold } | { error: string } {
  const source = text.trim();
  if (source === '') return { error: 'empty threshold: write <metric> <operator> <number>[unit], e.g. p99 < 150ms' };

  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source)?.[0];
  if (name === undefined) return { error: `missing metric at the start of '${source}' (${validNames})` };
  const metric = metricNames.find((candidate) => candidate === name.toLowerCase());
  if (metric === undefined) {
    const suggestion = closestName(name, metricNames);
    return { error: `unknown metric '${name}' (${validNames})${suggestion ? `; did you mean ${suggestion}?` : ''}` };
  }
  let rest = source.slice(name.length).trimStart();
  let read = name;

  const symbols = /^[<>=!≤≥]+/.exec(rest)?.[0];
  const operator = operators.find((candidate) => candidate === symbols);
  if (operator === undefined) {
    if (symbols !== undefined) return { error: `unknown operator '${symbols}' after '${read}' (use ${validOperators})` };
    const word = /^\S+/.exec(rest)?.[0];
    const found = word === undefined || /^[\d.]/.test(word) ? '' : `, found '${word}'`;
    return { error: `missing operator after '${read}'${found} (use ${validOperators})` };
  }
  read = `${read} ${operator}`;
  rest = rest.slice(operator.length).trimStart();

  const digits = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(rest)?.[0];
  if (digits === undefined) {
    const found = /^\S+/.exec(rest)?.[0];
    return { error: `missing number after '${read}'${found === undefined ? '' : ` (found '${found}')`}` };
  }
  read = `${read} ${digits}`;
  rest = rest.slice(digits.length);

  const quantity = metricQuantities[metric];
  let factor = 1;
  const unitMatch = /^(\s*)([A-Za-z%]+)/.exec(rest);
  if (unitMatch) {
    const [whole, space, unit] = unitMatch as unknown as [string, string, string];
    const known = knownUnits.has(unit.toLowerCase());
    // A word after a space that is no unit at all is trailing text, not a misspelt unit.
    if (known || space === '') {
      const fitting = unitFactors[quantity][unit.toLowerCase()];
      if (!known) return { error: `unknown unit '${unit}' after '${read}': ${metric} ${unitHelp[quantity]}` };
      if (fitting === undefined) return { error: `unit '${unit}' does not fit ${metric}: ${metric} ${unitHelp[quantity]}` };
      factor = fitting;
      read = `${read}${unit}`;
      rest = rest.slice(whole.length);
    }
  }
  const trailing = rest.trim();
  if (trailing !== '') {
    const hint = /^[,_]\d/.test(trailing) ? ' (write the number without separators: 2000, not 2,000)' : '';
    return { error: `unexpected '${trailing}' after '${read}'${hint}` };
  }

  // Twelve significant digits undo the binary rounding of the unit factor (0.07 s × 1000 = 70.00000000000001).
  const value = Number((Number(digits) * factor).toPrecision(12));
  return { threshold: { source, metric, operator, value } };
}

/** Whether `value operator limit` holds. */
export function holds(value: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
  }
}
