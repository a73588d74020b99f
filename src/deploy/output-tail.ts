import type { Readable } from 'node:stream';

/** Longer lines keep their start (where an error says what it is) and how much was cut. */
const maxLineChars = 1000;
/** Distinct telling lines kept (see tellsPortOrError), whatever came after them. */
const maxTellingLines = 20;

/** A line of output with its place in the stream (0 is the first line written). */
export interface OutputLine {
  index: number;
  text: string;
}

/** A telling line, where it was first written, and how many times in all. */
export interface TellingLine extends OutputLine {
  count: number;
}

/**
 * Keeps the last lines a stream wrote, so an error can quote what a failing app said, and the
 * first lines that mention a port or an error, however much came after them (the app's
 * "listening on 8123" before a long stack trace). Its memory is bounded whatever the app writes
 * — a gigabyte, or one endless line — at maxLines + 20 lines of at most 1,000 characters each.
 */
export class OutputTail {
  private readonly lines: OutputLine[] = [];
  private readonly telling = new Map<string, TellingLine>();
  private partial = '';
  /** Characters of the partial line cut beyond maxLineChars. */
  private cut = 0;
  /** Lines completed so far: the index of the next one. */
  private written = 0;

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
    // only the last maxLines can be kept in the tail: the others are only looked at
    const skipped = Math.max(0, rest.length - this.maxLines);
    for (const line of rest.slice(0, skipped)) this.note(clip(line, 0).replace(/\r$/, ''));
    for (const line of rest.slice(skipped)) this.add(clip(line, 0));
    this.keepPartial(last);
  }

  text(): string {
    return this.tail()
      .map((line) => line.text)
      .join('\n');
  }

  /** The last lines, the partial one included. */
  tail(): OutputLine[] {
    const all = this.partial === '' ? this.lines : [...this.lines, { index: this.written, text: clip(this.partial.replace(/\r$/, ''), this.cut) }];
    return all.slice(-this.maxLines);
  }

  /** The first distinct lines that mention a port or an error, in the order written (a partial line is not one yet). */
  tellingLines(): TellingLine[] {
    return [...this.telling.values()];
  }

  private keepPartial(text: string): void {
    if (text.length > maxLineChars) {
      this.cut += text.length - maxLineChars;
      this.partial = text.slice(0, maxLineChars);
    } else this.partial = text;
  }

  private add(line: string): void {
    const text = line.replace(/\r$/, '');
    this.lines.push({ index: this.written, text });
    if (this.lines.length > this.maxLines) this.lines.shift();
    this.note(text);
  }

  /** Counts a completed line, and keeps it if it is telling. */
  private note(text: string): void {
    const index = this.written;
    this.written += 1;
    const known = this.telling.get(text);
    if (known) known.count += 1;
    else if (this.telling.size < maxTellingLines && tellsPortOrError(text)) this.telling.set(text, { index, text, count: 1 });
  }
}

const stackFrame = /^\s*at\s/;
const errorWords = /\b(?:error|exception|fatal|fail(?:s|ed|ure)?|cannot|can't|could not|unable|refused|denied|not found|panic|abort(?:ed)?|crash(?:ed)?)\b/i;
/** errno names (EADDRINUSE, EACCES) and Node's error codes (ERR_UNKNOWN_FILE_EXTENSION). */
const errorCodes = /\bE[A-Z]{3,}\b|\bERR_[A-Z_]+\b/;
const portWords = /\b(?:port|listen(?:s|ing)?)\b/i;
/** host:port — 127.0.0.1:8123, localhost:3000, [::]:80, :::8123 */
const hostAndPort = /(?:\blocalhost|\b\d{1,3}(?:\.\d{1,3}){3}|\]|::):\d{2,5}\b/i;

/** Whether a line of an app's output mentions a port or an error (stack frames do not count: the tail has them). */
export function tellsPortOrError(line: string): boolean {
  if (stackFrame.test(line)) return false;
  return errorWords.test(line) || errorCodes.test(line) || portWords.test(line) || hostAndPort.test(line);
}

function clip(line: string, alreadyCut: number): string {
  const cut = alreadyCut + Math.max(0, line.length - maxLineChars);
  return cut === 0 ? line : `${line.slice(0, maxLineChars)}… (${cut} more characters)`;
}
