/**
 * A share of a trial's load: what one generator thread, or one shard, drives. Share `index` of
 * `count` (0-based) takes, in the closed model, its part of the connections, and in the open
 * model every count-th request of the timetable from request `index` on: the shares' intended
 * starts together are exactly the scenario's timetable, interleaved, never bursts side by side.
 */
export interface LoadShare {
  index: number;
  count: number;
}

export const wholeLoad: LoadShare = { index: 0, count: 1 };

/** Share `inner` of share `outer`: the generators of one shard split the shard's share again. */
export function shareOf(outer: LoadShare, inner: LoadShare): LoadShare {
  return { index: outer.index + outer.count * inner.index, count: outer.count * inner.count };
}

/** This share's part of `amount` (connections): as even as whole numbers allow, the first shares taking one more. */
export function partOf(amount: number, share: LoadShare): number {
  return Math.floor(amount / share.count) + (share.index < amount % share.count ? 1 : 0);
}

/** Every share of `count`, in order. */
export function sharesOf(count: number): LoadShare[] {
  return Array.from({ length: count }, (_, index) => ({ index, count }));
}
