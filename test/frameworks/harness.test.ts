/**
 * The framework stores themselves, before anything of the kit meets them: per server in the run and per
 * framework that runs there, the framework's own code creates its schema, seeds users, checks passwords,
 * reads them back and reports its unique keys. A missing Debian package fails here with its apt-get line.
 */
import { createHash, pbkdf2Sync, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseOps } from './databases.ts';
import {
  FRAMEWORKS,
  type FrameworkInstance,
  type FrameworkName,
  type FrameworkStore,
  type FrameworkUser,
} from './index.ts';
import { requirePackages } from './process.ts';
import type { PasswordVerdict } from './types.ts';

/** Where each framework keeps what the tests look at, and the hash format its own code writes today. */
const SHAPES: Record<
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

interface Legacy {
  what: string;
  hash(password: string): string;
  verdict: PasswordVerdict;
  /** The stored hash after that login, when the framework rewrites it there. */
  after?: RegExp;
}

/** Hashes older versions or settings of each framework wrote, and what its login check makes of them. */
const LEGACY: Record<FrameworkName, Legacy[]> = {
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

function at(record: Record<string, unknown> | null, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], record);
}

/** A user with every part the framework's model holds, and nothing else. */
function userFor(store: FrameworkStore, tag: string): FrameworkUser {
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

function loginOf(user: FrameworkUser, kind: 'username' | 'email'): string {
  return (kind === 'email' ? user.email : user.username) ?? '';
}

describe('framework stores - Debian packages', () => {
  it('framework stores - a missing package fails with the exact apt-get line', async () => {
    await expect(requirePackages(['php-cli', 'customdb-no-such-package'])).rejects.toThrow(
      /: apt-get install -y --no-install-recommends customdb-no-such-package$/,
    );
    await expect(requirePackages(['php-cli'])).resolves.toBeUndefined();
  });
});

for (const server of inject('servers')) {
  for (const store of FRAMEWORKS.filter((candidate) => candidate.adapters.includes(server.adapter))) {
    const shape = SHAPES[store.framework];
    const { traits } = store;
    describe(`framework stores - ${store.framework} [${server.adapter}: ${server.label}]`, () => {
      let instance: FrameworkInstance;
      let notes: string[] = [];
      const users = [userFor(store, 'first'), userFor(store, 'second')];
      beforeAll(async () => {
        instance = store.on(server);
        notes = await instance.create();
        // What the server made the framework leave out is worth reading in the run's log.
        for (const note of notes) console.info(`${store.framework} on ${server.label}: ${note}`);
        for (const user of users) await instance.seedUser(user);
      });
      afterAll(async () => {
        await instance?.drop();
      });

      it('framework stores - names its version and its own database on the same server', async () => {
        expect(await store.version()).toMatch(/^\d+\.\d+/);
        expect(instance.database).toBe(`customdb_${store.framework}`);
        expect(new URL(instance.server.url).pathname).toBe(`/customdb_${store.framework}`);
        expect(new URL(instance.server.url).host).toBe(new URL(server.url).host);
        expect(Array.isArray(notes)).toBe(true);
      });

      it('framework stores - right passwords log in by every login the framework takes, wrong ones do not', async () => {
        for (const user of users) {
          for (const kind of traits.logins) {
            const login = loginOf(user, kind);
            expect(await instance.checkPassword(login, user.password), `${kind} ${login}`).toEqual({
              ok: true,
              needsRehash: false,
            });
            expect((await instance.checkPassword(login, `${user.password}!`)).ok, `${kind} ${login}`).toBe(
              false,
            );
          }
        }
        const [first, second] = users as [FrameworkUser, FrameworkUser];
        const kind = traits.logins[0] ?? 'email';
        expect((await instance.checkPassword(loginOf(first, kind), second.password)).ok).toBe(false);
        expect((await instance.checkPassword(`nobody-${randomUUID()}@example.test`, first.password)).ok).toBe(
          false,
        );
      });

      it('framework stores - reads users back as the framework stored them', async () => {
        for (const user of users) {
          const record = await instance.readUser(loginOf(user, traits.logins[0] ?? 'email'));
          expect(at(record, shape.email)).toBe(user.email);
          expect(String(at(record, shape.hash))).toMatch(shape.format);
          expect(JSON.stringify(record)).not.toContain(user.password);
          if (user.username) expect(JSON.stringify(record)).toContain(user.username);
          if (user.familyName) expect(JSON.stringify(record)).toContain(user.familyName);
          if (user.roles) expect(JSON.stringify(record)).toContain(user.roles[0]);
          if (user.verified !== undefined) {
            expect(Boolean(at(record, shape.verified ?? 'none')), 'verified').toBe(user.verified);
          }
        }
        expect(await instance.readUser(`nobody-${randomUUID()}@example.test`)).toBeNull();
      });

      it('framework stores - unique keys are the ones the framework declares', async () => {
        const keys = await instance.uniqueKeys();
        expect(keys.includes(shape.emailKey), keys.join(' ')).toBe(traits.uniqueEmail === 'database');
        expect(keys.includes(shape.usernameKey), keys.join(' ')).toBe(traits.uniqueUsername === 'database');
      });

      it('framework stores - a second user with a taken email is refused unless the framework allows it', async () => {
        const twin = { ...userFor(store, 'twin'), email: (users[0] as FrameworkUser).email };
        const created = instance.seedUser(twin);
        if (traits.uniqueEmail === 'none') await expect(created).resolves.toMatch(/\S/);
        else await expect(created).rejects.toThrow();
      });

      if (traits.active) {
        it('framework stores - an inactive user with the right password does not log in', async () => {
          const user = { ...userFor(store, 'inactive'), active: false };
          await instance.seedUser(user);
          const verdict = await instance.checkPassword(
            loginOf(user, traits.logins[0] ?? 'email'),
            user.password,
          );
          expect(verdict.ok).toBe(false);
          expect(verdict.detail).toBe('inactive');
        });
      }

      it('framework stores - a user with a part the model does not hold is refused', async () => {
        const extras: Partial<FrameworkUser>[] = [
          ...(traits.active ? [] : [{ active: false }]),
          ...(traits.verified ? [] : [{ verified: true }]),
          ...(traits.roles ? [] : [{ roles: ['admin'] }]),
          ...(traits.names ? [] : [{ givenName: 'Ada' }]),
          ...(traits.username === 'none' ? [{ username: 'ada' }] : []),
        ];
        expect(extras.length).toBeGreaterThan(0);
        for (const extra of extras) {
          await expect(instance.seedUser({ ...userFor(store, 'extra'), ...extra })).rejects.toThrow(
            /hold no/,
          );
        }
      });

      it('framework stores - legacy hashes are checked and flagged as the framework does', async () => {
        for (const legacy of LEGACY[store.framework]) {
          const user = userFor(store, 'legacy');
          await instance.seedUser(user);
          const ops = databaseOps(instance.server);
          const where: [string, string] = [shape.emailKey, user.email];
          expect(
            await ops.setField(instance.server, instance.table, where, [
              shape.hash,
              legacy.hash(user.password),
            ]),
          ).toBe(1);
          const login = loginOf(user, traits.logins[0] ?? 'email');
          expect(await instance.checkPassword(login, user.password), legacy.what).toEqual(legacy.verdict);
          const stored = String(at(await instance.readUser(login), shape.hash));
          if (legacy.after) expect(stored, legacy.what).toMatch(legacy.after);
          expect((await instance.checkPassword(login, `${user.password}?`)).ok, legacy.what).toBe(false);
        }
      });

      it('framework stores - drop removes the store database', async () => {
        await instance.drop();
        expect(await instance.uniqueKeys().catch(() => [])).toEqual([]);
      });
    });
  }
}
