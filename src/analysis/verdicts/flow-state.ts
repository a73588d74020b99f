import type { RequestFigures } from '../../contract/trial.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';

/**
 * A flow spread over several processes: fails when, after a request of the flow whose checks
 * passed (a login), a later request fails its checks in more than errorTolerance of its answers
 * (the cart it authorises). That is what an app that keeps state in one process's memory
 * (sessions) shows where one client's requests reach different processes: behind a balancer that
 * spreads them (nginx, HAProxy), the process that answers the cart never saw the login. Behind
 * the cluster module a keep-alive connection stays on one worker, so the same app passes there:
 * the stateless rule of horizontal scaling, seen on the topology where it breaks. value: the
 * worst failing share of such a request; limit: errorTolerance. Only for flows with checks.
 */
export const flowState: VerdictRule = (trial, { scenario }) => {
  const limit = scenario.errorTolerance;
  const requests = Object.entries(trial.byRequest ?? {});
  if (!trial.flow) return notEnoughData(limit, 'the workload is no flow');
  const checked = requests.filter(([, figures]) => (figures.checked ?? 0) > 0);
  if (checked.length === 0) return notEnoughData(limit, 'no request of the flow has expect: nothing tells a refused request from a served one');
  const firstPassing = checked.findIndex(([, figures]) => share(figures) <= limit);
  const later = firstPassing < 0 ? [] : checked.slice(firstPassing + 1).filter(([, figures]) => share(figures) > limit);
  const [before] = checked[firstPassing] ?? [];
  if (later.length === 0)
    return judged('pass', Math.max(0, ...checked.map(([, figures]) => share(figures))), limit, 'every request after the first passed its checks');
  const worst = Math.max(...later.map(([, figures]) => share(figures)));
  const names = later.map(([name, figures]) => `'${name}' ${percent(share(figures))}`).join(', ');
  return judged(
    'fail',
    worst,
    limit,
    `on ${trial.topology} (${trial.instances} processes) requests after '${before}' started failing their checks (${names}) while '${before}' passed: ` +
      "state kept in one process's memory (sessions) is not found by another that answers the same client's next request. Keep it in a shared store (Redis, a database) or in the token itself.",
  );
};

function share(figures: RequestFigures): number {
  return figures.checksFailed / Math.max(1, figures.checked ?? 0);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
