/**
 * What the tests expect of each framework store: where its users keep what the tests look at, the hash
 * format its own code writes today, hashes older versions wrote, and users that fit its model. Shared by
 * the harness test and the conformance suite's framework block.
 */
import { createHash, pbkdf2Sync, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { FrameworkName, FrameworkStore, FrameworkUser, PasswordVerdict } from './types.ts';

/** Where each framework keeps what the tests look at, and the hash format its own code writes today. */
export const SHAPES: Record<
  FrameworkName,
  {
    email: string;
    emailKey: string;
    usernameKey: string;
    hash: string;
    format: RegExp;
    /** Where a verified address shows (a flag, or a timestamp that is set). */
    verified?: string;
  }
> = {
  wordpress: {
    email: 'user_email',
    emailKey: 'user_email',
    usernameKey: 'user_login',
    hash: 'user_pass',
    format: /^\$P\$B/,
  },
  django: {
    email: 'email',
    emailKey: 'email',
    usernameKey: 'username',
    hash: 'password',
    format: /^pbkdf2_sha256\$260000\$/,
  },
  laravel: {
    email: 'email',
    emailKey: 'email',
    usernameKey: 'username',
    hash: 'password',
    format: /^\$2y\$12\$/,
    verified: 'email_verified_at',
  },
  meteor: {
    email: 'emails.0.address',
    emailKey: 'emails.address',
    usernameKey: 'username',
    hash: 'services.password.bcrypt',
    format: /^\$2b\$10\$/,
    verified: 'emails.0.verified',
  },
  parse: {
    email: 'email',
    emailKey: 'email',
    usernameKey: 'username',
    hash: '_hashed_password',
    format: /^\$2b\$10\$/,
    verified: 'emailVerified',
  },
};

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');
const bcryptAs = (prefix: string, password: string, cost: number) =>
  bcrypt.hashSync(password, cost).replace(/^\$2b\$/, prefix);
function djangoPbkdf2(password: string, iterations: number): string {
  const salt = randomUUID().slice(0, 12);
  const digest = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${digest}`;
}

export interface Legacy {
  what: string;
  hash(password: string): string;
  verdict: PasswordVerdict;
  /** The stored hash after that login, when the framework rewrites it there. */
  after?: RegExp;
}

/** Hashes older versions or settings of each framework wrote, and what its login check makes of them. */
export const LEGACY: Record<FrameworkName, Legacy[]> = {
  wordpress: [
    {
      what: 'plain MD5 (WordPress before 2.5)',
      hash: (password) => hex('md5', password),
      verdict: { ok: true, needsRehash: true },
      after: /^\$P\$B/,
    },
  ],
  django: [
    {
      what: 'PBKDF2 at 100000 iterations',
      hash: (password) => djangoPbkdf2(password, 100_000),
      verdict: { ok: true, needsRehash: true },
      after: /^pbkdf2_sha256\$260000\$/,
    },
  ],
  laravel: [
    {
      what: 'bcrypt $2y$ at cost 10',
      hash: (password) => bcryptAs('$2y$', password, 10),
      verdict: { ok: true, needsRehash: true },
    },
    {
      what: 'bcrypt $2b$ (verify: true refuses it)',
      hash: (password) => bcryptAs('$2b$', password, 12),
      verdict: { ok: false, needsRehash: false, detail: 'This password does not use the Bcrypt algorithm.' },
    },
  ],
  meteor: [
    {
      what: 'bcrypt over SHA-256 at cost 4',
      hash: (password) => bcryptAs('$2b$', hex('sha256', password), 4),
      verdict: { ok: true, needsRehash: true },
    },
  ],
  parse: [
    {
      what: 'bcrypt $2a$ at cost 4 (bcryptjs 2)',
      hash: (password) => bcryptAs('$2a$', password, 4),
      verdict: { ok: true, needsRehash: false },
    },
  ],
};

export function at(record: Record<string, unknown> | null, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], record);
}

/** A user with every part the framework's model holds, and nothing else. */
export function userFor(store: FrameworkStore, tag: string): FrameworkUser {
  const { traits } = store;
  const id = randomUUID().slice(0, 8);
  return {
    email: `${tag}-${id}@example.test`,
    password: `pässword ${tag} ${id}`,
    ...(traits.username === 'none' ? {} : { username: `${tag}_${id}` }),
    ...(traits.names ? { givenName: 'Ada', familyName: `Lovelace-${tag}` } : {}),
    ...(traits.verified ? { verified: tag === 'first' } : {}),
    ...(traits.roles ? { roles: ['editor'] } : {}),
  };
}

export function loginOf(user: FrameworkUser, kind: 'username' | 'email'): string {
  return (kind === 'email' ? user.email : user.username) ?? '';
}
