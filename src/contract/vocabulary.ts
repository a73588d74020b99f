/**
 * The words every stage shares: what a deployment's processes do, what can happen to it. What a
 * deployment can be (its kind) is not listed here: the kinds are the keys of the topology
 * catalogue (src/deploy/topologies/index.ts), and a report names one as a string.
 */

/** A topology kind as a report names it ('cluster'): a key of the catalogue of the build that wrote it, which may not be this one's. */
export type TopologyKindName = string;

/** Faults a deployment can be put through during a trial (see `events`). */
export const eventActions = ['kill-worker', 'reload', 'restart'] as const;
export type EventAction = (typeof eventActions)[number];

export type ProcessRole = 'primary' | 'worker' | 'instance' | 'balancer' | 'daemon';

/** 'open' when a trial had a rate (a fixed arrival rate), else 'closed' (connections that wait for their answer). */
export type LoadModel = 'closed' | 'open';

/**
 * Why requests failed, where loadlab knows the cause. 'open-files': the load generator ran out
 * of open files (EMFILE, ENFILE) and could not open a connection. 'check': an answer failed its
 * request's `expect`. 'hook': a flow's hook (beforeRequest, afterResponse) or capture function threw.
 */
export const requestErrorKinds = ['open-files', 'check', 'hook'] as const;
export type RequestErrorKind = (typeof requestErrorKinds)[number];
