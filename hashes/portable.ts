/**
 * Portable hashes: phpass ($P$ WordPress before 6.8, $H$ phpBB: MD5) and Drupal 7 ($S$: SHA-512, and
 * `U$` rows Drupal upgraded from bare MD5). 2^n rounds of the digest over (previous digest + password),
 * seeded with digest(salt + password), written in phpass's own base64 (itoa64, least significant first).
 * Drupal: modules/user/password.inc (_password_crypt, user_check_password); phpass: class-phpass.php.
 */
import { createHash, randomBytes } from 'node:crypto';
import { equalAscii, yieldToEventLoop } from './bytes.ts';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SETTING = /^\$([PHS])\$([./0-9A-Za-z])([./0-9A-Za-z]{8})([./0-9A-Za-z]+)$/;
/** Drupal keeps the first 55 characters of a SHA-512 hash (DRUPAL_HASH_LENGTH). */
const DRUPAL_LENGTH = 55;
/** Rounds between two yields to the event loop, so a slow hash does not stall the container. */
const SLICE = 1 << 14;

export interface PortableHash {
  algorithm: 'md5' | 'sha512';
  log2: number;
  /** '$P$' + count + salt: the first 12 characters. */
  setting: string;
  salt: string;
  /** The stored hash (without Drupal's `U`), compared whole. */
  expected: string;
  /** Drupal's `U$`: the password was MD5-hashed (hex) before this hash. */
  md5First: boolean;
}

export function parsePortable(stored: string): PortableHash | null {
  const md5First = stored.startsWith('U$');
  const value = md5First ? stored.slice(1) : stored;
  const m = SETTING.exec(value);
  if (!m) return null;
  const algorithm = m[1] === 'S' ? 'sha512' : 'md5';
  const log2 = ITOA64.indexOf(m[2] as string);
  // Both phpass and Drupal refuse counts outside 2^7..2^30.
  if (log2 < 7 || log2 > 30) return null;
  const length = algorithm === 'md5' ? 34 : DRUPAL_LENGTH;
  if (value.length !== length) return null;
  return { algorithm, log2, setting: value.slice(0, 12), salt: m[3] as string, expected: value, md5First };
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

async function portableCrypt(
  password: string,
  setting: string,
  algorithm: 'md5' | 'sha512',
  log2: number,
): Promise<string> {
  const pw = Buffer.from(password, 'utf8');
  let digest = createHash(algorithm).update(setting.slice(4, 12), 'latin1').update(pw).digest();
  for (let left = 2 ** log2; left > 0; ) {
    const n = Math.min(left, SLICE);
    for (let i = 0; i < n; i++) digest = createHash(algorithm).update(digest).update(pw).digest();
    left -= n;
    if (left > 0) await yieldToEventLoop();
  }
  return (setting.slice(0, 12) + encode64(digest)).slice(0, algorithm === 'md5' ? 34 : DRUPAL_LENGTH);
}

export async function portableMatches(password: string, parsed: PortableHash): Promise<boolean> {
  const input = parsed.md5First ? createHash('md5').update(password, 'utf8').digest('hex') : password;
  return equalAscii(
    await portableCrypt(input, parsed.setting, parsed.algorithm, parsed.log2),
    parsed.expected,
  );
}

/** A new `$P$` hash as WordPress (before 6.8) writes it: PasswordHash(8, true) on PHP 5+ means 2^13 rounds. */
export function phpassHash(password: string, log2 = 13): Promise<string> {
  const setting = `$P$${ITOA64[log2]}${encode64(randomBytes(6))}`;
  return portableCrypt(password, setting, 'md5', log2);
}
