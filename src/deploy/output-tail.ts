import type { Readable } from 'node:stream';

/** Keeps the last lines a stream wrote, so an error can quote what a failing app said. */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines: number) {}

  follow(stream: Readable | null): void {
    if (!stream) return;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
  }

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  text(): string {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial.replace(/\r$/, '')];
    return all.slice(-this.maxLines).join('\n');
  }

  private add(line: string): void {
    this.lines.push(line.replace(/\r$/, ''));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
