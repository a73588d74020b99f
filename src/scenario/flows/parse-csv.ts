import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV text as rows of fields, parsed by csv-parse (RFC 4180 quoting, LF, CRLF or CR even mixed, a BOM dropped,
 * blank lines skipped). Rows of another width are kept, so that the caller can name the line.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string; line: number } {
  try {
    return { rows: parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { error: csvReason(error), line: typeof error.lines === 'number' ? error.lines : 0 };
  }
}

/** csv-parse's reason without its position ("Quote Not Closed: the parsing is finished…" → "quote not closed"). */
function csvReason(error: CsvError): string {
  return (error.message.split(':')[0] ?? error.code).toLowerCase();
}
