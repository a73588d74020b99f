import { groupThousands } from '../../text/format.js';
import { judged, listNames, notEnoughData, processName, type VerdictRule, withExits } from './judgement.js';

/**
 * Warns when one server process held more than scaleWhen.connectionsPerInstance established
 * connections at its peak; passes at or below. value: the highest peak of any process; limit:
 * scaleWhen.connectionsPerInstance; both in connections. A balancer (nginx) is left out: holding
 * many connections is its job. Default 10,000, the C10k mark: one event loop can hold that many
 * sockets, but each costs memory and a file descriptor, and every tick of the loop gets longer.
 */
export const scaleConnections: VerdictRule = (trial, { scenario }) => {
  const limit = scenario.scaleWhen.connectionsPerInstance;
  const measured = trial.probes.processes.flatMap((probe) =>
    probe.role === 'balancer' || probe.connections === null ? [] : [{ probe, peak: probe.connections.max }],
  );
  if (measured.length === 0) return notEnoughData(limit, withExits(trial, 'no connection count of a server process in the measured phase'));
  const value = Math.max(...measured.map((entry) => entry.peak));
  const crowded = measured.filter((entry) => entry.peak > limit);
  if (crowded.length === 0) return judged('pass', value, limit, `at most ${groupThousands(value)} connections on one process (limit ${groupThousands(limit)})`);
  const names = crowded.map((entry) => `${processName(entry.probe, trial.probes.processes)} held ${groupThousands(entry.peak)} connections`);
  return judged('warn', value, limit, `${listNames(names)}, more than ${groupThousands(limit)} on one process — spread them over more instances`);
};
