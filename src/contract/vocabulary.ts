/** The words every stage shares: what a deployment can be, what its processes do, what can happen to it. */

export const topologyKinds = ['single', 'cluster', 'pm2', 'proxy', 'external'] as const;
export type TopologyKind = (typeof topologyKinds)[number];

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
