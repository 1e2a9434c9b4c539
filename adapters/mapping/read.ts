/**
 * The one reading of a stored record into the kit's StoredUser, whatever the store: a SQL row (plus its
 * side-table rows) or a document. Adapters hand in how to get a field and a meta key; the mapping is here.
 */

import type {
  ActivePredicate,
  FieldMap,
  MetadataSource,
  Source,
  VerifiedSource,
} from '../../core/mapping.ts';
import { isJsonObject, metadataFromStore } from '../../core/metadata.ts';
import type { JsonObject, JsonValue, StoredUser } from '../../core/store.ts';
import { decode, isSetTimestamp, storedBoolean } from './codecs.ts';

export interface RecordAccess {
  /** A column or path of the record (undefined when absent). */
  field(name: string): unknown;
  /** A side-table row's value (undefined when the user has none). */
  meta(key: string): unknown;
}

/** The plain fields a lookup must read: every source that is a field, the id, and the active predicate's. */
export function fieldsRead(map: FieldMap, active?: ActivePredicate): string[] {
  const fields = new Set<string>([map.id, map.email, map.passwordHash]);
  const add = (source: Source | VerifiedSource | undefined) => {
    if (typeof source === 'string') fields.add(source);
    else if (source && 'field' in source) fields.add(source.field);
  };
  for (const part of [map.username, map.passwordSalt, map.migratedAt]) if (part) fields.add(part);
  add(map.emailVerified);
  for (const part of [map.name, map.givenName, map.familyName, map.nickname, map.picture]) add(part);
  for (const metadata of [map.userMetadata, map.appMetadata]) {
    if (typeof metadata === 'string') fields.add(metadata);
    else if (metadata) for (const item of Object.values(metadata.fields)) add(item);
  }
  if (active) fields.add(active.field);
  return [...fields];
}

/** The side-table keys a lookup must read. */
export function metaKeysRead(map: FieldMap): string[] {
  const keys = new Set<string>();
  const add = (source: Source | VerifiedSource | undefined) => {
    if (source && typeof source === 'object' && 'meta' in source) keys.add(source.meta);
  };
  add(map.emailVerified);
  for (const part of [map.name, map.givenName, map.familyName, map.nickname, map.picture]) add(part);
  for (const metadata of [map.userMetadata, map.appMetadata]) {
    if (metadata && typeof metadata === 'object')
      for (const item of Object.values(metadata.fields)) add(item);
  }
  return [...keys];
}

function read(source: Source | undefined, record: RecordAccess): JsonValue | null {
  if (source === undefined) return null;
  if (typeof source === 'string') return decode(undefined, record.field(source));
  if ('constant' in source) return source.constant;
  if ('meta' in source) return decode(source.codec, record.meta(source.meta));
  return decode(source.codec, record.field(source.field));
}

/** Empty strings and NULLs are absent: Auth0 keeps its own defaults rather than receiving "". */
function text(source: Source | undefined, record: RecordAccess): string | null {
  const value = read(source, record);
  if (value === null) return null;
  const out = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  return out === '' ? null : out;
}

export function readVerified(source: VerifiedSource, record: RecordAccess): boolean {
  if (typeof source === 'string') return storedBoolean(record.field(source));
  if ('constant' in source) return source.constant;
  if ('meta' in source) return storedBoolean(record.meta(source.meta));
  const stored = record.field(source.field);
  return source.codec === 'timestamp' ? isSetTimestamp(stored) : storedBoolean(stored);
}

function readMetadata(source: MetadataSource | undefined, record: RecordAccess): JsonObject | null {
  if (source === undefined) return null;
  if (typeof source === 'string') return metadataFromStore(record.field(source));
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(source.fields)) {
    const value = read(item, record);
    if (value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

export function isActive(active: ActivePredicate | undefined, record: RecordAccess): boolean {
  if (!active) return true;
  const stored = record.field(active.field);
  if ('isNull' in active) return (stored === null || stored === undefined) === active.isNull;
  if (typeof active.equals === 'boolean') return storedBoolean(stored) === active.equals;
  if (isJsonObject(active.equals) || Array.isArray(active.equals)) return false;
  return stored !== null && stored !== undefined && String(stored) === String(active.equals);
}

function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** A record, read through the mapping. `id`/`ref` come from the adapter (their string form and handle). */
export function readStoredUser(
  map: FieldMap,
  record: RecordAccess,
  handle: { id: string; ref: unknown },
  active?: ActivePredicate,
): StoredUser {
  return {
    ...handle,
    email: nullableString(record.field(map.email)) ?? '',
    emailVerified: readVerified(map.emailVerified, record),
    username: map.username ? nullableString(record.field(map.username)) : null,
    passwordHash: nullableString(record.field(map.passwordHash)),
    passwordSalt: map.passwordSalt ? nullableString(record.field(map.passwordSalt)) : null,
    name: text(map.name, record),
    givenName: text(map.givenName, record),
    familyName: text(map.familyName, record),
    nickname: text(map.nickname, record),
    picture: text(map.picture, record),
    userMetadata: readMetadata(map.userMetadata, record),
    appMetadata: readMetadata(map.appMetadata, record),
    active: isActive(active, record),
    needsMigrationMark: map.migratedAt !== undefined && !isSetTimestamp(record.field(map.migratedAt)),
  };
}
