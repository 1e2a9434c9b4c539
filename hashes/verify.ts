/**
 * Checking a password against a stored hash under a store's password policy. Caps are checked before any
 * hashing; a hash the policy cannot check is a KitError with a stable code, never a hang or a crash.
 */
import { KitError } from '../core/errors.ts';
import type { HashFormat, PasswordConfig } from '../core/passwords.ts';
import {
  argon2,
  aspnetIdentity,
  bcrypt,
  bcryptSha256,
  crypt,
  djangoArgon2,
  djangoBcryptPlain,
  djangoBcryptSha256,
  djangoPbkdf2Sha1,
  djangoPbkdf2Sha256,
  djangoSalted,
  drupal7,
  md5,
  phpass,
  type Scheme,
  saltedDigest,
  type VerifyContext,
  wordpressBcrypt,
} from './schemes.ts';
import { phpTrim } from './trim.ts';

declare global {
  /** Defined (true) in every bundle; undefined in tests and the CLI, which keep every scheme. */
  const __CUSTOMDB_BUNDLED__: boolean | undefined;
  /** Per accepted format (dashes as underscores), defined in bundles only. */
  const __CUSTOMDB_ACCEPTS__: Readonly<Record<string, boolean>>;
}

/**
 * In claim order: bcrypt-sha256 before the bcrypt it looks like, a configured salted digest before the
 * bare MD5 it may look like. Each guard is written out so that esbuild drops the schemes a store does not
 * accept (with their code) from its bundles.
 */
const SCHEMES = [
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.bcrypt_sha256) && bcryptSha256,
  bcrypt,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.wordpress_bcrypt) && wordpressBcrypt,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.phpass) && phpass,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.drupal7) && drupal7,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_pbkdf2_sha256) &&
    djangoPbkdf2Sha256,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_pbkdf2_sha1) &&
    djangoPbkdf2Sha1,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_argon2) && djangoArgon2,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_bcrypt_sha256) &&
    djangoBcryptSha256,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_bcrypt) && djangoBcryptPlain,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.django_salted) && djangoSalted,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.argon2) && argon2,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.crypt) && crypt,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.salted_digest) && saltedDigest,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.md5) && md5,
  (typeof __CUSTOMDB_BUNDLED__ === 'undefined' || __CUSTOMDB_ACCEPTS__.aspnet_identity) && aspnetIdentity,
].filter((scheme) => scheme !== false) as unknown as readonly Scheme<unknown>[];

export interface VerifyResult {
  match: boolean;
  /** The format the hash was checked as. */
  format: HashFormat;
  /** The hash is not what the write policy writes today (format, cost, iterations). */
  needsRehash: boolean;
}

/** Django's make_password(None): `!` and 40 random characters. Never matches any password. */
export function isUnusable(stored: string): boolean {
  return stored.startsWith('!');
}

function accepted(scheme: Scheme<unknown>, accept: readonly HashFormat[]): boolean {
  // bcrypt is always accepted, except that a store of Meteor hashes checks bcrypt-shaped values as those.
  if (scheme.format === 'bcrypt') return accept.includes('bcrypt') || !accept.includes('bcrypt-sha256');
  return accept.includes(scheme.format);
}

function claimant(
  stored: string,
  policy: PasswordConfig,
  context: VerifyContext,
): Scheme<unknown> | undefined {
  return SCHEMES.find(
    (scheme) =>
      (!scheme.prefixless || policy.accept.includes(scheme.format)) && scheme.claims(stored, context),
  );
}

/**
 * Checks `password` against `stored`. Throws KitError 'unknown_hash_format' (unrecognized, malformed, or
 * not accepted), 'hash_over_cap' (asks for more work than the caps allow), 'unusable_password' (Django's
 * `!…`); a wrong password is `match: false`. Messages never hold the hash or the password.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  policy: PasswordConfig,
  context: VerifyContext = { salt: null },
): Promise<VerifyResult> {
  if (typeof password !== 'string') throw new KitError('invalid_input', 'password must be a string');
  if (typeof stored !== 'string' || stored === '') {
    throw new KitError('unknown_hash_format', 'the stored password hash is empty or not a string');
  }
  if (isUnusable(stored))
    throw new KitError('unusable_password', 'the user has an unusable password (Django "!")');
  const ctx: VerifyContext = {
    salt: context.salt,
    ...(policy.saltedDigest ? { saltedDigest: policy.saltedDigest } : {}),
  };
  const first = claimant(stored, policy, ctx);
  if (!first) throw new KitError('unknown_hash_format', 'unrecognized password hash format');
  // Several accepted schemes may claim one shape (Meteor and plain bcrypt): try each, in order.
  const candidates = SCHEMES.filter((s) => s.claims === first.claims && accepted(s, policy.accept));
  if (candidates.length === 0) {
    throw new KitError(
      'unknown_hash_format',
      `the stored password hash is ${first.format}, which this connection does not accept (passwords.accept)`,
    );
  }
  const secret = policy.trim ? phpTrim(password) : password;
  let last: VerifyResult | undefined;
  for (const scheme of candidates) {
    const parsed = scheme.parse(stored, ctx);
    if (parsed === null)
      throw new KitError(
        'unknown_hash_format',
        `malformed ${scheme.format} password hash: expected ${scheme.shape}`,
      );
    const over = scheme.overCap(parsed, policy.caps);
    if (over)
      throw new KitError(
        'hash_over_cap',
        `the stored ${scheme.format} hash asks for too much work: ${over} (passwords.caps)`,
      );
    const match = await scheme.matches(secret, parsed, ctx);
    last = { match, format: scheme.format, needsRehash: !scheme.current(parsed, policy) };
    if (match) return last;
  }
  return last as VerifyResult;
}

/**
 * The format a well-formed stored hash describes by itself, else null. A Meteor hash answers 'bcrypt'
 * (it is one); bare MD5 answers 'md5'; a salted digest without its layout answers null.
 */
export function identifyHash(stored: string): HashFormat | null {
  if (typeof stored !== 'string') return null;
  const context: VerifyContext = { salt: null };
  for (const scheme of SCHEMES) {
    if (scheme === bcryptSha256 || scheme === saltedDigest) continue;
    if (scheme.claims(stored, context)) return scheme.parse(stored, context) === null ? null : scheme.format;
  }
  return null;
}
