import { expect, it } from 'vitest';
import { ValidationError } from '../../runtime/errors.ts';
import { describeEachBackend, json } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

const newUser = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: 'Sup3r-secret!',
  tenant: 'acme',
  client_id: 'client-abc',
  connection: 'legacy-db',
  ...extra,
});

describeEachBackend('create', (h) => {
  it('create - should store the user with a bcrypt hash of the password, and nothing of the request besides the mapped fields', async () => {
    const email = h().email('create-ok');
    const { error, results } = await h().call('create', newUser(email));
    expect(error).toBeNull();
    expect(results).toEqual([]);
    const stored = await h().probe.find(email);
    expect(stored).not.toBeNull();
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(stored?.emailVerified).toBe(false);
    const raw = JSON.stringify(stored?.raw);
    for (const leaked of ['Sup3r-secret!', 'client-abc', 'acme', 'legacy-db'])
      expect(raw).not.toContain(leaked);
  });

  it('create - should let the new user log in with the password it was created with', async () => {
    const email = h().email('create-login');
    await h().call('create', newUser(email));
    const { error, results } = await h().call('login', email, 'Sup3r-secret!');
    expect(error).toBeNull();
    expect((results[0] as { email: string }).email).toBe(email);
  });

  it('create - should round-trip metadata: create → get_user → login, app_metadata returned as metadata', async () => {
    const email = h().email('create-meta');
    const userMetadata = { language: 'fr', prefs: { colors: ['red', 'light.blue'], n: 3 } };
    const appMetadata = { plan: 'pro', roles: ['editor'], limits: { seats: 5, trial: false } };
    const created = await h().call(
      'create',
      newUser(email, { user_metadata: userMetadata, app_metadata: appMetadata }),
    );
    expect(created.error).toBeNull();

    const stored = await h().probe.find(email);
    expect(stored?.userMetadata).toEqual(userMetadata);
    expect(stored?.appMetadata).toEqual(appMetadata);

    const got = await h().call('get_user', email);
    const profile = json(got.results[0]) as Record<string, unknown>;
    expect(profile.user_metadata).toEqual(userMetadata);
    expect(profile.metadata).toEqual(appMetadata);
    expect(profile).not.toHaveProperty('app_metadata');

    const login = await h().call('login', email, 'Sup3r-secret!');
    expect(json(login.results[0])).toEqual(profile);
  });

  it('create - should store the email lowercased, so that any casing logs in', async () => {
    const email = h().email('Create-Case');
    await h().call('create', newUser(email));
    expect((await h().probe.find(email.toLowerCase()))?.email).toBe(email.toLowerCase());
    const { error } = await h().call('login', email.toUpperCase(), 'Sup3r-secret!');
    expect(error).toBeNull();
  });

  it('create - should answer ValidationError user_exists for a duplicate email and leave the first user as it was', async () => {
    const email = h().email('create-dup');
    await h().seed({ email, name: 'First' });
    const before = await h().probe.find(email);
    const { error } = await h().call('create', newUser(email.toUpperCase()));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.code).toBe('user_exists');
    expect(await h().probe.countEmails([email])).toBe(1);
    expect(await h().probe.find(email)).toEqual(before);
  });

  it('create - should answer user_exists to two concurrent creates of one email, storing exactly one', async () => {
    const email = h().email('create-race');
    const [a, b] = await Promise.all([
      h().call('create', newUser(email)),
      h().call('create', newUser(email)),
    ]);
    const errors = [a.error, b.error].filter(Boolean);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('user_exists');
    expect(await h().probe.countEmails([email])).toBe(1);
  });

  it('create - should answer user_exists for a duplicate username', async () => {
    const username = `dup_${Math.floor(Math.random() * 1e9)}`;
    await h().seed({ email: h().email('create-user1'), username });
    const email = h().email('create-user2');
    const { error } = await h().call('create', newUser(email, { username }));
    expect(error?.code).toBe('user_exists');
    expect(await h().probe.find(email)).toBeNull();
  });

  it.each(BAD_STRINGS)('create - should refuse %s as the email and store nothing', async (_, value) => {
    const total = await h().probe.total();
    const { error } = await h().call('create', { ...newUser('x@example.test'), email: value });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.code).toBe('invalid_input');
    expect(await h().probe.total()).toBe(total);
  });

  it.each(BAD_STRINGS)('create - should refuse %s as the password and store nothing', async (_, value) => {
    const email = h().email('create-badpw');
    const { error } = await h().call('create', { ...newUser(email), password: value });
    expect(error?.code).toBe('invalid_input');
    expect(await h().probe.find(email)).toBeNull();
  });

  it.each([
    ['a string user', 'x@example.test'],
    ['null', null],
    ['an array', []],
  ])('create - should refuse %s as the user', async (_, value) => {
    const { error } = await h().call('create', value);
    expect(error?.code).toBe('invalid_input');
  });

  it.each([
    ['a dotted key', { 'preference.color': 'pink' }],
    ['a $ key', { $set: { admin: true } }],
    ['a nested $ key', { a: { $where: '1' } }],
    ['a string', 'plan'],
  ])(
    'create - should refuse metadata with %s (Auth0 would answer 400) and store nothing',
    async (_, metadata) => {
      const email = h().email('create-badmeta');
      const { error } = await h().call('create', newUser(email, { app_metadata: metadata }));
      expect(error?.code).toBe('invalid_input');
      expect(await h().probe.find(email)).toBeNull();
    },
  );
});

/** Metadata nested `levels` deep: { a: { a: … { a: 1 } } }. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describeEachBackend('create input limits', (h) => {
  it.each([
    [
      'metadata nested 11 levels deep',
      { user_metadata: nested(11) },
      /user_metadata(\.a){10} is nested deeper than 10 levels/,
    ],
    ['metadata nested thousands deep', { app_metadata: nested(5000) }, /nested deeper than 10 levels/],
    [
      'a key holding NUL',
      { user_metadata: { 'a\u0000b': 1 } },
      /user_metadata has a key holding a control character/,
    ],
    [
      'a string value holding NUL',
      { app_metadata: { plan: 'pro\u0000' } },
      /app_metadata\.plan holds a NUL character/,
    ],
    ['a key holding $ inside', { app_metadata: { a$b: 1 } }, /app_metadata\.a\$b is a key holding/],
    [
      'a key of 101 characters',
      { user_metadata: { ['k'.repeat(101)]: 1 } },
      /is a key longer than 100 characters/,
    ],
    ['an empty key', { user_metadata: { '': 1 } }, /user_metadata has an empty key/],
    [
      '300 KB of metadata',
      { user_metadata: { blob: 'x'.repeat(300_000) } },
      /user_metadata is \d+ bytes, over 262144/,
    ],
    ['a 129-character username', { username: 'u'.repeat(129) }, /username is longer than 128 characters/],
    [
      'a 255-character email',
      { email: `${'e'.repeat(242)}@example.test` },
      /email is longer than 254 characters/,
    ],
  ])(
    'create - should refuse %s as invalid_input naming the field, storing nothing',
    async (_, extra, reason) => {
      const email = h().email('create-limits');
      const { error } = await h().call('create', { email, password: 'Limits-pw-1', ...extra });
      expect(error).toBeInstanceOf(ValidationError);
      expect(error?.code).toBe('invalid_input');
      expect(error?.message).toMatch(reason);
      expect(await h().probe.find(email)).toBeNull();
    },
  );

  it('create - should store metadata at the limits exactly as given', async () => {
    const email = h().email('create-at-limits');
    const metadata = { ...nested(10), ['k'.repeat(100)]: 'v', text: 'light.blue $ is fine in values' };
    const { error } = await h().call('create', { email, password: 'Limits-pw-1', user_metadata: metadata });
    expect(error).toBeNull();
    expect((await h().probe.find(email))?.userMetadata).toEqual(metadata);
  });
});
