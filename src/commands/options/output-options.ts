import { fileFormats, reportFormats, type ReportFormat } from '../../render/report-kind.js';
import { formatListOption } from '../option-parsers.js';
import { defineOptions } from './option-spec.js';

/** Where a command's outputs go (--out, --format, --json, --junit), each declared once with one help text. */

const outHelp = 'folder for the files it writes';

/** --out with a fixed default folder. */
export function outOptions<const Folder extends string>(folder: Folder) {
  return defineOptions({ out: { argument: '<dir>', help: outHelp, default: folder } });
}

/** --out whose default the command works out (`shown`: what help says it is). */
export function outOptionsDefaulting(shown: string) {
  return defineOptions({ out: { argument: '<dir>', help: outHelp, shownDefault: shown } });
}

/** --format among `choices`; help lists them from the same values, saying which are files. */
export function formatOptions(choices: readonly ReportFormat[] = reportFormats, defaults: readonly ReportFormat[] = choices) {
  const isFile = (format: ReportFormat) => (fileFormats as readonly ReportFormat[]).includes(format);
  const files = choices.filter(isFile);
  const named = choices.map((format) => (isFile(format) ? format : `${format} (stdout)`));
  const where = files.length > 0 ? ' (files in --out)' : '';
  return defineOptions({
    format: {
      argument: '<formats>',
      help: `reports to produce, comma-separated: ${named.join(', ')}${where}`,
      parse: formatListOption(choices),
      default: [...defaults],
      shownDefault: defaults.join(','),
    },
  });
}

/** --json: the report on stdout as JSON, alone there (for a pipe). */
export const jsonOptions = defineOptions({
  json: { help: 'print the report as JSON to stdout and nothing else there' },
});

/** --junit: the gate's checks as JUnit XML, for a CI's test tab. */
export const junitOptions = defineOptions({
  junit: { argument: '<file>', help: 'write JUnit XML: a test case per check of the gate (threshold, verdict, compared metric)' },
});
