/**
 * A table with the same number of cells on every row (missing cells are blank), the first
 * textColumns left-aligned and the others (figures) right-aligned. Every cell is escaped here.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string[] {
  const line = (cells: readonly string[]) => `| ${head.map((_, index) => escapeMarkdown(cells[index] ?? '')).join(' | ')} |`;
  return [line(head), `| ${head.map((_, index) => (index < textColumns ? ':--' : '--:')).join(' | ')} |`, ...rows.map(line)];
}

/**
 * Text that renders as itself: characters markdown, GitHub or HTML would interpret are
 * backslash-escaped (`|` would end a table cell, `<` open a tag, `$` start math), line breaks
 * become spaces (a table row is one line), and a leading list or heading marker is escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&#$]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
