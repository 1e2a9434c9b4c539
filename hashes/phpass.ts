/**
 * phpass "portable" hashes ($P$ WordPress, $H$ phpBB): 2^n rounds of MD5 over (previous digest + password),
 * seeded with MD5(salt + password), written in phpass's own base64 (itoa64, least significant bits first).
 */
import { createHash } from 'node:crypto';
import { equalAscii, yieldToEventLoop } from './bytes.ts';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PHPASS = /^\$[PH]\$([./0-9A-Za-z])([./0-9A-Za-z]{8})([./0-9A-Za-z]{22})$/;
/** Rounds between two yields to the event loop, so a slow hash does not stall the container. */
const SLICE = 1 << 14;

export interface PhpassHash {
  log2: number;
  salt: string;
  digest: string;
}

export function parsePhpass(stored: string): PhpassHash | null {
  const m = PHPASS.exec(stored);
  if (!m) return null;
  const log2 = ITOA64.indexOf(m[1] as string);
  // phpass itself refuses counts outside 2^7..2^30.
  if (log2 < 7 || log2 > 30) return null;
  return { log2, salt: m[2] as string, digest: m[3] as string };
}

/** phpass's encode64: 3 bytes to 4 characters, little-endian, no padding (16 bytes give 22 characters). */
export function encode64(input: Uint8Array): string {
  let out = '';
  let i = 0;
  const char = (v: number) => ITOA64[v & 0x3f] as string;
  while (i < input.length) {
    let value = input[i++] as number;
    out += char(value);
    if (i < input.length) value |= (input[i] as number) << 8;
    out += char(value >> 6);
    if (i++ >= input.length) break;
    if (i < input.length) value |= (input[i] as number) << 16;
    out += char(value >> 12);
    if (i++ >= input.length) break;
    out += char(value >> 18);
  }
  return out;
}

export async function phpassMatches(password: string, hash: PhpassHash): Promise<boolean> {
  const pw = Buffer.from(password, 'utf8');
  let digest = createHash('md5').update(hash.salt, 'latin1').update(pw).digest();
  for (let left = 2 ** hash.log2; left > 0; ) {
    const n = Math.min(left, SLICE);
    for (let i = 0; i < n; i++) digest = createHash('md5').update(digest).update(pw).digest();
    left -= n;
    if (left > 0) await yieldToEventLoop();
  }
  return equalAscii(encode64(digest), hash.digest);
}
