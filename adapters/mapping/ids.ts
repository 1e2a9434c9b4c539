/** Ids the kit makes for stores whose framework makes its own: UUIDs, or random strings of a framework's alphabet. */
import { randomInt, randomUUID } from 'node:crypto';
import type { IdGeneration } from '../../core/mapping.ts';

/** A new id, or null when the database assigns it. Each character is drawn uniformly (no modulo bias). */
export function generateId(generation: IdGeneration | undefined): string | null {
  if (generation === undefined || generation === 'database') return null;
  if (generation === 'uuid') return randomUUID();
  const { length, alphabet } = generation.random;
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}
