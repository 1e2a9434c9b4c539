/**
 * Password hashes of legacy stores: identify them, verify a login against them, write new ones (bcrypt),
 * and map them to Auth0's bulk-import `custom_password_hash`.
 */
import { KitError } from '../core/errors.ts';
import { argon2Matches, parseArgon2 } from './argon2.ts';
import { bcryptMatches, meteorPrehash, parseBcrypt } from './bcrypt.ts';
import { malformed } from './bytes.ts';
import { claimedFormat } from './identify.ts';
import { djangoPbkdf2Matches, parseDjangoPbkdf2 } from './pbkdf2.ts';
import { parsePhpass, phpassMatches } from './phpass.ts';
import { parseSaltedDigest, saltedDigestMatches } from './salted-digest.ts';
import type { HashFormat, VerifyOptions, VerifyResult } from './types.ts';

export type { Auth0ImportOptions } from './auth0-import.ts';
export { toAuth0CustomPasswordHash } from './auth0-import.ts';
export { hashPassword } from './bcrypt.ts';
export { identifyHash } from './identify.ts';
export type * from './types.ts';

function result(match: boolean, format: HashFormat): VerifyResult {
  return { match, format, needsRehash: format !== 'bcrypt' };
}

function refuseUnlisted(format: HashFormat, accept: readonly HashFormat[]): void {
  if (!accept.includes(format)) {
    throw new KitError(
      'unknown_hash_format',
      `the stored password hash is ${format}, which this connection does not accept (passwords.accept)`,
    );
  }
}

/**
 * Checks `password` against a stored hash. Throws KitError('unknown_hash_format') for a hash that is
 * unrecognized, malformed, or of a format `accept` does not list; never any other error for bad stored data.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  if (typeof password !== 'string') throw new KitError('invalid_input', 'password must be a string');
  if (typeof stored !== 'string' || stored === '') {
    throw new KitError(
      'unknown_hash_format',
      'unrecognized password hash: the stored value is empty or not a string',
    );
  }
  // Untyped callers may hand in anything: a missing accept list accepts bcrypt alone.
  const opts: VerifyOptions = options ?? { accept: [] };
  const accept = Array.isArray(opts.accept) ? opts.accept : [];
  const format = claimedFormat(stored);
  switch (format) {
    case 'bcrypt': {
      const parsed =
        parseBcrypt(stored) ?? malformed('bcrypt', 'expected $2a$/$2b$/$2y$, cost 04-31, 53 characters');
      if (accept.includes('bcrypt-sha256')) {
        if (await bcryptMatches(meteorPrehash(password), parsed)) return result(true, 'bcrypt-sha256');
        // Hashes the kit itself rewrote after a login are plain bcrypt and share the prefix.
        if (!(await bcryptMatches(password, parsed))) return result(false, 'bcrypt-sha256');
      } else if (!(await bcryptMatches(password, parsed))) {
        return result(false, 'bcrypt');
      }
      const weak = opts.minBcryptCost !== undefined && parsed.cost < opts.minBcryptCost;
      return { match: true, format: 'bcrypt', needsRehash: weak };
    }
    case 'phpass': {
      refuseUnlisted(format, accept);
      const parsed =
        parsePhpass(stored) ?? malformed(format, 'expected $P$/$H$, a count of 7-30, 34 characters');
      return result(await phpassMatches(password, parsed), format);
    }
    case 'django-pbkdf2-sha256':
    case 'django-pbkdf2-sha1': {
      refuseUnlisted(format, accept);
      const parsed =
        parseDjangoPbkdf2(stored) ??
        malformed(format, 'expected <iterations 1-10000000>$<salt>$<base64 digest>');
      return result(await djangoPbkdf2Matches(password, parsed), format);
    }
    case 'argon2': {
      refuseUnlisted(format, accept);
      const parsed =
        parseArgon2(stored) ?? malformed(format, 'expected a PHC string with v=16/19, m, t, p, salt, hash');
      return result(await argon2Matches(password, parsed), format);
    }
    default: {
      if (!accept.includes('salted-digest')) {
        throw new KitError('unknown_hash_format', 'unrecognized password hash format');
      }
      const layout = opts.saltedDigest;
      if (!layout) {
        throw new KitError('config_invalid', "passwords.saltedDigest is required with 'salted-digest'");
      }
      const expected =
        parseSaltedDigest(stored, layout) ??
        malformed('salted-digest', `expected a ${layout.encoding} ${layout.algorithm} digest`);
      const salt = typeof opts.salt === 'string' ? opts.salt : '';
      return result(saltedDigestMatches(password, salt, layout, expected), 'salted-digest');
    }
  }
}
