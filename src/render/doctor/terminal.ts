import type { DoctorFinding } from '../../contract/doctor-report.js';

const labels = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const satisfies Record<DoctorFinding['status'], string>;

/**
 * `loadlab doctor`'s output: one line a finding, under each warning or failure what to change,
 * and a last line that says whether the scenario can run: "cannot run: haproxy not found" is
 * never followed by "all is well".
 */
export function renderDoctor(findings: readonly DoctorFinding[], scenarioName?: string): string {
  const width = Math.max(...findings.map((finding) => finding.name.length));
  const lines = findings.flatMap((finding) => {
    const line = `${labels[finding.status]}  ${finding.name.padEnd(width)}  ${finding.value}`;
    return finding.hint ? [line, `${' '.repeat(width + 8)}→ ${finding.hint}`] : [line];
  });
  const warnings = findings.filter((finding) => finding.status === 'warn').length;
  const failures = findings.filter((finding) => finding.status === 'fail');
  const warningCount = `${warnings} warning${warnings === 1 ? '' : 's'}`;
  const verdict =
    failures.length > 0
      ? `cannot run: ${failures.map((finding) => `${finding.name} ${finding.value}`).join('; ')}${warnings > 0 ? `; and ${warningCount}` : ''}`
      : warnings > 0
        ? warningCount
        : 'all is well';
  return `${lines.join('\n')}\n\n${scenarioName ? `for ${scenarioName}: ` : ''}${verdict}\n`;
}
