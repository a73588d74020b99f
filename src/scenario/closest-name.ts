/**
 * The valid name a misspelt one was most likely meant to be, or null when none is close: within
 * one edit for a short name, a third of its length for a longer one (a swap of two neighbours
 * counts as one edit), or a valid name that starts with what was typed ('el_delay' → el_delay_p99).
 * On a tie the first in `names` wins, so the order of the list decides.
 */
export function closestName(typed: string, names: readonly string[]): string | null {
  const wanted = typed.toLowerCase();
  if (wanted.length === 0) return null;
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance <= limit && (best === null || distance < best.distance)) best = { name, distance };
  }
  if (best) return best.name;
  return wanted.length >= 3 ? (names.find((name) => name.toLowerCase().startsWith(wanted)) ?? null) : null;
}

/** Levenshtein distance that also counts a swap of two neighbouring characters as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}
