import type { DoctorFinding } from '../../contract/doctor-report.js';

/** `loadlab doctor`'s output: one line a finding, and under each warning what to change. */
export function renderDoctor(findings: readonly DoctorFinding[], scenarioName?: string): string {
  const width = Math.max(...findings.map((finding) => finding.name.length));
  const lines = findings.flatMap((finding) => {
    const line = `${finding.status === 'ok' ? 'ok  ' : 'WARN'}  ${finding.name.padEnd(width)}  ${finding.value}`;
    return finding.hint ? [line, `${' '.repeat(width + 8)}→ ${finding.hint}`] : [line];
  });
  const warnings = findings.filter((finding) => finding.status === 'warn').length;
  const verdict = warnings === 0 ? 'all is well' : `${warnings} warning${warnings === 1 ? '' : 's'}`;
  return `${lines.join('\n')}\n\n${scenarioName ? `for ${scenarioName}: ` : ''}${verdict}\n`;
}
