import { describeValue, formatDuration } from '../text/duration.js';
import type { FieldReader } from './field-reader.js';
import { eventActions, eventSupport, supportsEvent, type EventAction, type EventSpec, type TopologySpec } from './types.js';

const eventKeys = ['at', 'action', 'topology'] as const;

/**
 * The scenario's events, checked against its topologies and the measured phase. Every problem
 * is reported; the events come back in time order.
 */
export function readEvents(read: FieldReader, value: unknown, topologies: readonly TopologySpec[], declaredNames: readonly string[], durationMs: number): EventSpec[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  const events: EventSpec[] = [];
  read.list(value, 'events').forEach((item, index) => {
    const path = `events[${index}]`;
    const event = read.object(item, path, eventKeys);
    if (!event) return;
    const atMs = readAt(read, event.at, `${path}.at`, durationMs);
    const action = readAction(read, event.action, `${path}.action`);
    const topology = event.topology === undefined ? undefined : readTopology(read, event.topology, `${path}.topology`, topologies, declaredNames);
    if (action && topology && !supportsEvent(topology.kind, action)) {
      read.report(`${path}.action`, `'${action}' is not supported by topology '${topology.name}' (${topology.kind}); supported by ${eventSupport[action].join(', ')}`);
      return;
    }
    if (action && event.topology === undefined && topologies.length === declaredNames.length && !topologies.some((spec) => supportsEvent(spec.kind, action))) {
      read.report(`${path}.action`, `'${action}' is supported by none of the scenario's topologies; supported by ${eventSupport[action].join(', ')}`);
      return;
    }
    if (atMs === undefined || !action || (event.topology !== undefined && !topology)) return;
    events.push({ atMs, action, ...(topology ? { topology: topology.name } : {}) });
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
function readTopology(read: FieldReader, value: unknown, path: string, topologies: readonly TopologySpec[], declaredNames: readonly string[]): TopologySpec | undefined {
  const name = read.string(value, path);
  if (name === undefined) return undefined;
  const found = topologies.find((topology) => topology.name === name);
  if (!found && !declaredNames.includes(name)) read.report(path, `no topology named '${name}'${topologies.length > 0 ? ` (topologies: ${topologies.map((topology) => topology.name).join(', ')})` : ''}`);
  return found;
}
