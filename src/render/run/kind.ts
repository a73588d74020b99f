import { reportSchema, type RunReport } from '../../contract/run-report.js';
import { renderJson } from '../common/json.js';
import type { ReportKind } from '../report-kind.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

/** The report of `loadlab run` and of each side of `loadlab ab`. */
export const runReport = {
  schema: reportSchema,
  json: renderJson,
  md: renderMarkdown,
  html: renderHtml,
  terminal: renderTerminal,
} satisfies ReportKind<RunReport>;
