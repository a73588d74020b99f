/** A text report from its blocks of lines: the empty ones left out, a blank line between the others, a newline at the end. */
export function joinBlocks(blocks: readonly (readonly string[])[]): string {
  return `${blocks
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}
