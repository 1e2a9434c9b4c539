/**
 * Writing a new hash in the store's write format, so that the framework keeps accepting its users:
 * create, change_password, rehash-on-login, and the dummy work that keeps "no such user" as slow as
 * "wrong password". A bundle holds only the writer of its store's format (core/bundling.ts).
 */
import { randomBytes } from 'node:crypto';
import type { PasswordConfig } from '../core/passwords.ts';
import { argon2Raw } from './argon2.ts';
import { bcryptHash, sha256Hex, wordpressPrehash } from './bcrypt.ts';
import { encodeB64 } from './bytes.ts';
import { djangoPbkdf2Hash } from './pbkdf2.ts';
import { phpassHash } from './portable.ts';
import { phpTrim } from './trim.ts';

declare global {
  /** The store's write format, defined in bundles only. */
  const __CUSTOMDB_WRITES__: string | undefined;
}

/** A new hash of `password` under the policy's write format (each branch's guard folds in bundles). */
export async function hashPassword(password: string, policy: PasswordConfig): Promise<string> {
  const { format } = policy.write;
  const cost = policy.bcryptCost;
  const secret = policy.trim ? phpTrim(password) : password;
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'bcrypt') &&
    format === 'bcrypt'
  ) {
    return bcryptHash(secret, cost, 'b');
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'bcrypt-2y') &&
    format === 'bcrypt-2y'
  ) {
    return bcryptHash(secret, cost, 'y');
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'bcrypt-sha256') &&
    format === 'bcrypt-sha256'
  ) {
    return bcryptHash(sha256Hex(secret), cost, 'b');
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'wordpress-bcrypt') &&
    format === 'wordpress-bcrypt'
  ) {
    // wp_hash_password (6.8): '$wp' . password_hash(base64(hmac-sha384), PASSWORD_BCRYPT) — PHP writes $2y$.
    return `$wp${await bcryptHash(wordpressPrehash(secret), cost, 'y')}`;
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'phpass') &&
    format === 'phpass'
  ) {
    return phpassHash(secret);
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'django-pbkdf2-sha256') &&
    format === 'django-pbkdf2-sha256'
  ) {
    return djangoPbkdf2Hash(secret, policy.write.iterations);
  }
  if (
    (typeof __CUSTOMDB_WRITES__ === 'undefined' || __CUSTOMDB_WRITES__ === 'argon2id') &&
    format === 'argon2id'
  ) {
    const { memoryKiB, passes, parallelism } = policy.write.argon2;
    const salt = randomBytes(16);
    const tag = await argon2Raw({
      type: 'argon2id',
      version: 19,
      password: Buffer.from(secret, 'utf8'),
      salt,
      memoryKiB,
      passes,
      parallelism,
      length: 32,
    });
    return `$argon2id$v=19$m=${memoryKiB},t=${passes},p=${parallelism}$${encodeB64(salt)}$${encodeB64(tag)}`;
  }
  throw new Error(`write format ${format} is not part of this bundle`);
}

/**
 * The work of one hash in the write format, thrown away: what an unknown user, a user without a usable
 * hash or one over a cap costs, so that timing does not tell them from a known user with a wrong password.
 */
export async function dummyVerify(password: string, policy: PasswordConfig): Promise<void> {
  await hashPassword(password, policy).catch(() => undefined);
}
