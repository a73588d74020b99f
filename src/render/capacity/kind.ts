import { capacitySchema, type CapacityReport } from '../../contract/capacity-report.js';
import { renderJson } from '../common/json.js';
import type { ReportKind } from '../report-kind.js';
import { renderCapacityHtml } from './html.js';
import { renderCapacityMarkdown } from './markdown.js';
import { renderCapacityTerminal } from './terminal.js';

/** The report of `loadlab capacity`. */
export const capacityReport = {
  schema: capacitySchema,
  json: renderJson,
  md: renderCapacityMarkdown,
  html: renderCapacityHtml,
  terminal: renderCapacityTerminal,
} satisfies ReportKind<CapacityReport>;
