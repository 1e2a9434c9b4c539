/**
 * The parts of `customdb.config.ts` every adapter shares, and the validators that name the field at
 * fault (the password policy is in passwords.ts, the profile-part map in mapping.ts). Each adapter validates its own `stores.<name>`
 * block with these; build/config.ts assembles the whole file from the adapter registry.
 */

export type { FieldMap } from './mapping.ts';
export {
  HASH_FORMATS,
  type HashFormat,
  type PasswordConfig,
  type PasswordConfigInput,
  passwordConfig,
  type SaltedDigestLayout,
  WRITE_FORMATS,
  type WriteFormat,
} from './passwords.ts';

import type { PasswordConfig } from './passwords.ts';

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
  /**
   * The connection runs in import mode ("Import Users to Auth0"): users move to Auth0 at their first
   * login. Deploys set Auth0's `import_mode` from it. Default false; validation always fills it in.
   */
  importMode?: boolean;
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
