import { randomInt, randomUUID } from 'node:crypto';
import type { FlowVariables } from './flow-types.js';

/** A piece of a template: text as written, a variable, or a built-in. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'uuid' }
  | { kind: 'randomInt'; min: number; max: number }
  | { kind: 'seq' }
  | { kind: 'vu' };

/** A string with `{{…}}` in it, split once at validation: rendering joins parts, it never parses. */
export interface Template {
  parts: TemplatePart[];
  /** The variables it names (not the built-ins): each must come from a capture or a data column. */
  variables: string[];
}

/** What a template is rendered with: the user's variables, its number, and the workload's counter. */
export interface TemplateScope {
  vars: FlowVariables;
  vu: number;
  nextSeq: () => number;
}

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;
const variableName = /^[A-Za-z_][\w.-]*$/;
const randomIntCall = /^\$randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/;
export const builtins = ['$uuid', '$randomInt(a,b)', '$seq', '$vu'] as const;

/** Splits `text` into parts; an unreadable placeholder is an error naming it. */
export function compileTemplate(text: string): Template | { error: string } {
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  let last = 0;
  for (const match of text.matchAll(placeholder)) {
    const inner = match[1] ?? '';
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    last = match.index + match[0].length;
    const part = partOf(inner);
    if ('error' in part) return part;
    parts.push(part);
    if (part.kind === 'variable' && !variables.includes(part.name)) variables.push(part.name);
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { parts, variables };
}

function partOf(inner: string): TemplatePart | { error: string } {
  if (inner === '$uuid') return { kind: 'uuid' };
  if (inner === '$seq') return { kind: 'seq' };
  if (inner === '$vu') return { kind: 'vu' };
  const random = randomIntCall.exec(inner);
  if (random) {
    const [min, max] = [Number(random[1]), Number(random[2])];
    if (min > max) return { error: `{{${inner}}}: the lower bound is above the upper` };
    return { kind: 'randomInt', min, max };
  }
  if (inner.startsWith('$')) return { error: `{{${inner}}} is no built-in (${builtins.join(', ')})` };
  if (!variableName.test(inner)) return { error: `{{${inner}}} is no variable name (letters, digits, _ . -)` };
  return { kind: 'variable', name: inner };
}

/** True when the template is plain text: it renders the same every time. */
export function isConstant(template: Template): boolean {
  return template.parts.every((part) => part.kind === 'text');
}

/** The text with every placeholder filled; a variable the user has no value for renders as ''. */
export function renderTemplate(template: Template, scope: TemplateScope): string {
  const { parts } = template;
  if (parts.length === 1 && parts[0]?.kind === 'text') return parts[0].text;
  let text = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        text += part.text;
        break;
      case 'variable':
        text += scope.vars[part.name] ?? '';
        break;
      case 'uuid':
        text += randomUUID();
        break;
      case 'randomInt':
        text += String(randomInt(part.min, part.max + 1));
        break;
      case 'seq':
        text += String(scope.nextSeq());
        break;
      case 'vu':
        text += String(scope.vu);
        break;
    }
  }
  return text;
}
