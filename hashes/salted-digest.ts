/** A bare md5/sha* digest of salt+password or password+salt, the salt kept in its own column. */
import { createHash } from 'node:crypto';
import { decodeBase64, equalBytes } from './bytes.ts';
import type { SaltedDigestLayout } from './types.ts';

export const DIGEST_BYTES: Record<SaltedDigestLayout['algorithm'], number> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
};

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
