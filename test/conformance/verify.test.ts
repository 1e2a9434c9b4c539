import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('verify', (h) => {
  it('verify - should record email_verified in the store and answer true', async () => {
    const email = h().email('verify-ok');
    await h().seed({ email, emailVerified: false });
    const { error, results } = await h().call('verify', email);
    expect(error).toBeNull();
    expect(results).toEqual([true]);
    expect((await h().probe.find(email))?.emailVerified).toBe(true);
  });

  it('verify - should answer true again for an already verified user', async () => {
    const email = h().email('verify-twice');
    await h().seed({ email, emailVerified: true });
    expect((await h().call('verify', email)).results).toEqual([true]);
  });

  it('verify - should reach Auth0 through the next login profile', async () => {
    const email = h().email('verify-login');
    await h().seed({ email });
    await h().call('verify', email.toUpperCase());
    const { results } = await h().call('get_user', email);
    expect((results[0] as { email_verified: boolean }).email_verified).toBe(true);
  });

  it('verify - should answer false for an unknown user and change nothing', async () => {
    const other = h().email('verify-other');
    await h().seed({ email: other });
    const { error, results } = await h().call('verify', h().email('verify-unknown'));
    expect(error).toBeNull();
    expect(results).toEqual([false]);
    expect((await h().probe.find(other))?.emailVerified).toBe(false);
  });

  it.each(BAD_STRINGS)('verify - should answer an error for %s and verify nobody', async (_, value) => {
    const email = h().email('verify-bad');
    await h().seed({ email });
    const { error } = await h().call('verify', value);
    expect(error?.name).toBe('Error');
    expect(error?.message).toContain('invalid_input');
    expect((await h().probe.find(email))?.emailVerified).toBe(false);
  });
});
