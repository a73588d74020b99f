import type { RequestFigures } from '../../contract/trial.js';

/**
 * A trial's figures per request in the order the workload lists its requests (a flow's order),
 * whatever order their first answers came in: reports list them so, and analysis reads a flow's
 * steps from it (the flow-state verdict: which request failed after which passed). Names the
 * workload does not list keep their place after those it does.
 */
export function inRequestOrder(byRequest: Record<string, RequestFigures>, names: readonly string[]): Record<string, RequestFigures> {
  const rank = (name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? names.length : index;
  };
  return Object.fromEntries(Object.entries(byRequest).sort(([a], [b]) => rank(a) - rank(b)));
}
