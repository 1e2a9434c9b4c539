/**
 * The kit's one config file (`customdb.config.ts` at the repo root) and its validation.
 * The config holds names only (tables, columns, formats); it is inlined into every bundle,
 * so validation also refuses anything that looks like a secret or a connection string.
 */
import { HASH_FORMATS, type HashFormat, type SaltedDigestLayout } from '../hashes/types.ts';

/** Where each part of the profile lives in the store. Omitted optional parts are not read or written. */
export interface FieldMap {
  id: string;
  email: string;
  passwordHash: string;
  emailVerified: string;
  username?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  nickname?: string;
  picture?: string;
  /** A JSON column/field: Auth0's user_metadata. */
  userMetadata?: string;
  /** A JSON column/field: the store's app-level data, handed to Auth0 as `metadata` (its app_metadata). */
  appMetadata?: string;
  /** Legacy salted digests keep their salt apart. */
  passwordSalt?: string;
  /** Set to the migration time after a successful login in import mode. */
  migratedAt?: string;
}

export interface MysqlStoreConfig {
  /** The name handed to Auth0's require(): 'mysql2', or pinned to a served version, 'mysql2@3.11.0'. */
  driver: string;
  table: string;
  /** 'integer' ids are checked to be digits before they reach SQL (MySQL would coerce '42abc' to 42). */
  idType: 'integer' | 'string';
  columns: FieldMap;
}

export interface MongoStoreConfig {
  /** The name handed to Auth0's require(): 'mongodb', or pinned, 'mongodb@6.3.0'. */
  driver: string;
  database: string;
  collection: string;
  /** Field paths; dotted paths reach into sub-documents. */
  fields: FieldMap;
  /** 'create': the first call creates the unique email index; 'require': it must already exist. */
  emailIndex: 'create' | 'require';
}

export interface PasswordConfig {
  /** Cost of the bcrypt hashes the kit writes (create, change_password, rehash). */
  bcryptCost: number;
  /** Formats login accepts. bcrypt is always accepted; list the legacy ones the store holds. */
  accept: HashFormat[];
  /** Only with 'salted-digest' in `accept`: the layout, since such hashes do not describe themselves. */
  saltedDigest?: SaltedDigestLayout;
  /** After a login with a non-bcrypt hash, rewrite it as bcrypt in the store. */
  rehashOnLogin: boolean;
}

export interface KitConfig {
  /** Prepended to every user_id so ids stay unique across the tenant's connections, e.g. 'legacy-db|'. */
  userIdPrefix: string;
  passwords: PasswordConfig;
  stores: { mysql?: MysqlStoreConfig; mongodb?: MongoStoreConfig };
}

export type AdapterName = keyof KitConfig['stores'];
export const ADAPTERS: readonly AdapterName[] = ['mysql', 'mongodb'];

export function defineConfig(config: KitConfig): KitConfig {
  return config;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`customdb config: ${field} ${problem}`);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const DRIVER = (name: string) => new RegExp(`^${name}(@\\d+\\.\\d+\\.\\d+)?$`);
/** The profile parts a FieldMap may name: the first four are required. */
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ConfigError(field, 'must be an object');
  return value;
}

function string(value: unknown, field: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(field, 'must be a non-empty string');
  if (pattern && !pattern.test(value))
    throw new ConfigError(field, `must match ${pattern} (got ${JSON.stringify(value)})`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

function fieldMap(value: unknown, field: string, pattern: RegExp): FieldMap {
  const map = record(value, field);
  const out: Record<string, string> = {};
  for (const key of Object.keys(map)) {
    if (![...REQUIRED_FIELDS, ...OPTIONAL_FIELDS].includes(key as never)) {
      throw new ConfigError(`${field}.${key}`, 'is not a profile part the kit knows');
    }
  }
  for (const key of REQUIRED_FIELDS) out[key] = string(map[key], `${field}.${key}`, pattern);
  for (const key of OPTIONAL_FIELDS) {
    if (map[key] !== undefined) out[key] = string(map[key], `${field}.${key}`, pattern);
  }
  const names = Object.values(out);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new ConfigError(field, `maps two profile parts to '${repeated}'`);
  return out as unknown as FieldMap;
}

function mysqlConfig(value: unknown, field: string): MysqlStoreConfig {
  const c = record(value, field);
  return {
    driver: string(c.driver, `${field}.driver`, DRIVER('mysql2')),
    table: string(c.table, `${field}.table`, IDENTIFIER),
    idType: oneOf(c.idType, `${field}.idType`, ['integer', 'string'] as const),
    columns: fieldMap(c.columns, `${field}.columns`, IDENTIFIER),
  };
}

function mongoConfig(value: unknown, field: string): MongoStoreConfig {
  const c = record(value, field);
  return {
    driver: string(c.driver, `${field}.driver`, DRIVER('mongodb')),
    database: string(c.database, `${field}.database`, /^[A-Za-z0-9_-]{1,63}$/),
    collection: string(c.collection, `${field}.collection`, /^[A-Za-z_][A-Za-z0-9_.-]{0,119}$/),
    fields: fieldMap(c.fields, `${field}.fields`, FIELD_PATH),
    emailIndex: oneOf(c.emailIndex, `${field}.emailIndex`, ['create', 'require'] as const),
  };
}

function passwordConfig(value: unknown, field: string): PasswordConfig {
  const c = record(value, field);
  const cost = c.bcryptCost;
  if (typeof cost !== 'number' || !Number.isInteger(cost) || cost < 4 || cost > 15) {
    throw new ConfigError(`${field}.bcryptCost`, 'must be an integer from 4 to 15');
  }
  if (!Array.isArray(c.accept)) throw new ConfigError(`${field}.accept`, 'must be an array of hash formats');
  const accept = c.accept.map((format, i) => oneOf(format, `${field}.accept[${i}]`, HASH_FORMATS));
  if (typeof c.rehashOnLogin !== 'boolean')
    throw new ConfigError(`${field}.rehashOnLogin`, 'must be a boolean');
  const out: PasswordConfig = { bcryptCost: cost, accept, rehashOnLogin: c.rehashOnLogin };
  if (accept.includes('salted-digest')) {
    const layout = record(c.saltedDigest, `${field}.saltedDigest`);
    out.saltedDigest = {
      algorithm: oneOf(layout.algorithm, `${field}.saltedDigest.algorithm`, [
        'md5',
        'sha1',
        'sha256',
        'sha512',
      ] as const),
      saltPosition: oneOf(layout.saltPosition, `${field}.saltedDigest.saltPosition`, [
        'before',
        'after',
      ] as const),
      encoding: oneOf(layout.encoding, `${field}.saltedDigest.encoding`, ['hex', 'base64'] as const),
    };
  }
  return out;
}

/** Validates an untrusted config value; every error names the field at fault. */
export function validateConfig(value: unknown): KitConfig {
  const c = record(value, 'config');
  if (typeof c.userIdPrefix !== 'string' || !/^[A-Za-z0-9_|:.-]{0,32}$/.test(c.userIdPrefix)) {
    throw new ConfigError(
      'userIdPrefix',
      "must be a string of up to 32 characters from [A-Za-z0-9_|:.-] ('' for none)",
    );
  }
  const stores = record(c.stores, 'stores');
  for (const key of Object.keys(stores)) oneOf(key, `stores.${key}`, ADAPTERS);
  const out: KitConfig = {
    userIdPrefix: c.userIdPrefix,
    passwords: passwordConfig(c.passwords, 'passwords'),
    stores: {},
  };
  if (stores.mysql !== undefined) out.stores.mysql = mysqlConfig(stores.mysql, 'stores.mysql');
  if (stores.mongodb !== undefined) out.stores.mongodb = mongoConfig(stores.mongodb, 'stores.mongodb');
  if (!out.stores.mysql && !out.stores.mongodb)
    throw new ConfigError('stores', 'must configure mysql, mongodb or both');
  const saltNeeded = out.passwords.accept.includes('salted-digest');
  for (const [name, store] of [
    ['stores.mysql.columns', out.stores.mysql?.columns],
    ['stores.mongodb.fields', out.stores.mongodb?.fields],
  ] as const) {
    if (store && saltNeeded && !store.passwordSalt) {
      throw new ConfigError(`${name}.passwordSalt`, "is required when passwords.accept has 'salted-digest'");
    }
  }
  return out;
}
