/**
 * Maps a legacy hash to the `custom_password_hash` object of Auth0's bulk user import, per
 * https://auth0.com/docs/manage-users/user-migration/bulk-user-import-database-schema-and-examples
 * (source: auth0/docs articles/users/references/bulk-import-database-schema-examples.md):
 * - bcrypt, argon2, pbkdf2: `hash.encoding` must be 'utf8' and `salt` is not allowed.
 * - bcrypt: only $2a$ and $2b$ prefixes are accepted.
 * - argon2: a PHC string verified by auth0/magic, i.e. libsodium's crypto_pwhash_str_verify, whose
 *   decoder requires `$v=19` (libsodium argon2-encoding.c refuses any other version).
 * - pbkdf2: PHC string `$pbkdf2-<digest>$i=<iterations>,l=<key length in bytes>$<B64 salt>$<B64 hash>`,
 *   B64 being standard base64 without '=' padding; omitted i/l default to 100000/64.
 * - md5/sha1/sha256/sha512: `hash.encoding` hex or base64; `salt` {value, encoding (default utf8),
 *   position prefix|suffix} sits beside `hash` (the docs' JSON schema and examples; one prose table
 *   says `hash.salt`, which the schema's additionalProperties:false on custom_password_hash contradicts).
 */
import { parseArgon2 } from './argon2.ts';
import { parseBcrypt } from './bcrypt.ts';
import { encodeB64 } from './bytes.ts';
import { identifyHash } from './identify.ts';
import { parseDjangoPbkdf2 } from './pbkdf2.ts';
import { parseSaltedDigest } from './salted-digest.ts';
import type { Auth0CustomPasswordHash, Auth0ImportResult, HashFormat, SaltedDigestLayout } from './types.ts';

export interface Auth0ImportOptions {
  salt?: string | null;
  /** Overrides identification: needed for 'bcrypt-sha256' (looks like bcrypt) and 'salted-digest'. */
  format?: HashFormat;
  saltedDigest?: SaltedDigestLayout;
}

const LAZY = 'migrate these users lazily through the custom database login script instead';

function no(reason: string): Auth0ImportResult {
  return { importable: false, reason };
}

export function toAuth0CustomPasswordHash(
  stored: string,
  options: Auth0ImportOptions = {},
): Auth0ImportResult {
  if (typeof stored !== 'string' || stored === '') return no('no stored password hash');
  const format = options.format ?? identifyHash(stored) ?? (options.saltedDigest ? 'salted-digest' : null);
  switch (format) {
    case 'bcrypt': {
      const parsed = parseBcrypt(stored);
      if (!parsed) return no('malformed bcrypt hash');
      // PHP's $2y$ is the same algorithm as $2b$; Auth0 accepts only the $2a$/$2b$ spellings.
      const value = parsed.minor === 'y' ? `$2b$${stored.slice(4)}` : stored;
      return { importable: true, value: { algorithm: 'bcrypt', hash: { value, encoding: 'utf8' } } };
    }
    case 'argon2': {
      const parsed = parseArgon2(stored);
      if (!parsed) return no('malformed argon2 hash');
      if (parsed.version !== 19 || !stored.includes('$v=19$')) {
        return no(
          `Auth0 verifies argon2 with libsodium, which only accepts version 19 (v=19) hashes; ${LAZY}`,
        );
      }
      return { importable: true, value: { algorithm: 'argon2', hash: { value: stored, encoding: 'utf8' } } };
    }
    case 'django-pbkdf2-sha256':
    case 'django-pbkdf2-sha1': {
      const parsed = parseDjangoPbkdf2(stored);
      if (!parsed || parsed.format !== format) return no(`malformed ${format} hash`);
      const salt = encodeB64(Buffer.from(parsed.salt, 'utf8'));
      const value = `$pbkdf2-${parsed.digest}$i=${parsed.iterations},l=${parsed.hash.length}$${salt}$${encodeB64(parsed.hash)}`;
      return { importable: true, value: { algorithm: 'pbkdf2', hash: { value, encoding: 'utf8' } } };
    }
    case 'salted-digest': {
      const layout = options.saltedDigest;
      if (!layout) return no('a salted digest needs its layout (algorithm, salt position, encoding)');
      if (!parseSaltedDigest(stored, layout))
        return no(`not a ${layout.encoding} ${layout.algorithm} digest`);
      const value: Auth0CustomPasswordHash = {
        algorithm: layout.algorithm,
        hash: { value: stored, encoding: layout.encoding },
      };
      // An empty salt is a plain digest: Auth0 then needs no salt object.
      if (options.salt) {
        const position = layout.saltPosition === 'before' ? 'prefix' : 'suffix';
        value.salt = { value: options.salt, encoding: 'utf8', position };
      }
      return { importable: true, value };
    }
    case 'phpass':
      return no(`Auth0's bulk import has no phpass algorithm; ${LAZY}`);
    case 'bcrypt-sha256':
      return no(
        `Auth0's bcrypt import checks bcrypt(password), not Meteor's bcrypt(sha256-hex(password)); ${LAZY}`,
      );
    default:
      return no('unrecognized password hash format');
  }
}
