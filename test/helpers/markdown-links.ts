/**
 * The relative links of markdown files, and which of them lead nowhere: a file that does not
 * exist, or an #anchor that no heading of the target page makes (the anchors GitHub gives
 * headings). Links inside code (fenced blocks, `spans`) are text, not links.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export interface MarkdownLink {
  line: number;
  text: string;
  target: string;
}

/** Each line of the file outside fenced code blocks, with its line number. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    else if (!fenced) lines.push({ line: index + 1, text });
  });
  return lines;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings; a repeated heading gets -1, -2, … as on GitHub. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    let anchor = slug;
    for (let count = 1; anchors.has(anchor); count += 1) anchor = `${slug}-${count}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** The links (and images) of a page whose target is not a URL with a scheme. */
export function relativeLinksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[2] ?? '';
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ line, text: match[1] ?? '', target });
    }
  }
  return links;
}

/** One line per link of these files that leads nowhere: 'docs/a.md:12: [x](b.md#c): no heading #c in docs/b.md'. */
export function brokenLinks(files: readonly string[], root: string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const where = relative(root, file);
    for (const link of relativeLinksOf(readFileSync(file, 'utf8'))) {
      const [path = '', anchor] = link.target.split('#', 2);
      const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const named = `${where}:${link.line}: [${link.text}](${link.target})`;
      if (!existsSync(target)) problems.push(`${named}: no file ${relative(root, target)}`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
        problems.push(`${named}: no heading #${anchor} in ${relative(root, target)}`);
      }
    }
  }
  return problems;
}
