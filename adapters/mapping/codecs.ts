/**
 * How stored values read as profile values and write back: text, JSON, booleans, numbers, timestamps,
 * PHP-serialized values (WordPress meta), and WordPress's role map (`wp_capabilities`).
 */
import type { Codec } from '../../core/mapping.ts';
import { isDate } from '../../core/metadata.ts';
import type { JsonValue } from '../../core/store.ts';

export function storedBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === BigInt(1);
}

/** A timestamp reads as set when it is a real date: not NULL, not MySQL's zero date, not false or 0. */
export function isSetTimestamp(value: unknown): boolean {
  if (isDate(value)) return !Number.isNaN(value.getTime());
  if (typeof value === 'number') return value > 0;
  if (typeof value !== 'string' || value === '' || /^0000-00-00/.test(value)) return false;
  return !Number.isNaN(Date.parse(value));
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** PHP's serialize() format, the subset WordPress stores: scalars, null and arrays (as objects or lists). */
export function phpUnserialize(input: string): JsonValue {
  let at = 0;
  const bytes = Buffer.from(input, 'utf8');
  const expect = (char: string) => {
    if (String.fromCharCode(bytes[at] as number) !== char) throw new Error(`expected '${char}' at ${at}`);
    at += 1;
  };
  const until = (char: string) => {
    const end = bytes.indexOf(char.charCodeAt(0), at);
    if (end < 0) throw new Error(`unterminated value at ${at}`);
    const out = bytes.subarray(at, end).toString('utf8');
    at = end + 1;
    return out;
  };
  const value = (depth: number): JsonValue => {
    if (depth > 32) throw new Error('nested too deep');
    const type = String.fromCharCode(bytes[at] as number);
    at += 1;
    if (type === 'N') {
      expect(';');
      return null;
    }
    expect(':');
    if (type === 'b') return until(';') === '1';
    if (type === 'i' || type === 'd') return Number(until(';'));
    if (type === 's') {
      const length = Number(until(':'));
      expect('"');
      // PHP counts bytes, not characters.
      const out = bytes.subarray(at, at + length).toString('utf8');
      at += length;
      expect('"');
      expect(';');
      return out;
    }
    if (type === 'a') {
      const count = Number(until(':'));
      expect('{');
      const entries: [string, JsonValue][] = [];
      for (let i = 0; i < count; i++) entries.push([String(value(depth + 1)), value(depth + 1)]);
      expect('}');
      const isList = entries.every(([key], i) => key === String(i));
      return isList ? entries.map(([, item]) => item) : Object.fromEntries(entries);
    }
    throw new Error(`unsupported PHP type '${type}'`);
  };
  const out = value(0);
  if (at !== bytes.length) throw new Error('trailing data');
  return out;
}

export function phpSerialize(value: JsonValue): string {
  if (value === null) return 'N;';
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`;
  if (typeof value === 'number') return Number.isInteger(value) ? `i:${value};` : `d:${value};`;
  if (typeof value === 'string') return `s:${Buffer.byteLength(value)}:"${value}";`;
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  const body = entries
    .map(([key, item]) => `${phpSerialize(key as JsonValue)}${phpSerialize(item)}`)
    .join('');
  return `a:${entries.length}:{${body}}`;
}

/** A stored value as its profile value; null when absent, empty, or unreadable. */
export function decode(codec: Codec | undefined, stored: unknown): JsonValue | null {
  if (stored === null || stored === undefined || stored === '') return null;
  switch (codec) {
    case 'boolean':
      return storedBoolean(stored);
    case 'number': {
      const n = Number(stored);
      return Number.isFinite(n) ? n : null;
    }
    case 'timestamp':
      return isSetTimestamp(stored) ? new Date(stored as string).toISOString() : null;
    case 'json':
      try {
        return typeof stored === 'string' || Buffer.isBuffer(stored)
          ? (JSON.parse(text(stored)) as JsonValue)
          : (stored as JsonValue);
      } catch {
        return null;
      }
    case 'php-serialized':
      try {
        return phpUnserialize(text(stored));
      } catch {
        return null;
      }
    case 'wordpress-roles': {
      // { administrator: true, editor: false } → ['administrator']
      const caps = decode('php-serialized', stored);
      if (caps === null || typeof caps !== 'object' || Array.isArray(caps)) return null;
      return Object.entries(caps).flatMap(([role, granted]) => (storedBoolean(granted) ? [role] : []));
    }
    default:
      if (isDate(stored)) return stored.toISOString();
      if (typeof stored === 'object' && !Buffer.isBuffer(stored)) return stored as JsonValue;
      return typeof stored === 'number' || typeof stored === 'boolean' ? stored : text(stored);
  }
}

/** A profile value as it is stored under `codec` (the adapter turns booleans and JSON into its own types). */
export function encode(codec: Codec | undefined, value: JsonValue): unknown {
  switch (codec) {
    case 'php-serialized':
      return phpSerialize(value);
    case 'wordpress-roles': {
      const roles = Array.isArray(value) ? value : [value];
      return phpSerialize(Object.fromEntries(roles.map((role) => [String(role), true])));
    }
    case 'timestamp':
      return value === null ? null : new Date(String(value));
    case 'number':
      return Number(value);
    case 'boolean':
      return value === true;
    default:
      return value;
  }
}
