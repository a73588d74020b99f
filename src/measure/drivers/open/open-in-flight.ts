/**
 * The time-averaged number of requests outstanding over a window, for the Little's-law check
 * (in flight ≈ rate × mean latency). A request is outstanding from its intended start to its
 * answer, its error or the end of the window, whichever comes first: the wait for a connection
 * counts, as it does in latencyMs. Each request adds the part of its life inside the window, so
 * requests of the warm-up still open when the window begins count too, and requests cut off by
 * the window's end count up to it, which is what keeps the average honest at both edges.
 * Times are performance.now() milliseconds.
 */
export class InFlightMeter {
  private outstandingMs = 0;

  constructor(
    private readonly windowStart: number,
    private windowEnd: number,
  ) {}

  /** A request outstanding from `from` to `to`. */
  add(from: number, to: number): void {
    const overlap = Math.min(to, this.windowEnd) - Math.max(from, this.windowStart);
    if (overlap > 0) this.outstandingMs += overlap;
  }

  /**
   * `count` requests outstanding from `firstFrom`, `firstFrom + stepMs`, … each until `to`: the
   * requests still waiting when sending stops. In closed form, so that a rate far beyond what
   * can be sent (millions waiting) costs no more than one.
   */
  addSeries(firstFrom: number, stepMs: number, count: number, to: number): void {
    const end = Math.min(to, this.windowEnd);
    if (count <= 0 || end <= this.windowStart) return;
    const indexFrom = (at: number) => Math.min(count, Math.max(0, Math.ceil((at - firstFrom) / stepMs)));
    // requests outstanding since before the window count from its start; the others from their own
    const before = indexFrom(this.windowStart);
    const started = indexFrom(end);
    const inside = started - before;
    const sumOfIndices = ((before + started - 1) * inside) / 2;
    this.outstandingMs += before * (end - this.windowStart) + inside * (end - firstFrom) - stepMs * sumOfIndices;
  }

  /** Moves the window's end earlier (a run stopped early); call before adding what was still open. */
  endAt(windowEnd: number): void {
    this.windowEnd = Math.min(this.windowEnd, windowEnd);
  }

  /** Outstanding requests, on average over the window. */
  mean(): number {
    const lengthMs = this.windowEnd - this.windowStart;
    return lengthMs > 0 ? this.outstandingMs / lengthMs : 0;
  }
}
