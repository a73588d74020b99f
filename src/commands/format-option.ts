import { InvalidArgumentError, Option } from 'commander';
import { reportFormats, type ReportFormat } from '../render/report-kind.js';

/**
 * A commander parser for `--format a,b`: the formats in the order given, each once. A name not
 * in `allowed` is commander's own one-line error, exit 2. Not repeatable: commander would add a
 * repeated value to the default list instead of replacing it.
 */
export function formatListOption(allowed: readonly ReportFormat[] = reportFormats): (value: string) => ReportFormat[] {
  return (value) => {
    const names = value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 0) throw new InvalidArgumentError(`expected one or more of ${allowed.join(', ')}, comma-separated`);
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (unknown.length > 0) {
      const list = unknown.map((name) => `'${name}'`).join(', ');
      throw new InvalidArgumentError(`unknown format ${list} (${allowed.join(', ')})`);
    }
    return [...new Set(names)] as ReportFormat[];
  };
}

/** --format for a run report: every format by default. */
export function runFormatsOption(): Option {
  return new Option('--format <formats>', 'reports to produce, comma-separated: terminal (stdout), md, html, json (files in --out)')
    .argParser(formatListOption())
    .default(['terminal', 'md', 'html', 'json'], 'terminal,md,html,json');
}
