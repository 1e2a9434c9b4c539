/**
 * PBKDF2 formats. Django: `pbkdf2_<digest>$<iterations>$<salt>$<base64 hash>`, salt used as its UTF-8
 * bytes (django/contrib/auth/hashers.py PBKDF2PasswordHasher). ASP.NET Identity (aspnetcore
 * src/Identity/Extensions.Core/src/PasswordHasher.cs): base64 of 0x00 | salt(16) | subkey(32) with
 * HMAC-SHA1 and 1000 iterations (v2), or 0x01 | prf | iterations | salt length (big-endian u32s) | salt |
 * subkey (v3).
 */
import { pbkdf2, randomInt } from 'node:crypto';
import { decimal, decodeBase64, equalBytes } from './bytes.ts';

export interface Pbkdf2Hash {
  digest: 'sha1' | 'sha256' | 'sha512';
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}

const DJANGO = /^pbkdf2_(sha256|sha1)\$([^$]*)\$([^$]+)\$([^$]+)$/;
/** Corrupt data, not a cap (caps are policy, checked before hashing): the format's own ceiling. */
const MAX_ITERATIONS = 100_000_000;

export function parseDjangoPbkdf2(stored: string): (Pbkdf2Hash & { algorithm: 'sha256' | 'sha1' }) | null {
  const m = DJANGO.exec(stored);
  if (!m) return null;
  const digest = m[1] as 'sha256' | 'sha1';
  const iterations = decimal(m[2], 1, MAX_ITERATIONS);
  const hash = decodeBase64(m[4] as string, true);
  // Django derives exactly one digest length (dklen = None).
  if (iterations === null || hash === null || hash.length !== (digest === 'sha256' ? 32 : 20)) return null;
  return { algorithm: digest, digest, iterations, salt: Buffer.from(m[3] as string, 'utf8'), hash };
}

const PRF = ['sha1', 'sha256', 'sha512'] as const;

export function parseAspnetIdentity(stored: string): Pbkdf2Hash | null {
  const bytes = decodeBase64(stored, true);
  if (bytes === null) return null;
  if (bytes[0] === 0x00) {
    return bytes.length === 49
      ? { digest: 'sha1', iterations: 1000, salt: bytes.subarray(1, 17), hash: bytes.subarray(17) }
      : null;
  }
  if (bytes[0] !== 0x01 || bytes.length < 13) return null;
  const prf = PRF[bytes.readUInt32BE(1)];
  const iterations = bytes.readUInt32BE(5);
  const saltLength = bytes.readUInt32BE(9);
  // The same refusals as PasswordHasher.VerifyHashedPasswordV3: salt and subkey of at least 128 bits.
  if (
    !prf ||
    iterations < 1 ||
    iterations > MAX_ITERATIONS ||
    saltLength < 16 ||
    13 + saltLength + 16 > bytes.length
  )
    return null;
  return {
    digest: prf,
    iterations,
    salt: bytes.subarray(13, 13 + saltLength),
    hash: bytes.subarray(13 + saltLength),
  };
}

export function pbkdf2Matches(password: string, parsed: Pbkdf2Hash): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // Runs on libuv's thread pool, leaving the event loop free.
    pbkdf2(
      Buffer.from(password, 'utf8'),
      parsed.salt,
      parsed.iterations,
      parsed.hash.length,
      parsed.digest,
      (error, derived) => (error ? reject(error) : resolve(equalBytes(derived, parsed.hash))),
    );
  });
}

const SALT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Django's own form: a 22-character salt (get_random_string, 128 bits) and the standard base64 digest. */
export function djangoPbkdf2Hash(password: string, iterations: number): Promise<string> {
  let salt = '';
  for (let i = 0; i < 22; i++) salt += SALT_ALPHABET[randomInt(SALT_ALPHABET.length)];
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256', (error, derived) =>
      error ? reject(error) : resolve(`pbkdf2_sha256$${iterations}$${salt}$${derived.toString('base64')}`),
    );
  });
}
