/**
 * CSV text (RFC 4180: commas, double quotes around a field that holds commas, quotes or line
 * breaks, "" for a quote inside one, LF or CRLF) as rows of fields. Blank lines are skipped.
 *
 * The issue asks for csv-parse; it is not installed in this project's node_modules, so this is
 * the one place to swap for it (csv-parse/sync `parse(text, { relax_column_count: true })`).
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string; line: number } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !fieldStarted)) rows.push(row);
    row = [];
    field = '';
    fieldStarted = false;
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index] as string;
    if (quoted) {
      if (char === '"') {
        if (body[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field !== '') return { error: 'a quote inside an unquoted field', line };
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index += 1;
      endRow();
      line += 1;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) return { error: 'a quoted field is never closed', line };
  if (field !== '' || row.length > 0 || fieldStarted) endRow();
  return { rows };
}
