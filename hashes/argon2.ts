/**
 * Argon2i/Argon2id PHC strings (PHP password_hash, argon2-cffi, passlib): parsing and verification, and
 * the raw tag for writing hashes. The work is done by the fastest engine the runtime has (argon2/engines.ts:
 * WebAssembly, the native module, or JavaScript).
 */

import type { Argon2Params } from './argon2/core.ts';
import { defaultEngine } from './argon2/engines.ts';
import { decimal, decodeBase64, equalBytes } from './bytes.ts';

export type { Argon2Params, Argon2Type } from './argon2/core.ts';

export interface Argon2Hash {
  type: 'argon2id' | 'argon2i';
  /** 0x13 (v=19) or the pre-1.3 0x10, which PHC strings without `v=` mean. */
  version: 16 | 19;
  m: number;
  t: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const ARGON2 = /^\$(argon2id|argon2i)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;
// Ceilings well past any real configuration: they only stop corrupt data from exhausting the container.
const MAX_MEMORY_KIB = 1 << 20;
const MAX_TIME = 100;
const MAX_LANES = 64;

export function parseArgon2(stored: string): Argon2Hash | null {
  const m = ARGON2.exec(stored);
  if (!m) return null;
  const version = m[2] === undefined ? 16 : decimal(m[2], 16, 19);
  const p = decimal(m[5], 1, MAX_LANES);
  const mem = decimal(m[3], 8, MAX_MEMORY_KIB);
  const t = decimal(m[4], 1, MAX_TIME);
  const salt = decodeBase64(m[6] as string, false);
  const hash = decodeBase64(m[7] as string, false);
  if (version !== 16 && version !== 19) return null;
  if (p === null || mem === null || t === null || mem < 8 * p) return null;
  if (salt === null || salt.length < 8 || hash === null || hash.length < 4 || hash.length > 1024) return null;
  return { type: m[1] as Argon2Hash['type'], version, m: mem, t, p, salt, hash };
}

/** The Argon2 tag of `params` (RFC 9106), for verifying and for writing hashes. */
export function argon2Raw(params: Argon2Params): Promise<Uint8Array> {
  return defaultEngine().raw(params);
}

export async function argon2Matches(password: string, parsed: Argon2Hash): Promise<boolean> {
  const tag = await argon2Raw({
    type: parsed.type,
    version: parsed.version,
    password: Buffer.from(password, 'utf8'),
    salt: parsed.salt,
    memoryKiB: parsed.m,
    passes: parsed.t,
    parallelism: parsed.p,
    length: parsed.hash.length,
  });
  return equalBytes(tag, parsed.hash);
}
