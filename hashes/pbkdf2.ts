/** Django's PBKDF2 hashers: `pbkdf2_<digest>$<iterations>$<salt>$<base64 hash>`, salt used as its UTF-8 bytes. */
import { pbkdf2 } from 'node:crypto';
import { decimal, decodeBase64, equalBytes } from './bytes.ts';
import type { HashFormat } from './types.ts';

export interface DjangoPbkdf2Hash {
  format: Extract<HashFormat, 'django-pbkdf2-sha256' | 'django-pbkdf2-sha1'>;
  digest: 'sha256' | 'sha1';
  iterations: number;
  salt: string;
  hash: Buffer;
}

const DJANGO = /^pbkdf2_(sha256|sha1)\$([^$]*)\$([^$]+)\$([^$]+)$/;
/** Django 5.2 uses 1,000,000; far above that is corruption and would overrun Auth0's 20 s limit. */
const MAX_ITERATIONS = 10_000_000;

export function parseDjangoPbkdf2(stored: string): DjangoPbkdf2Hash | null {
  const m = DJANGO.exec(stored);
  if (!m) return null;
  const digest = m[1] as 'sha256' | 'sha1';
  const iterations = decimal(m[2], 1, MAX_ITERATIONS);
  const hash = decodeBase64(m[4] as string, true);
  // Django derives exactly one digest length (dklen = None).
  if (iterations === null || hash === null || hash.length !== (digest === 'sha256' ? 32 : 20)) return null;
  return { format: `django-pbkdf2-${digest}`, digest, iterations, salt: m[3] as string, hash };
}

export function djangoPbkdf2Matches(password: string, parsed: DjangoPbkdf2Hash): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // Runs on libuv's thread pool, leaving the event loop free.
    pbkdf2(
      Buffer.from(password, 'utf8'),
      Buffer.from(parsed.salt, 'utf8'),
      parsed.iterations,
      parsed.hash.length,
      parsed.digest,
      (error, derived) => (error ? reject(error) : resolve(equalBytes(derived, parsed.hash))),
    );
  });
}
