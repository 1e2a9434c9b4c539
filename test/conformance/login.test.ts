import bcrypt from 'bcryptjs';
import { expect, it } from 'vitest';
import { WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { describeEachBackend, json, PASSWORD } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('login', (h) => {
  it('login - should return the profile, with app-level data under metadata, for the right password', async () => {
    const email = h().email('login-ok');
    const id = await h().seed({
      email,
      emailVerified: true,
      username: `u${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`,
      name: 'Jane Doe',
      givenName: 'Jane',
      familyName: 'Doe',
      nickname: 'jd',
      picture: 'https://example.test/jane.png',
      userMetadata: { language: 'en', theme: { dark: true } },
      appMetadata: { plan: 'full', roles: ['admin'] },
    });
    const { error, results } = await h().call('login', email, PASSWORD);
    expect(error).toBeNull();
    const profile = json(results[0]) as Record<string, unknown>;
    const stored = await h().probe.find(email);
    expect(profile).toEqual({
      user_id: h().userId(id),
      email,
      email_verified: true,
      username: stored?.username,
      name: 'Jane Doe',
      given_name: 'Jane',
      family_name: 'Doe',
      nickname: 'jd',
      picture: 'https://example.test/jane.png',
      user_metadata: { language: 'en', theme: { dark: true } },
      metadata: { plan: 'full', roles: ['admin'] },
    });
    expect(profile).not.toHaveProperty('app_metadata');
  });

  it('login - should never return the password hash or salt', async () => {
    const email = h().email('login-nohash');
    await h().seed({ email, passwordSalt: 'pepper-salt' });
    const { results } = await h().call('login', email, PASSWORD);
    const text = JSON.stringify(results[0]);
    const stored = await h().probe.find(email);
    expect(stored?.passwordHash).toBeTruthy();
    expect(text).not.toContain(stored?.passwordHash as string);
    expect(text).not.toContain('pepper-salt');
  });

  it('login - should match the email case-insensitively and return the stored address', async () => {
    const email = h().email('login-case');
    await h().seed({ email });
    const { error, results } = await h().call('login', email.toUpperCase(), PASSWORD);
    expect(error).toBeNull();
    expect((results[0] as { email: string }).email).toBe(email);
  });

  it('login - should accept the username on a connection that maps usernames', async () => {
    const email = h().email('login-username');
    const username = `jane_${Math.floor(Math.random() * 1e9)}`;
    const id = await h().seed({ email, username });
    const { error, results } = await h().call('login', username, PASSWORD);
    expect(error).toBeNull();
    expect((results[0] as { user_id: string }).user_id).toBe(h().userId(id));
  });

  it('login - should answer WrongUsernameOrPasswordError for a wrong password', async () => {
    const email = h().email('login-wrong');
    await h().seed({ email });
    const { error, results } = await h().call('login', email, 'not the password');
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
    expect(error?.code).toBe('wrongusernameorpassword');
    expect(error?.user_id).toBe(email);
    expect(results).toEqual([]);
  });

  it('login - should answer WrongUsernameOrPasswordError for an unknown user', async () => {
    const email = h().email('login-unknown');
    const { error } = await h().call('login', email, PASSWORD);
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
    expect(await h().probe.find(email)).toBeNull();
  });

  it('login - should refuse a user whose stored hash is empty', async () => {
    const email = h().email('login-nohash-row');
    await h().seed({ email, passwordHash: null });
    const { error } = await h().call('login', email, PASSWORD);
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
  });

  it('login - should refuse a stored hash in a format it cannot verify, as a logged fault', async () => {
    const email = h().email('login-ldap');
    await h().seed({ email, passwordHash: '{SSHA}not-a-format-the-kit-knows' });
    const { error, logs } = await h().call('login', email, PASSWORD);
    expect(error?.name).toBe('Error');
    expect(error).not.toBeInstanceOf(WrongUsernameOrPasswordError);
    expect(error?.message).toContain('unknown_hash_format');
    expect(logs.join('\n')).toContain('cannot verify');
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('login - should use native bcrypt where the runtime serves it, else the bundled one, and say which once', async () => {
    const email = h().email('login-engine');
    await h().seed({ email });
    const engines = [
      { container: h().newContainer(), says: 'native bcrypt' },
      // A runtime that serves the driver alone: the bundled implementation, same answers.
      { container: h().newContainer({ allowedModules: [h().store.driver] }), says: 'the bundled bcrypt' },
    ];
    for (const { container, says } of engines) {
      try {
        const first = await h().callIn(container, 'login', email, PASSWORD);
        expect(first.error).toBeNull();
        expect(first.logs.join('\n')).toContain(`bcrypt is computed by ${says}`);
        const wrong = await h().callIn(container, 'login', email, `x${PASSWORD}`);
        expect(wrong.error).toBeInstanceOf(WrongUsernameOrPasswordError);
        expect(wrong.logs.join('\n')).not.toContain('bcrypt is computed by');
      } finally {
        await container[Symbol.asyncDispose]();
      }
    }
  });

  it("login - should answer a wrong password for Django's unusable password", async () => {
    const email = h().email('login-unusable');
    await h().seed({ email, passwordHash: `!${'x'.repeat(40)}` });
    const { error } = await h().call('login', email, PASSWORD);
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
  });

  it('login - should refuse a hash over the work caps before hashing it, as a logged fault', async () => {
    const email = h().email('login-overcap');
    // bcrypt cost 31 takes days: only a check before hashing answers at all.
    const stored = `$2b$31$${'a'.repeat(53)}`;
    await h().seed({ email, passwordHash: stored });
    const { error, logs } = await h().call('login', email, PASSWORD);
    expect(error?.message).toContain('hash_over_cap');
    expect(error?.message).not.toContain(stored);
    expect(logs.join('\n')).toMatch(/bcrypt cost 31 is over the cap of 15/);
    expect(logs.join('\n')).not.toContain(stored);
  });

  it.each(BAD_STRINGS)(
    'login - should refuse %s as the email with WrongUsernameOrPasswordError',
    async (_, value) => {
      const email = h().email('login-bad');
      await h().seed({ email });
      const before = await h().probe.find(email);
      const { error } = await h().call('login', value, PASSWORD);
      expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
      expect(error?.user_id).toBeNull();
      expect(await h().probe.find(email)).toEqual(before);
    },
  );

  it.each(BAD_STRINGS)('login - should refuse %s as the password', async (_, value) => {
    const email = h().email('login-badpw');
    await h().seed({ email });
    const { error } = await h().call('login', email, value);
    expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
  });

  it('login - should verify hashes of any bcrypt cost and variant', async () => {
    const email = h().email('login-cost');
    await h().seed({ email, passwordHash: bcrypt.hashSync(PASSWORD, 6).replace(/^\$2b\$/, '$2a$') });
    const { error } = await h().call('login', email, PASSWORD);
    expect(error).toBeNull();
  });

  it('login - should write the migration mark once, not on every login', async () => {
    const email = h().email('login-mark-once');
    await h().seed({ email });
    expect((await h().call('login', email, PASSWORD)).error).toBeNull();
    const first = (await h().probe.find(email))?.migratedAt;
    expect(first).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await h().call('login', email, PASSWORD)).error).toBeNull();
    expect((await h().probe.find(email))?.migratedAt).toEqual(first);
  });

  it('login - should work with enable_script_context (a context argument before the callback)', async () => {
    const email = h().email('login-context');
    await h().seed({ email });
    const container = h().newContainer({
      scriptContext: { organization: { id: 'org_1', name: 'acme', display_name: 'Acme', metadata: {} } },
    });
    try {
      const ok = await h().callIn(container, 'login', email, PASSWORD);
      expect(ok.error).toBeNull();
      expect((ok.results[0] as { email: string }).email).toBe(email);
      const wrong = await h().callIn(container, 'login', email, 'nope');
      expect(wrong.error).toBeInstanceOf(WrongUsernameOrPasswordError);
      expect(container.violations).toEqual([]);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });
});
