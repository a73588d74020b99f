/**
 * The measured phase in short windows of one width, for the regression statistics (compare,
 * --baseline, ab; see docs/ci.md): at least 20 in a 2 s phase where the load allows, each with
 * 10 responses or more on average. The per-second series is for people; these are for the tests.
 */
export interface StatWindows {
  widthMs: number;
  points: WindowPoint[];
}

/** One window; t is its start, in seconds from the phase start. */
export interface WindowPoint {
  t: number;
  responses: number;
  errors: number;
  /** Responses ÷ the window's length (the last window's true length). */
  rps: number;
  /** Null when the window had no response. */
  p50Ms: number | null;
  p99Ms: number | null;
}
