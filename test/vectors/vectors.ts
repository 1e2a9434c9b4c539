import { readFileSync } from 'node:fs';
import type { HashFormat, SaltedDigestLayout } from '../../hashes/types.ts';

/** A password hash written by its real producer (test/vectors/generate.sh: passlib, PHP, WordPress, Django, argon2-cffi, hashlib). */
export interface HashVector {
  format: HashFormat;
  producer: string;
  password: string;
  hash: string;
  salt?: string;
  saltedDigest?: SaltedDigestLayout;
}

export const HASH_VECTORS: readonly HashVector[] = JSON.parse(
  readFileSync(new URL('./hashes.json', import.meta.url), 'utf8'),
) as HashVector[];
