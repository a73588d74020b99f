import assert from 'node:assert/strict';
import type { LatencySummary } from '../../src/contract/common.js';

/** A latency that must have been measured: a test that expects answers fails here, saying so, when nothing answered (null). */
export function answered(latency: LatencySummary | null | undefined): LatencySummary {
  assert.ok(latency, 'nothing answered, so there is no latency');
  return latency;
}
