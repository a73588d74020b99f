import { haproxy, type HaproxyConfig } from './haproxy.js';
import { nginx, type NginxConfig } from './nginx.js';
import type { Balancer } from './types.js';

/** Every balancer the proxy topology can start, by the name `balancer:` gives. Adding one is a new file and one entry here. */
export const balancers = { nginx, haproxy } satisfies Record<string, Balancer<{ balancer: string }>>;

export type BalancerName = keyof typeof balancers;
export const balancerNames = Object.keys(balancers) as BalancerName[];
/** The balancer of a proxy topology that names none. */
export const defaultBalancer: BalancerName = 'nginx';

/** The spec of whichever balancer a proxy topology names. */
export type BalancerSpec = ReturnType<(typeof balancers)[BalancerName]['readSpec']>;

/** What a proxy topology of a scenario file may say of its balancer (editor completion). */
export type BalancerConfig = NginxConfig | HaproxyConfig;
