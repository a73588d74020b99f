import type { AttackResult, UsersFigures } from '../../contract/attack.js';
import { answeredLatency } from '../figures.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatDuration } from '../../text/duration.js';
import { formatLatency, formatPercent, formatRps, groupThousands } from '../../text/format.js';
import { judged, notEnoughData, type Judgement, type VerdictRule } from './judgement.js';

/** The users lost half their throughput, or one request in ten failed: the server stopped serving them. */
const fallsOver = { throughput: 0.5, failed: 0.1 };
/**
 * A fifth of the throughput gone, or p99 twice what it was (and 10 ms more: a loopback p99 of
 * 1 ms doubling is noise on a shared machine): the users felt the attack.
 */
const degrades = { throughput: 0.8, p99: 2, p99FloorMs: 10 };

export type AttackOutcome = 'resists' | 'degrades' | 'falls over';

/**
 * Judges a trial run under a Slowloris attack against the same workload without it (the
 * attack's calm run): fails ("falls over") when the users got under half the throughput, or
 * one request in ten failed; warns ("degrades") under 80% of it, with p99 twice what it was
 * and 10 ms more, or with more failed requests than errorTolerance allows beyond the calm run's;
 * passes ("resists") otherwise. The message says how many slow connections the server held,
 * and whether and when it closed them. value: the throughput kept (attacked ÷ calm rps) against
 * 0.5 or 0.8, or the failed share against 0.1 or the tolerance, or the p99 ratio against 2 —
 * whichever decided. Judged only in a trial with an attack (see ./index.ts).
 */
export const slowloris: VerdictRule = (trial, { scenario }) => {
  const attack = trial.attack;
  if (!attack) return notEnoughData(degrades.throughput, 'the trial ran no attack');
  const { calm } = attack;
  if (calm.total === 0) return notEnoughData(degrades.throughput, 'the workload received no response without the attack: there is nothing to compare with');
  const during: UsersFigures = { ...trial.requests, latencyMs: trial.latencyMs };
  const kept = during.rps / calm.rps;
  const failedShare = (users: UsersFigures) => (users.errors + users.non2xx) / Math.max(1, users.total + users.errors);
  const extraFailed = failedShare(during) - failedShare(calm);
  const [duringP99, calmP99] = [answeredLatency(during)?.p99 ?? null, answeredLatency(calm)?.p99 ?? 0];
  const p99Ratio = duringP99 !== null && calmP99 > 0 ? duringP99 / calmP99 : Infinity;
  const p99Worse = duringP99 === null || (p99Ratio >= degrades.p99 && duringP99 - calmP99 >= degrades.p99FloorMs);
  const story = `${usersLine(during, calm, attack)}; ${connectionsLine(attack, trial.kind === 'proxy')}${shielded(trial)}`;
  const verdict = (status: 'pass' | 'warn' | 'fail', outcome: AttackOutcome, value: number, limit: number, advice = ''): Judgement =>
    judged(status, value, limit, `${outcome}: ${story}${advice}`);
  const shield =
    ' — limit how long a client may take to send its headers (server.headersTimeout in Node, client_header_timeout in nginx) and how many connections one client may hold';
  if (kept < fallsOver.throughput) return verdict('fail', 'falls over', kept, fallsOver.throughput, shield);
  if (failedShare(during) >= fallsOver.failed) return verdict('fail', 'falls over', failedShare(during), fallsOver.failed, shield);
  if (kept < degrades.throughput) return verdict('warn', 'degrades', kept, degrades.throughput, shield);
  if (extraFailed > scenario.errorTolerance) return verdict('warn', 'degrades', failedShare(during), scenario.errorTolerance, shield);
  if (p99Worse) return verdict('warn', 'degrades', p99Ratio, degrades.p99, shield);
  return verdict('pass', 'resists', kept, degrades.throughput);
};

/** 'during the attack the users got 480 req/s, p99 22.1 ms, no failed request, against 495 req/s, p99 21.0 ms without it'. */
function usersLine(during: UsersFigures, calm: UsersFigures, attack: AttackResult): string {
  const figures = (users: UsersFigures) => {
    const failed = users.errors + users.non2xx;
    const p99 = answeredLatency(users)?.p99;
    const latency = p99 === undefined ? ', no response' : `, p99 ${formatLatency(p99)}`;
    return `${formatRps(users.rps)} req/s${latency}, ${failed === 0 ? 'none failed' : `${groupThousands(failed)} failed`}`;
  };
  return `beside ${groupThousands(attack.connections)} slow connections (a few bytes every ${formatDuration(attack.intervalMs)}) the users got ${figures(during)}, against ${figures(calm)} without them (${formatPercent(calm.rps > 0 ? during.rps / calm.rps : 0)} of the throughput)`;
}

/**
 * Behind a balancer: whether the app's processes saw the slow connections, from the probes'
 * connection counts ('; the balancer held them: the app's processes had at most 20 connections').
 */
function shielded(trial: TrialResult): string {
  if (trial.kind !== 'proxy') return '';
  const most = (roles: readonly string[]) =>
    Math.max(-1, ...trial.probes.processes.filter((probe) => roles.includes(probe.role)).map((probe) => probe.connections?.max ?? -1));
  const [balancer, app] = [most(['balancer']), most(['instance', 'worker'])];
  if (balancer < 0 || app < 0) return '';
  return balancer > app
    ? `; the balancer held them: the app's processes had at most ${groupThousands(app)} connections`
    : `; the app's processes had up to ${groupThousands(app)} connections: the balancer passed the slow ones on`;
}

/** 'the server held 200 through the measured phase and closed 812 after 1.02 s–1.31 s (408: 812), then they reconnected'. behindBalancer: the balancer is the server the slow clients reach. */
export function connectionsLine(attack: AttackResult, behindBalancer = false): string {
  const { held } = attack;
  const holding =
    held.min === held.max
      ? `the server held ${groupThousands(held.max)} of them through the measured phase`
      : `the server held ${groupThousands(held.min)} to ${groupThousands(held.max)} of them in the measured phase`;
  const failed = attack.failedToConnect > 0 ? `; ${groupThousands(attack.failedToConnect)} could not connect` : '';
  const closed = attack.closedAfterMs;
  if (attack.closedByServer === 0 || !closed) {
    const timeouts = behindBalancer
      ? "nginx's client_header_timeout is 60 s unless set; HAProxy closes them only with timeout http-request"
      : "Node's headersTimeout is 60 s unless the app sets it; 0 is no limit";
    return `${holding} and closed none in the attack's ${formatDuration(attack.durationMs)} (${timeouts})${failed}`;
  }
  const how = Object.entries(attack.closedWith)
    .sort((a, b) => b[1] - a[1])
    .map(([answer, count]) => `${answer === 'reset' || answer === 'no answer' ? answer : `answered ${answer}`}: ${groupThousands(count)}`)
    .join(', ');
  const after =
    closed.min === closed.max
      ? formatLatency(closed.max)
      : `${formatLatency(closed.min)} to ${formatLatency(closed.max)} (median ${formatLatency(closed.median)})`;
  return `${holding}, and closed ${groupThousands(attack.closedByServer)} after ${after} (${how}), which the attack reopened${failed}`;
}
