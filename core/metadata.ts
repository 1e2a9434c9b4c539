import type { JsonObject, JsonValue } from './store.ts';

/**
 * The one treatment of a stored metadata value, whatever the store holds:
 * - null, undefined, '' → null (no metadata);
 * - a JSON object (or text that parses to one) → that object;
 * - anything else (a JSON string, number, boolean or array, or text that is not JSON) is kept, never
 *   dropped, as `{ "value": <it> }`, because Auth0 metadata must be an object.
 */
export function metadataFromStore(stored: unknown): JsonObject | null {
  if (stored === null || stored === undefined || stored === '') return null;
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return { value: stored };
    }
  } else if (Buffer.isBuffer(stored)) {
    return metadataFromStore(stored.toString('utf8'));
  }
  if (isJsonObject(value)) return value;
  return { value: value as JsonValue };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Auth0 answers 400 to metadata keys that contain '.' or start with '$' (at any depth). */
export function findBadMetadataKey(value: JsonValue, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = findBadMetadataKey(item, `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('.') || key.startsWith('$')) return here;
      const bad = findBadMetadataKey(item, here);
      if (bad) return bad;
    }
  }
  return null;
}
