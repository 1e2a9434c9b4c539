/** Password hash formats a legacy store may hold. */
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
