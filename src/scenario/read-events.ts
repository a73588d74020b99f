import { describeValue, formatDuration } from '../text/duration.js';
import type { FieldReader } from './field-reader.js';
import { kindsThatCan, type TopologyCatalogue } from './topology-catalogue.js';
import { eventActions, type EventAction, type EventSpec, type TopologySpecBase } from './types.js';

/** The scenario's topologies, and what each kind can do. */
export interface EventTargets {
  topologies: readonly TopologySpecBase[];
  catalogue: TopologyCatalogue;
}

const eventKeys = ['at', 'action', 'topology'] as const;

/**
 * The scenario's events, checked against its topologies and the measured phase. Every problem
 * is reported; the events come back in time order.
 */
export function readEvents(read: FieldReader, value: unknown, targets: EventTargets, declaredNames: readonly string[], durationMs: number): EventSpec[] {
  const { topologies, catalogue } = targets;
  const supports = (spec: TopologySpecBase, action: EventAction) => catalogue[spec.kind]?.actions.includes(action) === true;
  const supportedBy = (action: EventAction) => kindsThatCan(catalogue, action).join(', ');
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  const events: EventSpec[] = [];
  read.list(value, 'events').forEach((item, index) => {
    const path = `events[${index}]`;
    const event = read.object(item, path, eventKeys);
    if (!event) return;
    const atMs = readAt(read, event.at, `${path}.at`, durationMs);
    const action = readAction(read, event.action, `${path}.action`);
    const topology = event.topology === undefined ? undefined : readTopology(read, event.topology, `${path}.topology`, topologies, declaredNames);
    if (action && topology && !supports(topology, action)) {
      read.report(`${path}.action`, `'${action}' is not supported by topology '${topology.name}' (${topology.kind}); supported by ${supportedBy(action)}`);
      return;
    }
    if (action && event.topology === undefined && topologies.length === declaredNames.length && !topologies.some((spec) => supports(spec, action))) {
      read.report(`${path}.action`, `'${action}' is supported by none of the scenario's topologies; supported by ${supportedBy(action)}`);
      return;
    }
    if (atMs === undefined || !action || (event.topology !== undefined && !topology)) return;
    events.push({ atMs, action, ...(topology ? { topology: topology.name === event.topology ? topology.name : (topology.sweep ?? topology.name) } : {}) });
  });
  return events.sort((a, b) => a.atMs - b.atMs);
}

function readAt(read: FieldReader, value: unknown, path: string, durationMs: number): number | undefined {
  if (value === undefined) {
    read.report(path, `is required: a time from the start of the measured phase, e.g. '5s'`);
    return undefined;
  }
  const atMs = read.durationMs(value, path, -1);
  if (atMs < 0) return undefined;
  if (atMs >= durationMs) {
    read.report(path, `${formatDuration(atMs)} is not within the measured phase (${formatDuration(durationMs)})`);
    return undefined;
  }
  return atMs;
}

function readAction(read: FieldReader, value: unknown, path: string): EventAction | undefined {
  if (typeof value === 'string' && (eventActions as readonly string[]).includes(value)) return value as EventAction;
  read.report(path, value === undefined ? `is required (${eventActions.join(', ')})` : `unknown action ${describeValue(value)} (${eventActions.join(', ')})`);
  return undefined;
}

/** The topology the event names; a name declared by a topology that has a mistake of its own is not reported twice. */
function readTopology(
  read: FieldReader,
  value: unknown,
  path: string,
  topologies: readonly TopologySpecBase[],
  declaredNames: readonly string[],
): TopologySpecBase | undefined {
  const name = read.string(value, path);
  if (name === undefined) return undefined;
  // a scaling sweep's own name stands for every count of it
  const found = topologies.find((topology) => topology.name === name) ?? topologies.find((topology) => topology.sweep === name);
  if (!found && !declaredNames.includes(name))
    read.report(path, `no topology named '${name}'${topologies.length > 0 ? ` (topologies: ${topologies.map((topology) => topology.name).join(', ')})` : ''}`);
  return found;
}
