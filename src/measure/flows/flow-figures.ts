import type { FlowFigures } from '../../contract/trial.js';
import type { FlowSpec } from '../../scenario/types.js';
import type { FlowRuntime } from './flow-runtime.js';

/** What a flow's users did in one share of a load, for the trial's `flow`. */
export function flowFigures(runtime: FlowRuntime, flow: FlowSpec): FlowFigures {
  const tally = runtime.tally();
  return {
    users: tally.users,
    ...(flow.data ? { data: { rows: flow.data.table.rows.length, used: tally.dataUsed, ranOut: tally.dataRanOut } } : {}),
  };
}
