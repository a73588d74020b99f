import { InvalidArgumentError } from 'commander';
import type { LoadShare } from '../measure/drivers/load-share.js';
import { startAtAnnotation } from '../render/k8s/loadlab-pod.js';

/** The variable a Kubernetes Indexed Job sets in each pod: its completion index, 0-based. */
export const jobIndexVariable = 'JOB_COMPLETION_INDEX';

/**
 * --shard I/N: this process drives the I-th of N shares of every trial's load (I from 1 to N).
 * 'job/N' takes I from the Indexed Job's JOB_COMPLETION_INDEX (0-based: index 0 is shard 1).
 */
export function shardOption(value: string, env: NodeJS.ProcessEnv = process.env): LoadShare {
  const match = /^(\d+|job)\/(\d+)$/.exec(value.trim());
  const count = Number(match?.[2]);
  if (!match || !Number.isInteger(count) || count < 1)
    throw new InvalidArgumentError(`expected I/N such as 1/3 (or job/N in a Kubernetes Indexed Job), found '${value}'`);
  const index = match[1] === 'job' ? jobIndex(env) + 1 : Number(match[1]);
  if (index < 1 || index > count) throw new InvalidArgumentError(`the shard must be 1 to ${count}, found ${index} in '${value}'`);
  return { index: index - 1, count };
}

function jobIndex(env: NodeJS.ProcessEnv): number {
  const text = env[jobIndexVariable];
  const index = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(index) || index < 0)
    throw new InvalidArgumentError(
      `job/N takes the shard from ${jobIndexVariable}, which a Kubernetes Indexed Job sets; found ${text === undefined ? 'none' : `'${text}'`}`,
    );
  return index;
}

/** --start-at: an ISO 8601 time with its zone (e.g. 2025-06-01T12:00:00Z), in epoch ms. */
export function startAtOption(value: string): number {
  if (value.trim() === '')
    throw new InvalidArgumentError(
      `no start time: in a Job written by loadlab k8s every pod reads it from its annotation ${startAtAnnotation}, which the Job's run script stamps as it creates the Job`,
    );
  const at = Date.parse(value);
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(value.trim()) || Number.isNaN(at))
    throw new InvalidArgumentError(`expected an ISO 8601 time with its zone, such as 2025-06-01T12:00:00Z, found '${value}'`);
  return at;
}

/** A URL option (k8s --url): an http(s) URL, without a trailing slash. */
export function externalUrlOption(value: string): string {
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol))
    throw new InvalidArgumentError(`expected an http:// or https:// URL, found '${value}'`);
  return value.replace(/\/+$/, '');
}
