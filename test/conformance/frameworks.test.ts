/**
 * Framework stores: each preset on each server its framework runs on, over the schema the framework's
 * own code created (test/frameworks/), seeded with users the framework made. All seven scripts go through
 * bundles built from a config that says little more than `{ preset }`, and every write is judged by the
 * framework's own login check and read back through the framework.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { findAdapter } from '../../adapters/registry.ts';
import type { TestServer } from '../../adapters/testing/types.ts';
import { buildAll } from '../../build/bundle.ts';
import type { ScriptName } from '../../build/scripts.ts';
import type { PasswordConfigInput } from '../../core/passwords.ts';
import { Auth0Container, type Invocation } from '../../runtime/container.ts';
import { UnauthorizedError, WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { at, SHAPES, userFor } from '../frameworks/expectations.ts';
import {
  FRAMEWORKS,
  type FrameworkInstance,
  type FrameworkName,
  type FrameworkStore,
  type FrameworkUser,
} from '../frameworks/index.ts';

/** Per framework, what differs: where verification goes, and what Debian's framework version reads. */
const PER_FRAMEWORK: Record<
  FrameworkName,
  { verify: 'stored' | 'refused'; write?: PasswordConfigInput['write'] }
> = {
  // Debian 12 ships WordPress 6.1, which predates 6.8's `$wp$` hashes: such a site writes phpass.
  wordpress: { verify: 'stored', write: { format: 'phpass' } },
  // auth_user has no verified flag and the preset invents none: verify refuses rather than lie.
  django: { verify: 'refused' },
  laravel: { verify: 'stored' },
  meteor: { verify: 'stored' },
  parse: { verify: 'stored' },
};

const ROOT = inject('root');
const profileOf = (outcome: Invocation) => outcome.results[0] as Record<string, unknown> | undefined;

function loginName(store: FrameworkStore, user: FrameworkUser): string {
  return store.traits.logins.includes('email') ? user.email : (user.username as string);
}

async function buildFor(
  adapter: AdapterDescriptor,
  framework: FrameworkName,
  more: PasswordConfigInput = {},
): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `customdb-${framework}-`));
  const { write } = PER_FRAMEWORK[framework];
  const passwords = { ...(write ? { write } : {}), ...more };
  const store = {
    driver: adapter.driverPackage,
    preset: framework,
    ...(Object.keys(passwords).length ? { passwords } : {}),
  };
  await buildAll({
    root: ROOT,
    config: { userIdPrefix: 'legacy|', stores: { [adapter.name]: store } } as never,
    outDir,
  });
  return join(outDir, adapter.name);
}

function frameworkBlock(server: TestServer, store: FrameworkStore): void {
  const adapter = findAdapter(server.adapter) as AdapterDescriptor;
  const { framework, traits } = store;
  const expected = PER_FRAMEWORK[framework];
  // Stated, not skipped: an address kept in an array (Meteor's emails.address) is unique only where the
  // server enforces a unique index over an array path; FerretDB v1 creates one but does not enforce it.
  const uniqueEmailHolds = !SHAPES[framework].emailKey.includes('.') || server.enforcesArrayUniqueIndexes;
  describe(`framework stores - ${framework} preset [${server.adapter}: ${server.label}]`, () => {
    let instance: FrameworkInstance;
    let dist: string;
    let rehashDist: string;
    let container: Auth0Container;
    const made = userFor(store, 'first');
    const inactive = { ...userFor(store, 'inactive'), active: false };
    const call = (name: ScriptName, ...args: unknown[]) =>
      container.invoke(readFileSync(join(dist, `${name}.js`), 'utf8'), args, `${framework}/${name}`);

    beforeAll(async () => {
      instance = store.on(server);
      await instance.create();
      await instance.seedUser(made);
      if (traits.active) await instance.seedUser(inactive);
      dist = await buildFor(adapter, framework);
      rehashDist = await buildFor(adapter, framework, { rehashOnLogin: true });
      const testing = await adapter.testing();
      container = new Auth0Container({ configuration: testing.configuration(instance.server) });
    }, 120_000);

    afterAll(async () => {
      await container?.[Symbol.asyncDispose]();
      await instance?.drop();
      for (const dir of [dist, rehashDist])
        if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
    });

    it('framework stores - a user the framework made logs in by every login it takes, and get_user agrees', async () => {
      for (const kind of traits.logins) {
        const login = kind === 'email' ? made.email : (made.username as string);
        const ok = await call('login', login, made.password);
        expect(ok.error, kind).toBeNull();
        expect(profileOf(ok)?.email).toBe(made.email);
        expect(String(profileOf(ok)?.user_id)).toMatch(/^legacy\|/);
        // Laravel keeps one `name` column: the family name is in the profile's name there.
        if (made.familyName) expect(JSON.stringify(profileOf(ok))).toContain(made.familyName);
        const wrong = await call('login', login, `${made.password}!`);
        expect(wrong.error).toBeInstanceOf(WrongUsernameOrPasswordError);
      }
      const got = await call('get_user', made.email);
      expect(got.error).toBeNull();
      expect(profileOf(got)?.user_id).toBe(
        profileOf(await call('login', loginName(store, made), made.password))?.user_id,
      );
    });

    if (traits.active)
      it('framework stores - an inactive user with the right password is refused as blocked', async () => {
        const refused = await call('login', loginName(store, inactive), inactive.password);
        expect(refused.error).toBeInstanceOf(UnauthorizedError);
        const wrong = await call('login', loginName(store, inactive), `${inactive.password}!`);
        expect(wrong.error).toBeInstanceOf(WrongUsernameOrPasswordError);
      });

    it('framework stores - create writes a user the framework itself logs in, and so does the bundle', async () => {
      const user = userFor(store, 'created');
      const created = await call('create', {
        email: user.email,
        password: user.password,
        ...(traits.username === 'none' ? {} : { username: user.username }),
      });
      expect(created.error).toBeNull();
      expect(await instance.checkPassword(loginName(store, user), user.password)).toMatchObject({ ok: true });
      expect((await instance.checkPassword(loginName(store, user), `${user.password}!`)).ok).toBe(false);
      const record = await instance.readUser(loginName(store, user));
      expect(at(record, SHAPES[framework].email)).toBe(user.email);
      expect((await call('login', loginName(store, user), user.password)).error).toBeNull();
      if (uniqueEmailHolds) {
        const twice = await call('create', {
          email: user.email,
          password: user.password,
          ...(user.username ? { username: `${user.username}x` } : {}),
        });
        expect(twice.error?.message).toMatch(/exist/);
      }
    });

    it('framework stores - change_password writes a hash the framework accepts, and the old one stops', async () => {
      const user = userFor(store, 'repass');
      await instance.seedUser(user);
      const changed = await call('change_password', user.email, `${user.password} new`);
      expect(changed.error).toBeNull();
      expect(await instance.checkPassword(loginName(store, user), `${user.password} new`)).toMatchObject({
        ok: true,
      });
      expect((await instance.checkPassword(loginName(store, user), user.password)).ok).toBe(false);
    });

    it('framework stores - a rehash on login leaves a hash the framework still accepts', async () => {
      const user = userFor(store, 'rehash');
      await instance.seedUser(user);
      const login = readFileSync(join(rehashDist, 'login.js'), 'utf8');
      expect(
        (await container.invoke(login, [loginName(store, user), user.password], 'rehash')).error,
      ).toBeNull();
      expect(await instance.checkPassword(loginName(store, user), user.password)).toMatchObject({ ok: true });
      expect(
        (await container.invoke(login, [loginName(store, user), user.password], 'rehash')).error,
      ).toBeNull();
    });

    it('framework stores - verify marks the address verified where the store keeps it, and refuses where it cannot', async () => {
      const user = { ...userFor(store, 'verify'), ...(traits.verified ? { verified: false } : {}) };
      await instance.seedUser(user);
      const verified = await call('verify', user.email);
      if (expected.verify === 'refused') {
        expect(verified.error?.message).toContain('config_invalid');
        return;
      }
      expect(verified.error).toBeNull();
      expect(verified.results[0]).toBe(true);
      expect(profileOf(await call('get_user', user.email))?.email_verified).toBe(true);
      const shape = SHAPES[framework].verified;
      if (shape) expect(Boolean(at(await instance.readUser(loginName(store, user)), shape))).toBe(true);
    });

    it('framework stores - change_email moves the address, which the framework then finds', async () => {
      const user = userFor(store, 'move');
      await instance.seedUser(user);
      const to = userFor(store, 'moved').email;
      const moved = await call('change_email', user.email, to, false);
      expect(moved.error).toBeNull();
      expect(moved.results[0]).toBe(true);
      const login = traits.logins.includes('email') ? to : (user.username as string);
      expect(at(await instance.readUser(login), SHAPES[framework].email)).toBe(to);
      expect(await instance.checkPassword(login, user.password)).toMatchObject({ ok: true });
      expect(await instance.readUser(user.email)).toBeNull();
    });

    it('framework stores - delete removes the user the framework made', async () => {
      const user = userFor(store, 'gone');
      const id = await instance.seedUser(user);
      const removed = await call('delete', `legacy|${id}`);
      expect(removed.error).toBeNull();
      expect(await instance.readUser(loginName(store, user))).toBeNull();
    });

    it('framework stores - concurrent creates of one address make one user', async () => {
      if (!uniqueEmailHolds) {
        expect(server.enforcesArrayUniqueIndexes).toBe(false);
        return;
      }
      const user = userFor(store, 'race');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          call('create', {
            email: user.email,
            password: user.password,
            ...(traits.username === 'none' ? {} : { username: `${user.username}_${i}` }),
          }),
        ),
      );
      expect(answers.filter((answer) => answer.error === null)).toHaveLength(1);
      const got = await call('get_user', user.email);
      expect(got.error).toBeNull();
      expect(profileOf(got)?.email).toBe(user.email);
    });
  });
}

for (const server of inject('servers')) {
  for (const store of FRAMEWORKS.filter((candidate) => candidate.adapters.includes(server.adapter))) {
    frameworkBlock(server, store);
  }
}
