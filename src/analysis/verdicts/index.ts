import type { TrialResult } from '../../contract/trial.js';
import type { Verdict, VerdictId } from '../../contract/verdict.js';
import { arrivalRate } from './arrival-rate.js';
import { balance } from './balance.js';
import { clientBottleneck } from './client-bottleneck.js';
import { errors } from './errors.js';
import { eventLoop } from './event-loop.js';
import { flowState } from './flow-state.js';
import type { VerdictContext, VerdictRule } from './judgement.js';
import { memoryGrowth } from './memory-growth.js';
import { processExited, processExits } from './process-exited.js';
import { scaleConnections } from './scale-connections.js';
import { scaleCpu } from './scale-cpu.js';
import { scaleLatency } from './scale-latency.js';
import { scaleMemory } from './scale-memory.js';
import { sloP50, sloP99 } from './slo.js';
import { slowloris } from './slowloris.js';

export type { VerdictContext } from './judgement.js';

/** Every rule by its id, in the order verdicts are listed. Adding a rule is a file and one entry. */
export const verdictRules = {
  'slo-p50': sloP50,
  'slo-p99': sloP99,
  'scale-cpu': scaleCpu,
  'scale-latency': scaleLatency,
  'scale-memory': scaleMemory,
  'memory-growth': memoryGrowth,
  'scale-connections': scaleConnections,
  'event-loop': eventLoop,
  errors,
  'client-bottleneck': clientBottleneck,
} satisfies Record<string, VerdictRule>;

/** Rules that judge open-model trials only (a fixed arrival rate): a closed-model trial has no verdict of theirs. */
export const openModelRules = {
  'arrival-rate': arrivalRate,
} satisfies Record<string, VerdictRule>;

/** Rules that judge trials of more than one instance only: one process has no work to spread. */
export const spreadRules = {
  balance,
} satisfies Record<string, VerdictRule>;

/** Rules that judge flows (captures, checks, data…) spread over more than one instance only. */
export const spreadFlowRules = {
  'flow-state': flowState,
} satisfies Record<string, VerdictRule>;

/** Rules that judge trials in which a process of the deployment exited only: the others' processes all served to the end. */
export const exitRules = {
  'process-exited': processExited,
} satisfies Record<string, VerdictRule>;

/** Rules that judge trials run under an attack (a workload's `attack`) only. */
export const attackRules = {
  slowloris,
} satisfies Record<string, VerdictRule>;

export type { VerdictId } from '../../contract/verdict.js';

type RuleId =
  | keyof typeof verdictRules
  | keyof typeof openModelRules
  | keyof typeof spreadRules
  | keyof typeof spreadFlowRules
  | keyof typeof exitRules
  | keyof typeof attackRules;
/** Compiles only while the rules' ids and the contract's are the same set: a rule added without its id there (or the reverse) fails the build. */
const sameIds: [RuleId] extends [VerdictId] ? ([VerdictId] extends [RuleId] ? true : never) : never = true;
void sameIds;

/** Every rule's verdict on one trial. Pure: the same trial and context always give the same verdicts. */
export function judgeTrial(trial: TrialResult, context: VerdictContext): Verdict[] {
  const rules: Partial<Record<VerdictId, VerdictRule>> = {
    ...verdictRules,
    ...(trial.load.model === 'open' ? openModelRules : {}),
    ...(trial.instances > 1 ? spreadRules : {}),
    ...(trial.instances > 1 && trial.flow ? spreadFlowRules : {}),
    ...(processExits(trial).length > 0 ? exitRules : {}),
    ...(trial.attack ? attackRules : {}),
  };
  return (Object.entries(rules) as [VerdictId, VerdictRule][]).map(([id, rule]) => ({ id, ...rule(trial, context) }));
}
