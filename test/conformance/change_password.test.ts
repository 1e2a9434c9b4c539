import bcrypt from 'bcryptjs';
import { expect, it } from 'vitest';
import { WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('change_password', (h) => {
  it('change_password - should store a new bcrypt hash, answer true, and let only the new password log in', async () => {
    const email = h().email('chpw-ok');
    await h().seed({ email, passwordSalt: 'old-salt' });
    const { error, results } = await h().call('change_password', email, 'a brand new passphrase');
    expect(error).toBeNull();
    expect(results).toEqual([true]);
    const stored = await h().probe.find(email);
    expect(bcrypt.compareSync('a brand new passphrase', stored?.passwordHash as string)).toBe(true);
    expect(stored?.passwordSalt).toBeNull();
    expect((await h().call('login', email, 'a brand new passphrase')).error).toBeNull();
    expect((await h().call('login', email, PASSWORD)).error).toBeInstanceOf(WrongUsernameOrPasswordError);
  });

  it('change_password - should answer false for an unknown user and change nothing', async () => {
    const other = h().email('chpw-other');
    await h().seed({ email: other });
    const before = await h().probe.find(other);
    const { error, results } = await h().call('change_password', h().email('chpw-unknown'), 'whatever-new');
    expect(error).toBeNull();
    expect(results).toEqual([false]);
    expect(await h().probe.find(other)).toEqual(before);
  });

  it.each(BAD_STRINGS)('change_password - should answer an error for %s as the email', async (_, value) => {
    const { error } = await h().call('change_password', value, 'whatever-new');
    expect(error?.message).toContain('invalid_input');
  });

  it.each(BAD_STRINGS)(
    'change_password - should answer an error for %s as the new password and keep the old one',
    async (_, value) => {
      const email = h().email('chpw-badpw');
      await h().seed({ email });
      const before = await h().probe.find(email);
      const { error } = await h().call('change_password', email, value);
      expect(error?.message).toContain('invalid_input');
      expect(await h().probe.find(email)).toEqual(before);
    },
  );
});
