/**
 * crypt(3) hashes: MD5-crypt `$1$` (Poul-Henning Kamp's FreeBSD algorithm) and SHA-crypt `$5$` / `$6$`
 * (Ulrich Drepper's specification, https://www.akkadia.org/drepper/SHA-crypt.txt), as glibc, OpenSSL
 * `passwd` and passlib write them. Recomputed here and compared in constant time.
 */
import { createHash } from 'node:crypto';
import { equalAscii, yieldToEventLoop } from './bytes.ts';

export interface CryptHash {
  kind: '1' | '5' | '6';
  /** The salt as stored: at most 8 characters for $1$, 16 for $5$/$6$. */
  salt: string;
  rounds: number;
  /** `rounds=` was written, so it is part of the output. */
  explicitRounds: boolean;
  digest: string;
}

const CRYPT = /^\$(1|5|6)\$(?:rounds=(\d{1,9})\$)?([^$:\n]{0,16})\$([./0-9A-Za-z]+)$/;
const DIGEST_LENGTH = { '1': 22, '5': 43, '6': 86 } as const;
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function parseCrypt(stored: string): CryptHash | null {
  const m = CRYPT.exec(stored);
  if (!m) return null;
  const kind = m[1] as CryptHash['kind'];
  const salt = m[3] as string;
  const digest = m[4] as string;
  if (digest.length !== DIGEST_LENGTH[kind]) return null;
  if (kind === '1')
    return m[2] === undefined && salt.length <= 8
      ? { kind, salt, rounds: 1000, explicitRounds: false, digest }
      : null;
  // SHA-crypt clamps the count into 1000..999,999,999 rather than refusing it.
  const rounds = m[2] === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, Number(m[2])));
  return { kind, salt, rounds, explicitRounds: m[2] !== undefined, digest };
}

function to64(value: number, count: number): string {
  let out = '';
  for (let v = value; count > 0; count--, v >>>= 6) out += ITOA64[v & 0x3f];
  return out;
}

function encode(bytes: Uint8Array, groups: readonly (readonly number[])[]): string {
  let out = '';
  for (const group of groups) {
    const [a, b, c] = group as [number, number, number];
    const value = ((bytes[a] ?? 0) << 16) | ((bytes[b] ?? 0) << 8) | (bytes[c] ?? 0);
    out += to64(value, group[3] ?? 4);
  }
  return out;
}

// Byte order of the final encoding; -1 stands for a zero byte, the fourth number for a short group.
const MD5_GROUPS = [
  [0, 6, 12],
  [1, 7, 13],
  [2, 8, 14],
  [3, 9, 15],
  [4, 10, 5],
  [-1, -1, 11, 2],
];
const SHA256_GROUPS = [
  [0, 10, 20],
  [21, 1, 11],
  [12, 22, 2],
  [3, 13, 23],
  [24, 4, 14],
  [15, 25, 5],
  [6, 16, 26],
  [27, 7, 17],
  [18, 28, 8],
  [9, 19, 29],
  [-1, 31, 30, 3],
];
const SHA512_GROUPS = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
  [-1, -1, 63, 2],
];

async function md5Crypt(password: Buffer, salt: Buffer): Promise<string> {
  const md5 = () => createHash('md5');
  const alternate = md5().update(password).update(salt).update(password).digest();
  const ctx = md5().update(password).update('$1$').update(salt);
  for (let left = password.length; left > 0; left -= 16)
    ctx.update(alternate.subarray(0, Math.min(left, 16)));
  for (let i = password.length; i; i >>>= 1) ctx.update(i & 1 ? Buffer.alloc(1) : password.subarray(0, 1));
  let final = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const round = md5().update(i & 1 ? password : final);
    if (i % 3) round.update(salt);
    if (i % 7) round.update(password);
    final = round.update(i & 1 ? final : password).digest();
  }
  return encode(final, MD5_GROUPS);
}

/** `length` bytes of `block` repeated. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += block.length)
    block.copy(out, at, 0, Math.min(block.length, length - at));
  return out;
}

async function shaCrypt(
  algorithm: 'sha256' | 'sha512',
  password: Buffer,
  salt: Buffer,
  rounds: number,
): Promise<string> {
  const sha = () => createHash(algorithm);
  const size = algorithm === 'sha256' ? 32 : 64;
  const b = sha().update(password).update(salt).update(password).digest();
  const a = sha().update(password).update(salt);
  for (let left = password.length; left > 0; left -= size) a.update(b.subarray(0, Math.min(left, size)));
  for (let i = password.length; i > 0; i >>>= 1) a.update(i & 1 ? b : password);
  let c = a.digest();
  const dp = sha();
  for (let i = 0; i < password.length; i++) dp.update(password);
  const p = repeatTo(dp.digest(), password.length);
  const ds = sha();
  for (let i = 0; i < 16 + (c[0] as number); i++) ds.update(salt);
  const s = repeatTo(ds.digest(), salt.length);
  let started = Date.now();
  for (let i = 0; i < rounds; i++) {
    const round = sha().update(i & 1 ? p : c);
    if (i % 3) round.update(s);
    if (i % 7) round.update(p);
    c = round.update(i & 1 ? c : p).digest();
    // Large counts are allowed (up to the cap): let the container's other calls run meanwhile.
    if ((i & 4095) === 4095 && Date.now() - started >= 10) {
      await yieldToEventLoop();
      started = Date.now();
    }
  }
  return encode(c, algorithm === 'sha256' ? SHA256_GROUPS : SHA512_GROUPS);
}

export async function cryptMatches(password: string, parsed: CryptHash): Promise<boolean> {
  const pw = Buffer.from(password, 'utf8');
  const salt = Buffer.from(parsed.salt, 'utf8');
  const digest =
    parsed.kind === '1'
      ? await md5Crypt(pw, salt)
      : await shaCrypt(parsed.kind === '5' ? 'sha256' : 'sha512', pw, salt, parsed.rounds);
  return equalAscii(digest, parsed.digest);
}
