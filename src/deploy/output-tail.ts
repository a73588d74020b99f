import type { Readable } from 'node:stream';

/** Longer lines keep their start (where an error says what it is) and how much was cut. */
const maxLineChars = 1000;

/**
 * Keeps the last lines a stream wrote, so an error can quote what a failing app said. Its
 * memory is bounded whatever the app writes — a gigabyte, or one endless line — at maxLines
 * lines of at most 1,000 characters each.
 */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';
  /** Characters of the partial line cut beyond maxLineChars. */
  private cut = 0;

  constructor(private readonly maxLines: number) {}

  follow(stream: Readable | null): void {
    if (!stream) return;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
  }

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    const last = parts.pop() ?? '';
    if (parts.length === 0) {
      this.keepPartial(last);
      return;
    }
    const [first = '', ...rest] = parts;
    this.add(clip(first, this.cut));
    this.cut = 0;
    // only the last maxLines can be kept: a chunk of 10,000 short lines costs no more than one
    for (const line of rest.slice(-this.maxLines)) this.add(clip(line, 0));
    this.keepPartial(last);
  }

  text(): string {
    const all = this.partial === '' ? this.lines : [...this.lines, clip(this.partial.replace(/\r$/, ''), this.cut)];
    return all.slice(-this.maxLines).join('\n');
  }

  private keepPartial(text: string): void {
    if (text.length > maxLineChars) {
      this.cut += text.length - maxLineChars;
      this.partial = text.slice(0, maxLineChars);
    } else this.partial = text;
  }

  private add(line: string): void {
    this.lines.push(line.replace(/\r$/, ''));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}

function clip(line: string, alreadyCut: number): string {
  const cut = alreadyCut + Math.max(0, line.length - maxLineChars);
  return cut === 0 ? line : `${line.slice(0, maxLineChars)}… (${cut} more characters)`;
}
