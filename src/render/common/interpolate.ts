/** y at x on the line through the points (sorted by x): straight between two points, flat beyond the first and the last; 0 with none. */
export function interpolate(points: readonly { x: number; y: number }[], x: number): number {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return 0;
  if (x <= first.x) return first.y;
  if (x >= last.x) return last.y;
  const after = points.findIndex((point) => point.x >= x);
  const [a, b] = [points[after - 1] ?? first, points[after] ?? last];
  return b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}
