/**
 * The mapping model: where each part of Auth0's profile lives in a store, in terms every adapter shares.
 * A "field" is a SQL column or a document path; SQL stores may also read rows of a key–value side table
 * (`meta`), and any part may be a constant. Adapters validate their own field names and capabilities.
 */
import { ConfigError, isRecord, record, string } from './config.ts';
import type { JsonValue } from './store.ts';

/** How a stored value reads as a profile value (and writes back). */
export const CODECS = [
  'text',
  'json',
  'boolean',
  'number',
  'timestamp',
  'php-serialized',
  'wordpress-roles',
] as const;
export type Codec = (typeof CODECS)[number];

/** Where a profile part is read from and written to. */
export type Source =
  /** A column or document path, read as it is stored. */
  | string
  | { field: string; codec: Codec }
  /** A row of the store's key–value side table (WordPress `wp_usermeta`). */
  | { meta: string; codec?: Codec }
  /** Nowhere: always this value, never written. */
  | { constant: JsonValue };

/** Where email_verified lives. A timestamp is "verified" when set; verify writes the current time. */
export type VerifiedSource =
  | string
  | { field: string; codec: 'boolean' | 'timestamp' }
  | { meta: string }
  | { constant: boolean };

/** Metadata: one JSON column or sub-document, or named fields gathered from anywhere. */
export type MetadataSource = string | { fields: Record<string, Source> };

/** Where each part of the profile lives. Omitted optional parts are neither read nor written. */
export interface FieldMap {
  /** These four are looked up and written by value: plain fields only. */
  id: string;
  email: string;
  passwordHash: string;
  emailVerified: VerifiedSource;
  username?: string;
  name?: Source;
  givenName?: Source;
  familyName?: Source;
  nickname?: Source;
  picture?: Source;
  /** Auth0's user_metadata. */
  userMetadata?: MetadataSource;
  /** The store's app-level data, handed to Auth0 as `metadata` (its app_metadata). */
  appMetadata?: MetadataSource;
  /** Legacy salted digests keep their salt apart. */
  passwordSalt?: string;
  /** Set to the migration time after a successful login in import mode. */
  migratedAt?: string;
}

export const REQUIRED_FIELDS = ['id', 'email', 'passwordHash', 'emailVerified'] as const;
export const OPTIONAL_FIELDS = [
  'username',
  'name',
  'givenName',
  'familyName',
  'nickname',
  'picture',
  'userMetadata',
  'appMetadata',
  'passwordSalt',
  'migratedAt',
] as const;
export type ProfilePart = (typeof REQUIRED_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];
export const NAME_PARTS = ['name', 'givenName', 'familyName', 'nickname', 'picture'] as const;
/** Parts that are looked up or written by value: a plain field, never a codec, a meta row or a constant. */
const PLAIN_PARTS = ['id', 'email', 'passwordHash', 'username', 'passwordSalt', 'migratedAt'] as const;

/** A value create writes into a column, path or side-table row that the request does not fill. */
export type DefaultValue =
  | { value: JsonValue }
  /** The current time. */
  | 'now'
  /** Derived from what Auth0 sends; see DERIVATIONS. */
  | { derive: Derivation }
  /** JSON in which every '{id}' (in keys and strings) becomes the new user's id (Parse ACLs). */
  | { template: JsonValue };

export const DERIVATIONS = [
  'email',
  'email-local-part',
  'username',
  'username-or-email',
  'username-slug',
  'full-name',
  'full-name-or-email-local-part',
  'id',
] as const;
export type Derivation = (typeof DERIVATIONS)[number];

/** Which users may log in: others answer UnauthorizedError at login and are not found elsewhere. */
export type ActivePredicate = { field: string; equals: JsonValue } | { field: string; isNull: boolean };

/** How create makes the id: the database (auto-increment, ObjectId) or the kit. */
export type IdGeneration = 'database' | 'uuid' | { random: { length: number; alphabet: string } };

export interface MappingRules {
  /** The pattern a field name must match: SQL identifiers, or document paths. */
  field: RegExp;
  /** Whether `{ meta }` sources are possible (the store configures a side table). */
  meta: boolean;
}

function codec(value: unknown, field: string): Codec {
  if (!CODECS.includes(value as Codec)) {
    throw new ConfigError(field, `must be one of ${CODECS.map((c) => `'${c}'`).join(', ')}`);
  }
  return value as Codec;
}

function jsonValue(value: unknown, field: string): JsonValue {
  try {
    if (JSON.stringify(value) === undefined) throw new Error('not JSON');
  } catch {
    throw new ConfigError(field, 'must be a JSON value');
  }
  return value as JsonValue;
}

export function source(value: unknown, field: string, rules: MappingRules): Source {
  if (typeof value === 'string') return string(value, field, rules.field);
  const c = record(value, field);
  if ('constant' in c) return { constant: jsonValue(c.constant, `${field}.constant`) };
  if ('meta' in c) {
    if (!rules.meta)
      throw new ConfigError(field, 'reads a side-table row, but the store configures no `meta` table');
    const meta = string(c.meta, `${field}.meta`, /^[^\s]{1,191}$/);
    return c.codec === undefined ? { meta } : { meta, codec: codec(c.codec, `${field}.codec`) };
  }
  if ('field' in c)
    return { field: string(c.field, `${field}.field`, rules.field), codec: codec(c.codec, `${field}.codec`) };
  throw new ConfigError(field, 'must be a field name, { field, codec }, { meta } or { constant }');
}

function verifiedSource(value: unknown, field: string, rules: MappingRules): VerifiedSource {
  const parsed = source(value, field, rules);
  if (typeof parsed === 'string') return parsed;
  if ('constant' in parsed) {
    if (typeof parsed.constant !== 'boolean')
      throw new ConfigError(`${field}.constant`, 'must be true or false');
    return { constant: parsed.constant };
  }
  if ('meta' in parsed) return { meta: parsed.meta };
  if (parsed.codec !== 'boolean' && parsed.codec !== 'timestamp') {
    throw new ConfigError(`${field}.codec`, "must be 'boolean' or 'timestamp'");
  }
  return { field: parsed.field, codec: parsed.codec };
}

function metadataSource(value: unknown, field: string, rules: MappingRules): MetadataSource {
  if (typeof value === 'string') return string(value, field, rules.field);
  const fields = record(record(value, field).fields, `${field}.fields`);
  const out: Record<string, Source> = {};
  for (const [key, item] of Object.entries(fields)) {
    if (key === '' || key.includes('.') || key.includes('$')) {
      throw new ConfigError(`${field}.fields`, `key '${key}' is not a metadata key Auth0 accepts`);
    }
    out[key] = source(item, `${field}.fields.${key}`, rules);
  }
  return { fields: out };
}

/** The columns or paths a part's source reads and writes (none for constants and side-table rows). */
function fieldsOf(target: unknown): string[] {
  if (typeof target === 'string') return [target];
  if (!isRecord(target)) return [];
  if (typeof target.field === 'string') return [target.field];
  return isRecord(target.fields) ? Object.values(target.fields).flatMap((item) => fieldsOf(item)) : [];
}

/** A profile-part map: plain fields where the kit looks up or writes by value, sources elsewhere. */
export function fieldMap(value: unknown, field: string, rules: MappingRules): FieldMap {
  const map = record(value, field);
  const known: readonly string[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) throw new ConfigError(`${field}.${key}`, 'is not a profile part the kit knows');
  }
  const out: Record<string, unknown> = {};
  for (const part of PLAIN_PARTS) {
    const required = (REQUIRED_FIELDS as readonly string[]).includes(part);
    if (required || map[part] !== undefined) out[part] = string(map[part], `${field}.${part}`, rules.field);
  }
  out.emailVerified = verifiedSource(map.emailVerified, `${field}.emailVerified`, rules);
  for (const part of NAME_PARTS) {
    if (map[part] !== undefined) out[part] = source(map[part], `${field}.${part}`, rules);
  }
  for (const part of ['userMetadata', 'appMetadata'] as const) {
    if (map[part] !== undefined) out[part] = metadataSource(map[part], `${field}.${part}`, rules);
  }
  // Two parts on one column would overwrite each other on create (a name written over the email).
  const targets = Object.values(out).flatMap((target) => fieldsOf(target));
  const repeated = targets.find((name, i) => targets.indexOf(name) !== i);
  if (repeated) throw new ConfigError(field, `maps two profile parts to '${repeated}'`);
  return out as unknown as FieldMap;
}

export function defaultValue(value: unknown, field: string): DefaultValue {
  if (value === 'now') return 'now';
  const c = record(value, field);
  if ('value' in c) return { value: jsonValue(c.value, `${field}.value`) };
  if ('template' in c) return { template: jsonValue(c.template, `${field}.template`) };
  if ('derive' in c) {
    if (!DERIVATIONS.includes(c.derive as Derivation)) {
      throw new ConfigError(
        `${field}.derive`,
        `must be one of ${DERIVATIONS.map((d) => `'${d}'`).join(', ')}`,
      );
    }
    return { derive: c.derive as Derivation };
  }
  throw new ConfigError(field, "must be 'now', { value }, { derive } or { template }");
}

export function defaults(value: unknown, field: string, name: RegExp): Record<string, DefaultValue> {
  const out: Record<string, DefaultValue> = {};
  for (const [key, item] of Object.entries(record(value, field))) {
    out[string(key, `${field} key`, name)] = defaultValue(item, `${field}.${key}`);
  }
  return out;
}

export function activePredicate(value: unknown, field: string, name: RegExp): ActivePredicate {
  const c = record(value, field);
  const target = string(c.field, `${field}.field`, name);
  if ('isNull' in c) {
    if (typeof c.isNull !== 'boolean') throw new ConfigError(`${field}.isNull`, 'must be a boolean');
    return { field: target, isNull: c.isNull };
  }
  if (!('equals' in c)) throw new ConfigError(field, 'must say { field, equals } or { field, isNull }');
  return { field: target, equals: jsonValue(c.equals, `${field}.equals`) };
}

export function idGeneration(value: unknown, field: string): IdGeneration {
  if (value === 'database' || value === 'uuid') return value;
  const random = record(record(value, field).random, `${field}.random`);
  const length = random.length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 8 || length > 64) {
    throw new ConfigError(`${field}.random.length`, 'must be an integer from 8 to 64');
  }
  const alphabet = string(random.alphabet, `${field}.random.alphabet`, /^[A-Za-z0-9_-]{16,}$/);
  if (new Set(alphabet).size !== alphabet.length) {
    throw new ConfigError(`${field}.random.alphabet`, 'must not repeat a character');
  }
  return { random: { length, alphabet } };
}

/**
 * A preset under a store's config: the config's keys win; the maps named in `byKey` (the field map,
 * create defaults, password policy) merge key by key, each value replaced whole — a part's source is
 * never a blend of the preset's and the config's.
 */
export function overlayStore(
  preset: Record<string, unknown>,
  config: Record<string, unknown>,
  byKey: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...preset, ...config };
  for (const key of byKey) {
    if (isRecord(preset[key]) && isRecord(config[key])) out[key] = { ...preset[key], ...config[key] };
  }
  return out;
}
