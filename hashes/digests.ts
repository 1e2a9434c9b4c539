/**
 * Plain digests: bare MD5 (WordPress rows from before 2.5, Django's UnsaltedMD5PasswordHasher),
 * Django's `sha1$<salt>$<hex>` / `md5$<salt>$<hex>` (SHA1PasswordHasher, MD5PasswordHasher, and their
 * unsalted forms with an empty salt), and a configured salted digest whose salt lives in its own column.
 */
import { createHash } from 'node:crypto';
import type { SaltedDigestLayout } from '../core/passwords.ts';
import { decodeBase64, equalBytes } from './bytes.ts';

export const DIGEST_BYTES: Record<SaltedDigestLayout['algorithm'], number> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
};

export interface DigestHash {
  algorithm: SaltedDigestLayout['algorithm'];
  /** Prepended to the password (Django, WordPress's MD5 has none). */
  salt: string;
  expected: Buffer;
}

export function parseBareMd5(stored: string): DigestHash | null {
  return /^[0-9a-fA-F]{32}$/.test(stored)
    ? { algorithm: 'md5', salt: '', expected: Buffer.from(stored, 'hex') }
    : null;
}

const DJANGO = /^(sha1|md5)\$([^$]*)\$([0-9a-f]+)$/;

export function parseDjangoDigest(stored: string): DigestHash | null {
  const m = DJANGO.exec(stored);
  if (!m) return null;
  const algorithm = m[1] as 'sha1' | 'md5';
  const hex = m[3] as string;
  return hex.length === DIGEST_BYTES[algorithm] * 2
    ? { algorithm, salt: m[2] as string, expected: Buffer.from(hex, 'hex') }
    : null;
}

export function digestMatches(password: string, parsed: DigestHash): boolean {
  return equalBytes(
    createHash(parsed.algorithm)
      .update(parsed.salt + password, 'utf8')
      .digest(),
    parsed.expected,
  );
}

/** The digest bytes, or null when the text is not this layout's encoding of a digest of this length. */
export function parseSaltedDigest(stored: string, layout: SaltedDigestLayout): Buffer | null {
  const size = DIGEST_BYTES[layout.algorithm];
  if (layout.encoding === 'hex') {
    return stored.length === size * 2 && /^[0-9a-fA-F]+$/.test(stored) ? Buffer.from(stored, 'hex') : null;
  }
  const bytes = decodeBase64(stored, true);
  return bytes !== null && bytes.length === size ? bytes : null;
}

export function saltedDigestMatches(
  password: string,
  salt: string,
  layout: SaltedDigestLayout,
  expected: Buffer,
): boolean {
  const input = layout.saltPosition === 'before' ? salt + password : password + salt;
  return equalBytes(createHash(layout.algorithm).update(input, 'utf8').digest(), expected);
}
