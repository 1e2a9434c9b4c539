import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { KitError } from '../core/errors.ts';
import { equalAscii } from './bytes.ts';

export interface BcryptHash {
  minor: 'a' | 'b' | 'y';
  cost: number;
  /** '$2x$NN$' plus the 22-character salt: what bcryptjs takes as its salt argument. */
  setting: string;
  /** The 31-character digest. */
  digest: string;
}

const BCRYPT = /^\$2([aby])\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

export function parseBcrypt(stored: string): BcryptHash | null {
  const m = BCRYPT.exec(stored);
  if (!m) return null;
  const cost = Number(m[2]);
  if (cost < 4 || cost > 31) return null;
  return {
    minor: m[1] as BcryptHash['minor'],
    cost,
    setting: stored.slice(0, 29),
    digest: m[4] as string,
  };
}

/**
 * Recomputes with the stored salt and compares the digests ourselves, in constant time.
 * $2a$/$2b$/$2y$ compute the same for every password under 256 bytes; bcrypt reads at most 72 bytes.
 */
export async function bcryptMatches(password: string, hash: BcryptHash): Promise<boolean> {
  const computed = await bcrypt.hash(password, hash.setting);
  return equalAscii(computed.slice(-31), hash.digest);
}

/** Meteor's accounts-password sends and stores bcrypt(lowercase hex SHA-256 of the password). */
export function meteorPrehash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  if (typeof password !== 'string') throw new KitError('invalid_input', 'password must be a string');
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) {
    throw new KitError('config_invalid', 'bcrypt cost must be an integer from 4 to 31');
  }
  // bcryptjs 3 writes $2b$ and draws its salt from node:crypto.
  return bcrypt.hash(password, await bcrypt.genSalt(cost));
}
