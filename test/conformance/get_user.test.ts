import { expect, it } from 'vitest';
import { describeEachBackend, json, PASSWORD } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('get_user', (h) => {
  it('get_user - should return exactly the profile login returns (same user_id), as import mode requires', async () => {
    const email = h().email('getuser-ok');
    const id = await h().seed({
      email,
      emailVerified: true,
      name: 'Ann Lee',
      userMetadata: { a: 1 },
      appMetadata: { tier: 'gold' },
    });
    const got = await h().call('get_user', email);
    const login = await h().call('login', email, PASSWORD);
    expect(got.error).toBeNull();
    expect(json(got.results[0])).toEqual(json(login.results[0]));
    expect((got.results[0] as { user_id: string }).user_id).toBe(h().userId(id));
  });

  it('get_user - should answer callback(null) with no profile for an unknown user', async () => {
    const { error, results } = await h().call('get_user', h().email('getuser-unknown'));
    expect(error).toBeNull();
    expect(results).toEqual([]);
  });

  it('get_user - should find a user by username on a connection that maps usernames', async () => {
    const email = h().email('getuser-username');
    const username = `ann_${Math.floor(Math.random() * 1e9)}`;
    await h().seed({ email, username });
    const { results } = await h().call('get_user', username);
    expect((results[0] as { email: string }).email).toBe(email);
  });

  it('get_user - should hand string and number metadata columns back wrapped as { value }', async () => {
    const email = h().email('getuser-scalar');
    await h().seed({ email, userMetadata: JSON.stringify('plain text'), appMetadata: 42 });
    const { results } = await h().call('get_user', email);
    const profile = json(results[0]) as Record<string, unknown>;
    expect(profile.user_metadata).toEqual({ value: 'plain text' });
    expect(profile.metadata).toEqual({ value: 42 });
  });

  it.each(BAD_STRINGS)('get_user - should answer an error, not "no such user", for %s', async (_, value) => {
    const { error, results } = await h().call('get_user', value);
    expect(error?.message).toContain('invalid_input');
    expect(results).toEqual([]);
  });
});
