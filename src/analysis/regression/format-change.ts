/** +0.235 → '+23.5%', −0.04 → '−4.0%' (a true minus sign), 0 → '0.0%'. */
export function formatChange(change: number): string {
  const percent = (Math.abs(change) * 100).toFixed(1);
  if (percent === '0.0') return '0.0%';
  return `${change > 0 ? '+' : '−'}${percent}%`;
}
