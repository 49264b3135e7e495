import { TailwatchError } from '../errors/tailwatch-error.js';

/** `--limit N`: a positive whole number, or a usage error that names the value. */
export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new TailwatchError('USAGE', `--limit "${value}" must be a positive whole number.`);
  return limit;
}
