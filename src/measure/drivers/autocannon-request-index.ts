/** A failure autocannon reports without its connection: in a mix of several requests, which one failed is not known. */
export const unknownRequest = -1;

interface AutocannonClient {
  requestIterator?: { currentRequestIndex?: unknown };
  pipelinedRequests?: { size?: () => number };
}

/**
 * Which request of the mix an autocannon 'response' answered (its index), from the connection
 * that got it. autocannon sends the mix in order on each connection and answers come back in
 * the order sent (HTTP/1.1): when the answer is reported, the last request sent is the
 * iterator's current one and `pipelinedRequests.size()` are still outstanding after the one
 * answered, so the answered one is that many places before it. A client of another shape
 * (another autocannon version) gives unknownRequest rather than a wrong index.
 */
export function answeredRequestIndex(client: unknown, mixLength: number): number {
  if (mixLength === 1) return 0;
  const { requestIterator, pipelinedRequests } = (client ?? {}) as AutocannonClient;
  const current = requestIterator?.currentRequestIndex;
  const outstanding = pipelinedRequests?.size?.();
  if (typeof current !== 'number' || typeof outstanding !== 'number') return unknownRequest;
  return (((current - outstanding) % mixLength) + mixLength) % mixLength;
}
