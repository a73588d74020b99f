/** Epoch milliseconds with sub-millisecond precision, on the monotonic clock that stamps load phases. */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}
