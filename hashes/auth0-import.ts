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
import { parseDjangoDigest, parseSaltedDigest } from './digests.ts';
import { type Pbkdf2Hash, parseAspnetIdentity, parseDjangoPbkdf2 } from './pbkdf2.ts';
import type { Auth0CustomPasswordHash, Auth0ImportResult, HashFormat, SaltedDigestLayout } from './types.ts';
import { identifyHash, isUnusable } from './verify.ts';

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

function utf8(algorithm: 'bcrypt' | 'argon2' | 'pbkdf2', value: string): Auth0ImportResult {
  return { importable: true, value: { algorithm, hash: { value, encoding: 'utf8' } } };
}

function bcryptImport(stored: string): Auth0ImportResult {
  const parsed = parseBcrypt(stored);
  if (!parsed) return no('malformed bcrypt hash');
  // PHP's $2y$ is the same algorithm as $2b$; Auth0 accepts only the $2a$/$2b$ spellings.
  return utf8('bcrypt', parsed.minor === 'y' ? `$2b$${stored.slice(4)}` : stored);
}

function argon2Import(stored: string): Auth0ImportResult {
  const parsed = parseArgon2(stored);
  if (!parsed) return no('malformed argon2 hash');
  if (parsed.version !== 19 || !stored.includes('$v=19$')) {
    return no(`Auth0 verifies argon2 with libsodium, which only accepts version 19 (v=19) hashes; ${LAZY}`);
  }
  return utf8('argon2', stored);
}

function pbkdf2Import(parsed: Pbkdf2Hash | null, format: HashFormat): Auth0ImportResult {
  if (!parsed) return no(`malformed ${format} hash`);
  const value = `$pbkdf2-${parsed.digest}$i=${parsed.iterations},l=${parsed.hash.length}$${encodeB64(parsed.salt)}$${encodeB64(parsed.hash)}`;
  return utf8('pbkdf2', value);
}

function digestImport(
  algorithm: SaltedDigestLayout['algorithm'],
  hash: string,
  encoding: 'hex' | 'base64',
  salt: string | null | undefined,
  position: 'prefix' | 'suffix',
): Auth0ImportResult {
  const value: Auth0CustomPasswordHash = { algorithm, hash: { value: hash, encoding } };
  // An empty salt is a plain digest: Auth0 then needs no salt object.
  if (salt) value.salt = { value: salt, encoding: 'utf8', position };
  return { importable: true, value };
}

const PREHASHED: Partial<Record<HashFormat, string>> = {
  'bcrypt-sha256': "Meteor's bcrypt(sha256-hex(password))",
  'django-bcrypt-sha256': "Django's bcrypt(sha256-hex(password))",
  'wordpress-bcrypt': "WordPress 6.8's bcrypt(base64(HMAC-SHA384(password)))",
};

export function toAuth0CustomPasswordHash(
  stored: string,
  options: Auth0ImportOptions = {},
): Auth0ImportResult {
  if (typeof stored !== 'string' || stored === '') return no('no stored password hash');
  if (isUnusable(stored)) return no('the user has an unusable password: import the user without one');
  const layoutFits =
    options.saltedDigest !== undefined && parseSaltedDigest(stored, options.saltedDigest) !== null;
  const format = options.format ?? (layoutFits ? 'salted-digest' : identifyHash(stored));
  const prehashed = format ? PREHASHED[format] : undefined;
  if (prehashed) return no(`Auth0's bcrypt import checks bcrypt(password), not ${prehashed}; ${LAZY}`);
  switch (format) {
    case 'bcrypt':
      return bcryptImport(stored);
    case 'django-bcrypt':
      return bcryptImport(stored.slice('bcrypt$'.length));
    case 'argon2':
      return argon2Import(stored);
    case 'django-argon2':
      return argon2Import(stored.slice('argon2'.length));
    case 'django-pbkdf2-sha256':
    case 'django-pbkdf2-sha1': {
      const parsed = parseDjangoPbkdf2(stored);
      return pbkdf2Import(parsed && `django-pbkdf2-${parsed.algorithm}` === format ? parsed : null, format);
    }
    case 'aspnet-identity':
      return pbkdf2Import(parseAspnetIdentity(stored), format);
    case 'md5':
      return /^[0-9a-fA-F]{32}$/.test(stored)
        ? digestImport('md5', stored.toLowerCase(), 'hex', null, 'prefix')
        : no('malformed md5 hash');
    case 'django-salted': {
      const parsed = parseDjangoDigest(stored);
      if (!parsed) return no('malformed django-salted hash');
      return digestImport(parsed.algorithm, parsed.expected.toString('hex'), 'hex', parsed.salt, 'prefix');
    }
    case 'salted-digest': {
      const layout = options.saltedDigest;
      if (!layout) return no('a salted digest needs its layout (algorithm, salt position, encoding)');
      if (!parseSaltedDigest(stored, layout))
        return no(`not a ${layout.encoding} ${layout.algorithm} digest`);
      return digestImport(
        layout.algorithm,
        stored,
        layout.encoding,
        options.salt,
        layout.saltPosition === 'before' ? 'prefix' : 'suffix',
      );
    }
    case 'phpass':
    case 'drupal7':
    case 'crypt':
      return no(`Auth0's bulk import has no ${format} algorithm; ${LAZY}`);
    default:
      return no('unrecognized password hash format');
  }
}
