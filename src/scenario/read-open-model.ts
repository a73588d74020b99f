import type { FieldReader } from './field-reader.js';
import { maxArrivalRate, type LoadSettings } from './types.js';

/** rate (requests/s, > 0) and maxConnections, where given: a rate makes the run open-model. */
export function openModel(
  read: FieldReader,
  fields: Record<string, unknown>,
  path: string,
  inherited: Pick<LoadSettings, 'rate' | 'maxConnections'>,
): Pick<LoadSettings, 'rate' | 'maxConnections'> {
  const result: Pick<LoadSettings, 'rate' | 'maxConnections'> = {};
  const rate = fields.rate === undefined ? inherited.rate : read.number(fields.rate, `${path}.rate`, { min: 0.001, max: maxArrivalRate }, 0) || undefined;
  if (rate !== undefined) result.rate = rate;
  const maxConnections = fields.maxConnections === undefined ? inherited.maxConnections : read.integer(fields.maxConnections, `${path}.maxConnections`, 1, 1);
  if (maxConnections !== undefined) result.maxConnections = maxConnections;
  return result;
}
