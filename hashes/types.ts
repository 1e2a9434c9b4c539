import type { HashFormat, SaltedDigestLayout } from '../core/config.ts';

export { HASH_FORMATS, type HashFormat, type SaltedDigestLayout } from '../core/config.ts';

export interface VerifyOptions {
  /** Formats the store is configured for; bcrypt is accepted whatever this says. */
  accept: readonly HashFormat[];
  /** The salt column of a salted digest (null or absent reads as the empty salt). */
  salt?: string | null;
  /** Required when `accept` has 'salted-digest'. */
  saltedDigest?: SaltedDigestLayout;
  /** Plain bcrypt hashes below this cost report `needsRehash`. */
  minBcryptCost?: number;
}

export interface VerifyResult {
  match: boolean;
  /** The scheme the hash was checked as. */
  format: HashFormat;
  /** True for every format except plain bcrypt (at or above `minBcryptCost`). */
  needsRehash: boolean;
}

/** The algorithms of Auth0's bulk-import `custom_password_hash` that the kit's formats map to. */
export type Auth0HashAlgorithm = 'bcrypt' | 'argon2' | 'pbkdf2' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A user's `custom_password_hash` in an Auth0 bulk user import file. */
export interface Auth0CustomPasswordHash {
  algorithm: Auth0HashAlgorithm;
  hash: { value: string; encoding: 'utf8' | 'hex' | 'base64' };
  salt?: { value: string; encoding: 'utf8'; position: 'prefix' | 'suffix' };
}

export type Auth0ImportResult =
  | { importable: true; value: Auth0CustomPasswordHash }
  | { importable: false; reason: string };
