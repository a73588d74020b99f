import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { describeValue } from '../../text/duration.js';
import type { DataTable } from './flow-types.js';
import { parseCsv } from './parse-csv.js';

/**
 * A workload's test data, read once: a CSV whose first line names the columns, or a JSON list
 * of flat objects (the first one's keys are the columns). Each mistake is one line naming the
 * file and, where it can, the line or item.
 */
export function readDataFile(file: string): DataTable | { error: string } {
  if (!existsSync(file) || !statSync(file).isFile()) return { error: `file not found: ${file}` };
  const text = readFileSync(file, 'utf8');
  const kind = extname(file).toLowerCase();
  if (kind === '.csv') return tableOfCsv(file, text);
  if (kind === '.json') return tableOfJson(file, text);
  return { error: `expected a .csv or .json file, found ${file}` };
}

function tableOfCsv(file: string, text: string): DataTable | { error: string } {
  const parsed = parseCsv(text);
  if ('error' in parsed) return { error: `${file}:${parsed.line}: ${parsed.error}` };
  const [header, ...rows] = parsed.rows;
  if (!header || header.every((name) => name.trim() === '')) return { error: `${file}: the header line naming the columns is missing` };
  const columns = header.map((name) => name.trim());
  const bad = columns.findIndex((name) => !/^[A-Za-z_][\w.-]*$/.test(name));
  // a header of values (a file without one) shows up as columns that are no names
  if (bad >= 0) return { error: `${file}:1: column ${bad + 1} '${columns[bad]}' is no variable name: is the header line missing?` };
  const twice = columns.find((name, index) => columns.indexOf(name) !== index);
  if (twice !== undefined) return { error: `${file}:1: column '${twice}' is named twice` };
  if (rows.length === 0) return { error: `${file}: no rows after the header` };
  for (const [index, row] of rows.entries()) {
    if (row.length !== columns.length) return { error: `${file}: row ${index + 1} has ${row.length} fields, the header ${columns.length}` };
  }
  return { file, columns, rows };
}

function tableOfJson(file: string, text: string): DataTable | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `${file}: not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!Array.isArray(value) || value.length === 0) return { error: `${file}: expected a non-empty list of objects, found ${describeValue(value)}` };
  const first = value[0] as unknown;
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return { error: `${file}[0]: expected an object, found ${describeValue(first)}` };
  const columns = Object.keys(first);
  const rows: string[][] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return { error: `${file}[${index}]: expected an object, found ${describeValue(item)}` };
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length !== columns.length || !columns.every((column) => column in record))
      return { error: `${file}[${index}]: expected the fields of the first item (${columns.join(', ')}), found ${keys.join(', ') || 'none'}` };
    rows.push(columns.map((column) => cellText(record[column])));
  }
  return { file, columns, rows };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
