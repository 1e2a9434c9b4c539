/**
 * What a new user's record holds, whatever the store: the request's values where the mapping puts them,
 * then every create default (constants, the current time, values derived from the request, id templates).
 * Values stay JavaScript values (booleans, Dates, objects); each adapter turns them into its own types.
 */
import { KitError } from '../../core/errors.ts';
import type { DefaultValue, Derivation, FieldMap, MetadataSource, Source } from '../../core/mapping.ts';
import { findBadMetadataKey, isJsonObject } from '../../core/metadata.ts';
import type { JsonObject, JsonValue, NewUser } from '../../core/store.ts';
import { encode } from './codecs.ts';

export interface PlannedRecord {
  /** Column or path → value, in a stable order. */
  fields: Map<string, unknown>;
  /** Side-table key → value (stored as text). */
  meta: Map<string, unknown>;
}

export interface CreateOptions {
  defaults?: Record<string, DefaultValue>;
  metaDefaults?: Record<string, DefaultValue>;
  /** The id the kit generated, or null when the database assigns it. */
  id: string | null;
  now: Date;
}

/** WordPress's user_nicename: sanitize_title of the login, at most 50 characters. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50);
}

function derive(derivation: Derivation, user: NewUser, id: string | null): JsonValue {
  const local = user.email.split('@')[0] ?? user.email;
  const fullName = user.name ?? ([user.givenName, user.familyName].filter(Boolean).join(' ') || null);
  switch (derivation) {
    case 'email':
      return user.email;
    case 'email-local-part':
      return local;
    case 'username':
      return user.username;
    case 'username-or-email':
      return user.username ?? user.email;
    case 'username-slug':
      return slug(user.username ?? local);
    case 'full-name':
      return fullName ?? '';
    case 'full-name-or-email-local-part':
      return fullName ?? local;
    case 'id':
      return id;
  }
}

function fillTemplate(template: JsonValue, id: string): JsonValue {
  if (typeof template === 'string') return template.split('{id}').join(id);
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, id));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).map(([key, item]) => [
        fillTemplate(key, id) as string,
        fillTemplate(item, id),
      ]),
    );
  }
  return template;
}

export function defaultOf(value: DefaultValue, user: NewUser, id: string | null, now: Date): unknown {
  if (value === 'now') return now;
  if ('value' in value) return value.value;
  if ('derive' in value) return derive(value.derive, user, id);
  if (id === null)
    throw new KitError('config_invalid', "a create default's {id} template needs an id the kit generates");
  return fillTemplate(value.template, id);
}

/** Writes `value` where `source` points: a field or a side-table row (constants are never written). */
function place(record: PlannedRecord, source: Source, value: JsonValue): void {
  if (typeof source === 'string') record.fields.set(source, value);
  else if ('field' in source) record.fields.set(source.field, encode(source.codec, value));
  else if ('meta' in source) record.meta.set(source.meta, encode(source.codec ?? 'text', value));
}

function placeMetadata(
  record: PlannedRecord,
  source: MetadataSource | undefined,
  value: JsonObject | null,
  name: string,
) {
  if (value === null || source === undefined) return;
  if (typeof source === 'string') {
    record.fields.set(source, value);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const target = source.fields[key];
    // Dropping a key would lose what Auth0 sent: refuse instead, naming the keys that have a place.
    if (!target || (typeof target === 'object' && 'constant' in target)) {
      const mapped = Object.keys(source.fields).join(', ') || 'none';
      throw new KitError(
        'invalid_input',
        `${name} key '${key}' has no place in this store (mapped: ${mapped})`,
      );
    }
    place(record, target, item);
  }
}

/** The scripts checked the request already; an adapter still never trusts a caller object into a write. */
function checkNewUser(user: NewUser): void {
  const strings = [user.email, user.passwordHash];
  const optional = [user.username, user.name, user.givenName, user.familyName, user.nickname];
  if (
    strings.some((value) => typeof value !== 'string') ||
    optional.some((value) => value !== null && typeof value !== 'string')
  ) {
    throw new KitError('invalid_input', 'a new user holds a value that is not a string');
  }
  for (const [name, value] of [
    ['user_metadata', user.userMetadata],
    ['app_metadata', user.appMetadata],
  ] as const) {
    if (value !== null && (!isJsonObject(value) || findBadMetadataKey(value) !== null)) {
      throw new KitError('invalid_input', `${name} must be an object without '.' or '$' keys`);
    }
  }
}

export function plannedCreate(map: FieldMap, user: NewUser, options: CreateOptions): PlannedRecord {
  checkNewUser(user);
  const record: PlannedRecord = { fields: new Map(), meta: new Map() };
  if (options.id !== null) record.fields.set(map.id, options.id);
  record.fields.set(map.email, user.email);
  record.fields.set(map.passwordHash, user.passwordHash);
  const verified = map.emailVerified;
  // A new user is unverified: a boolean is written false; a timestamp stays NULL; no meta row; a constant is what it is.
  if (typeof verified === 'string') record.fields.set(verified, false);
  else if ('field' in verified && verified.codec === 'boolean') record.fields.set(verified.field, false);
  if (map.username && user.username !== null) record.fields.set(map.username, user.username);
  const parts = [
    [map.name, user.name],
    [map.givenName, user.givenName],
    [map.familyName, user.familyName],
    [map.nickname, user.nickname],
  ] as const;
  for (const [source, value] of parts) if (source !== undefined && value) place(record, source, value);
  placeMetadata(record, map.userMetadata, user.userMetadata, 'user_metadata');
  placeMetadata(record, map.appMetadata, user.appMetadata, 'app_metadata');
  for (const [field, value] of Object.entries(options.defaults ?? {})) {
    if (!record.fields.has(field)) record.fields.set(field, defaultOf(value, user, options.id, options.now));
  }
  for (const [key, value] of Object.entries(options.metaDefaults ?? {})) {
    if (!record.meta.has(key)) record.meta.set(key, defaultOf(value, user, options.id, options.now));
  }
  return record;
}
