/** A report as its JSON document (loadlab/run@1, loadlab/capacity@1, …): two-space indented, ending in a newline. */
export function renderJson(report: object): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
