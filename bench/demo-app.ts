import { resolve } from 'node:path';
import type { AppSpec } from '../src/scenario/types.js';

/** The bundled demo app as the benchmarks start it: one Node process, ready on /health. */
export const demoApp: AppSpec = {
  entry: resolve(import.meta.dirname, '../examples/demo-app/server.js'),
  args: [],
  env: {},
  readiness: '/health',
  startTimeoutMs: 10_000,
  runtime: 'node',
  cwd: resolve(import.meta.dirname, '..'),
};
