/**
 * The framework stores themselves, before anything of the kit meets them: per server in the run and per
 * framework that runs there, the framework's own code creates its schema, seeds users, checks passwords,
 * reads them back and reports its unique keys. A missing Debian package fails here with its apt-get line.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseOps } from './databases.ts';
import { at, LEGACY, loginOf, SHAPES, userFor } from './expectations.ts';
import { FRAMEWORKS, type FrameworkInstance, type FrameworkUser } from './index.ts';
import { requirePackages } from './process.ts';

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
