/**
 * The parts of `customdb.config.ts` every adapter shares: the profile-part map, the password policy,
 * and the validators that name the field at fault. Each adapter validates its own `stores.<name>`
 * block with these; build/config.ts assembles the whole file from the adapter registry.
 */

/** Password hash formats a legacy store may hold (hashes/ implements them). */
export type HashFormat =
  /** $2a$ / $2b$ / $2y$ (PHP password_hash), any cost. */
  | 'bcrypt'
  /** $P$ / $H$ portable hashes (WordPress, phpBB). */
  | 'phpass'
  /** pbkdf2_sha256$<iterations>$<salt>$<hash> */
  | 'django-pbkdf2-sha256'
  /** pbkdf2_sha1$<iterations>$<salt>$<hash> */
  | 'django-pbkdf2-sha1'
  /** $argon2id$ / $argon2i$ PHC strings. */
  | 'argon2'
  /** An unsalted-prefix digest with the salt in its own column; layout from config. */
  | 'salted-digest'
  /** bcrypt over the hex SHA-256 of the password (Meteor accounts-password). Looks like bcrypt. */
  | 'bcrypt-sha256';

/** Every format, for validating a config's `passwords.accept`. */
export const HASH_FORMATS: readonly HashFormat[] = [
  'bcrypt',
  'phpass',
  'django-pbkdf2-sha256',
  'django-pbkdf2-sha1',
  'argon2',
  'salted-digest',
  'bcrypt-sha256',
];

export interface SaltedDigestLayout {
  algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512';
  saltPosition: 'before' | 'after';
  encoding: 'hex' | 'base64';
}

export type { FieldMap } from './mapping.ts';

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

/** What every adapter's store block has: the module name handed to Auth0's require(). */
export interface StoreConfigBase {
  driver: string;
  /**
   * This store's password policy over the config's top-level one (a preset's formats, say). Adapters pass
   * it through; build/config.ts merges and validates it, and the store's bundles use the result.
   */
  passwords?: PasswordConfig;
}

/** The whole config file, over the stores the adapter registry knows. */
export interface KitConfigOf<Stores> {
  /** Prepended to every user_id so ids stay unique across the tenant's connections, e.g. 'legacy-db|'. */
  userIdPrefix: string;
  passwords: PasswordConfig;
  stores: Stores;
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

/** A SQL identifier: table, column, schema. Validated once, so statements can quote it without escaping. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ConfigError(field, 'must be an object');
  return value;
}

export function string(value: unknown, field: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(field, 'must be a non-empty string');
  if (pattern && !pattern.test(value))
    throw new ConfigError(field, `must match ${pattern} (got ${JSON.stringify(value)})`);
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** The npm package name Auth0's require() loads, optionally pinned to one exact served version. */
export function driverName(value: unknown, field: string, pkg: string): string {
  return string(value, field, new RegExp(`^${pkg}(@\\d+\\.\\d+\\.\\d+)?$`));
}

export function passwordConfig(value: unknown, field: string): PasswordConfig {
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
