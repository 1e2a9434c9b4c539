/**
 * One address is one user: an address that merely looks like (or collates like) a victim's never reaches
 * the victim's record, on any backend. Every backend answers every pair of this one table identically.
 */
import { expect, it } from 'vitest';
import { ValidationError, WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { describeEachBackend, json, PASSWORD } from '../support/harness.ts';

interface Pair {
  what: string;
  victim: string;
  /** The look-alike, with a unique tag replacing LOCAL so each test has its own rows. */
  attacker: string;
  /** 'refused': the kit rejects the look-alike as malformed; 'distinct': a different, valid identity. */
  kind: 'refused' | 'distinct';
}

// LOCAL is replaced by a unique tag. Victims are stored as create would store them (lowercase NFC).
const PAIRS: Pair[] = [
  {
    what: 'an accented letter',
    victim: 'jose-LOCAL@example.test',
    attacker: 'josé-LOCAL@example.test',
    kind: 'distinct',
  },
  {
    what: 'ß for ss',
    victim: 'strasse-LOCAL@example.test',
    attacker: 'straße-LOCAL@example.test',
    kind: 'distinct',
  },
  {
    what: 'a dotless i',
    victim: 'info-LOCAL@example.test',
    attacker: 'ınfo-LOCAL@example.test',
    kind: 'distinct',
  },
  {
    what: 'a Cyrillic a',
    victim: 'anna-LOCAL@example.test',
    attacker: 'аnna-LOCAL@example.test',
    kind: 'distinct',
  },
  {
    what: 'a fullwidth letter',
    victim: 'anna-LOCAL@example.test',
    attacker: 'ａnna-LOCAL@example.test',
    kind: 'refused',
  },
  {
    what: 'a trailing space',
    victim: 'ann-LOCAL@example.test',
    attacker: 'ann-LOCAL@example.test ',
    kind: 'refused',
  },
  {
    what: 'a trailing NUL',
    victim: 'ann-LOCAL@example.test',
    attacker: 'ann-LOCAL@example.test\u0000',
    kind: 'refused',
  },
  {
    what: 'a zero-width space',
    victim: 'ann-LOCAL@example.test',
    attacker: 'an\u200bn-LOCAL@example.test',
    kind: 'refused',
  },
  {
    what: 'NFD for NFC',
    victim: 'josé-LOCAL@example.test',
    attacker: 'jose\u0301-LOCAL@example.test',
    kind: 'refused',
  },
  {
    what: 'the Kelvin sign',
    victim: 'kim-LOCAL@example.test',
    attacker: '\u212aim-LOCAL@example.test',
    kind: 'refused',
  },
  {
    what: 'a ligature',
    victim: 'fin-LOCAL@example.test',
    attacker: '\ufb01n-LOCAL@example.test',
    kind: 'refused',
  },
];

describeEachBackend('look-alike addresses', (h) => {
  it.each(PAIRS.map((pair) => [pair.what, pair] as const))(
    'lookalike - %s never reaches the victim through any script',
    async (_, pair) => {
      const tag = Math.random().toString(36).slice(2, 8);
      const victim = h().track(pair.victim.replace('LOCAL', tag));
      const attacker = pair.attacker.replace('LOCAL', tag);
      // Only a distinct identity can have been stored (a refused one never reaches the store).
      if (pair.kind === 'distinct') h().track(attacker);
      const id = await h().seed({ email: victim, emailVerified: false });
      const before = await h().probe.find(victim);

      const login = await h().call('login', attacker, PASSWORD);
      expect(login.error).toBeInstanceOf(WrongUsernameOrPasswordError);
      const got = await h().call('get_user', attacker);
      const verify = await h().call('verify', attacker);
      const chpw = await h().call('change_password', attacker, 'attacker-chosen-pw');
      const chem = await h().call('change_email', attacker, h().email('lookalike-moved'), true);
      const answers = [got, verify, chpw, chem].map(({ error, results }) => ({
        error: error?.message.split(':')[0] ?? null,
        results: json(results),
      }));
      if (pair.kind === 'refused') {
        expect(login.error?.user_id).toBeNull();
        for (const answer of answers) expect(answer).toEqual({ error: 'invalid_input', results: [] });
      } else {
        expect(answers).toEqual([
          { error: null, results: [] },
          { error: null, results: [false] },
          { error: null, results: [false] },
          { error: null, results: [false] },
        ]);
      }
      // The victim's record, read directly: nothing was changed and nobody else holds its address.
      expect(await h().probe.find(victim)).toEqual(before);
      expect(await h().probe.countEmails([victim])).toBe(1);

      // create of the look-alike: refused as malformed, or — for a distinct identity — either refused by
      // a collation-insensitive unique index (MySQL's *_ci) or stored as another user. Never the victim.
      const created = await h().call('create', { email: attacker, password: 'Another-pw-1' });
      if (pair.kind === 'refused') {
        expect(created.error).toBeInstanceOf(ValidationError);
        expect(created.error?.code).toBe('invalid_input');
      } else if (created.error) {
        expect(h().adapter.capabilities.caseInsensitiveText).toBe(true);
        expect(created.error.code).toBe('user_exists');
      } else {
        const twin = await h().call('get_user', attacker);
        expect((twin.results[0] as { user_id: string }).user_id).not.toBe(h().userId(id));
      }
      expect(await h().probe.find(victim)).toEqual(before);
      // And the victim still signs in with their own password.
      expect((await h().call('login', victim, PASSWORD)).results).toHaveLength(1);
    },
  );

  it('lookalike - the same address in other ASCII case is the same user on every backend', async () => {
    const email = h().email('case-same');
    const id = await h().seed({ email });
    for (const form of [email.toUpperCase(), email.replace(/^c/, 'C')]) {
      const { results } = await h().call('get_user', form);
      expect((results[0] as { user_id: string }).user_id).toBe(h().userId(id));
    }
    expect((await h().call('verify', email.toUpperCase())).results).toEqual([true]);
    expect((await h().probe.find(email))?.emailVerified).toBe(true);
  });

  it('lookalike - a username in other ASCII case is the same user, a look-alike is not', async () => {
    const email = h().email('username-case');
    const username = `jane_${Math.random().toString(36).slice(2, 8)}`;
    const id = await h().seed({ email, username });
    const same = await h().call('login', username.toUpperCase(), PASSWORD);
    expect((same.results[0] as { user_id: string }).user_id).toBe(h().userId(id));
    for (const lookalike of [`${username}\u00a0`, username.replace('a', 'а'), username.replace('e', 'é')]) {
      const { error } = await h().call('login', lookalike, PASSWORD);
      expect(error).toBeInstanceOf(WrongUsernameOrPasswordError);
    }
  });
});
