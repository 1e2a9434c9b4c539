import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/harness.ts';
import { BAD_STRINGS } from './inputs.ts';

describeEachBackend('delete', (h) => {
  it('delete - should remove exactly the user whose user_id login returned', async () => {
    const email = h().email('delete-ok');
    const keep = h().email('delete-keep');
    const id = await h().seed({ email });
    await h().seed({ email: keep });
    const { results: profile } = await h().call('get_user', email);
    const userId = (profile[0] as { user_id: string }).user_id;
    const { error, results } = await h().call('delete', userId);
    expect(error).toBeNull();
    expect(results).toEqual([]);
    expect(await h().probe.findById(id)).toBeNull();
    expect(await h().probe.find(keep)).not.toBeNull();
  });

  it('delete - should accept the id with the auth0| prefix Auth0 stores', async () => {
    const email = h().email('delete-auth0');
    const id = await h().seed({ email });
    expect((await h().call('delete', `auth0|${h().userId(id)}`)).error).toBeNull();
    expect(await h().probe.find(email)).toBeNull();
  });

  it('delete - should answer callback(null) for an unknown id and delete nothing', async () => {
    const keep = h().email('delete-unknown');
    await h().seed({ email: keep });
    // An id the store issued to a user who is gone: the most plausible id no user has.
    const gone = h().email('delete-gone');
    const unknownId = await h().seed({ email: gone });
    await h().probe.removeEmails([gone]);
    const total = await h().probe.total();
    const { error, results } = await h().call('delete', h().userId(unknownId));
    expect(error).toBeNull();
    expect(results).toEqual([]);
    expect(await h().probe.total()).toBe(total);
  });

  it('delete - should not delete a user for an id that only looks like theirs', async () => {
    const email = h().email('delete-lookalike');
    const id = await h().seed({ email });
    // MySQL would coerce '42abc' to 42 in a comparison; the adapter must never let it.
    const lookalikes = [`${id}abc`, ` ${id}`, `${id}.0`, `0${id}`].map((near) => h().userId(near));
    for (const near of [...lookalikes, id /* without the connection's prefix */]) {
      expect((await h().call('delete', near)).error).toBeNull();
    }
    expect(await h().probe.find(email)).not.toBeNull();
  });

  it.each(BAD_STRINGS)('delete - should answer an error for %s and delete nothing', async (_, value) => {
    const keep = h().email('delete-bad');
    await h().seed({ email: keep });
    const total = await h().probe.total();
    const { error } = await h().call('delete', value);
    expect(error?.message).toContain('invalid_input');
    expect(await h().probe.total()).toBe(total);
  });
});
