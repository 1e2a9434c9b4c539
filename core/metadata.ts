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

/**
 * A Date from any realm: a driver loaded through the host's require() makes host Dates, which are not
 * `instanceof` the Date of the sandbox the script runs in.
 */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isDate(value);
}

/** Auth0 answers 400 to metadata keys that contain '.' or '$' (at any depth). */
export function findBadMetadataKey(value: JsonValue, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = findBadMetadataKey(item, `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('.') || key.includes('$')) return here;
      const bad = findBadMetadataKey(item, here);
      if (bad) return bad;
    }
  }
  return null;
}

/** Bounds on metadata create accepts: well inside Auth0's (16 MB in all), and cheap to check and store. */
export const METADATA_LIMITS = { depth: 10, keyLength: 100, bytes: 256 * 1024 } as const;

// NUL cannot be stored by PostgreSQL's jsonb, and no control character belongs in a field name.
const CONTROL = /\p{Cc}/u;

/**
 * Why a metadata object cannot be stored as it is (naming the path, never the value), or null.
 * `name` is 'user_metadata' or 'app_metadata'.
 */
export function metadataProblem(value: JsonObject, name: string): string | null {
  const walk = (node: unknown, path: string, depth: number): string | null => {
    if (typeof node === 'string') return node.includes('\u0000') ? `${path} holds a NUL character` : null;
    // Depth counts objects and arrays: { a: { b: 1 } } is two levels.
    const container = Array.isArray(node) || isJsonObject(node);
    if (container && depth > METADATA_LIMITS.depth) {
      return `${path} is nested deeper than ${METADATA_LIMITS.depth} levels`;
    }
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        const problem = walk(item, `${path}[${i}]`, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    if (!isJsonObject(node)) return null;
    for (const [key, item] of Object.entries(node)) {
      const here = `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`;
      if (key === '') return `${path} has an empty key`;
      if (key.length > METADATA_LIMITS.keyLength)
        return `${here} is a key longer than ${METADATA_LIMITS.keyLength} characters`;
      if (CONTROL.test(key)) return `${path} has a key holding a control character`;
      if (key.includes('.') || key.includes('$')) return `${here} is a key holding '.' or '$'`;
      const problem = walk(item, here, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  const problem = walk(value, name, 1);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes > METADATA_LIMITS.bytes ? `${name} is ${bytes} bytes, over ${METADATA_LIMITS.bytes}` : null;
}
