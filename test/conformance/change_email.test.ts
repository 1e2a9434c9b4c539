import { expect, it } from 'vitest';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('change_email', (h) => {
  it('change_email - should move the user to the new address with the given verified flag', async () => {
    const email = h().email('chem-old');
    const newEmail = h().email('chem-new');
    const id = await h().seed({ email, emailVerified: false });
    const { error, results } = await h().call('change_email', email, newEmail, true);
    expect(error).toBeNull();
    expect(results).toEqual([true]);
    expect(await h().probe.find(email)).toBeNull();
    const moved = await h().probe.find(newEmail);
    expect(moved?.id).toBe(id);
    expect(moved?.emailVerified).toBe(true);
    const login = await h().call('login', newEmail, PASSWORD);
    expect((login.results[0] as { user_id: string }).user_id).toBe(h().userId(id));
  });

  it('change_email - should answer false for an unknown user', async () => {
    const { error, results } = await h().call(
      'change_email',
      h().email('chem-unknown'),
      h().email('chem-x'),
      false,
    );
    expect(error).toBeNull();
    expect(results).toEqual([false]);
  });

  it("change_email - should refuse another user's address as a fault and change neither user", async () => {
    const a = h().email('chem-a');
    const b = h().email('chem-b');
    await h().seed({ email: a });
    await h().seed({ email: b });
    const { error } = await h().call('change_email', a, b, true);
    expect(error?.message).toContain('email_taken');
    expect(await h().probe.countEmails([a, b])).toBe(2);
  });

  it.each(BAD_STRINGS)(
    'change_email - should answer an error for %s as the new email and change nothing',
    async (_, value) => {
      const email = h().email('chem-bad');
      await h().seed({ email });
      const before = await h().probe.find(email);
      const { error } = await h().call('change_email', email, value, true);
      expect(error?.message).toContain('invalid_input');
      expect(await h().probe.find(email)).toEqual(before);
    },
  );

  it.each([
    ['a string', 'true'],
    ['a number', 1],
    ['an object', { $ne: false }],
  ])('change_email - should answer an error for %s as verified', async (_, verified) => {
    const email = h().email('chem-verified');
    await h().seed({ email });
    const { error } = await h().call('change_email', email, h().email('chem-v2'), verified);
    expect(error?.message).toContain('invalid_input');
    expect(await h().probe.find(email)).not.toBeNull();
  });
});
