import { describe, expect, it } from 'vitest';
import { readStoredUser } from '../adapters/mapping/read.ts';
import { metadataFromStore } from '../core/metadata.ts';
import { fromAuth0NewUser, fromUserId, toAuth0Profile } from '../core/profile.ts';
import type { StoredUser } from '../core/store.ts';
import { requireNewUser } from '../scripts/lib/input.ts';

const user: StoredUser = {
  id: '42',
  ref: '42',
  active: true,
  needsMigrationMark: false,
  email: 'jane@example.test',
  emailVerified: true,
  username: null,
  passwordHash: '$2b$10$secret',
  passwordSalt: 'salt',
  name: 'Jane',
  givenName: null,
  familyName: null,
  nickname: null,
  picture: null,
  userMetadata: { language: 'en' },
  appMetadata: { plan: 'full' },
};

describe('profile mapping', () => {
  it('profile - should hand app-level data to Auth0 as metadata and omit absent parts', () => {
    expect(toAuth0Profile(user, 'legacy|')).toEqual({
      user_id: 'legacy|42',
      email: 'jane@example.test',
      email_verified: true,
      name: 'Jane',
      user_metadata: { language: 'en' },
      metadata: { plan: 'full' },
    });
  });

  it('profile - should never carry the password hash or salt', () => {
    const text = JSON.stringify(toAuth0Profile(user, ''));
    expect(text).not.toContain('secret');
    expect(text).not.toContain('salt');
  });

  it('profile - should store create requests lowercased with app_metadata and nothing else', () => {
    const request = requireNewUser({
      email: 'Jane@Example.TEST',
      password: 'pw',
      tenant: 't',
      client_id: 'c',
      app_metadata: { a: 1 },
    });
    const stored = fromAuth0NewUser(request, 'HASH');
    expect(stored).toEqual({
      email: 'jane@example.test',
      username: null,
      passwordHash: 'HASH',
      emailVerified: false,
      name: null,
      givenName: null,
      familyName: null,
      nickname: null,
      userMetadata: null,
      appMetadata: { a: 1 },
    });
  });

  it.each([
    ['legacy|42', 'legacy|', '42'],
    ['auth0|legacy|42', 'legacy|', '42'],
    ['other|42', 'legacy|', null],
    ['legacy|', 'legacy|', null],
    ['42', '', '42'],
  ])('profile - should read the store id in %s with prefix %s', (userId, prefix, expected) => {
    expect(fromUserId(userId, prefix)).toBe(expected);
  });

  it.each([
    [null, null],
    ['', null],
    ['{"a":{"b":[1,2]}}', { a: { b: [1, 2] } }],
    [{ a: 1 }, { a: 1 }],
    ['"text"', { value: 'text' }],
    ['7', { value: 7 }],
    [7, { value: 7 }],
    ['not json', { value: 'not json' }],
    ['[1,2]', { value: [1, 2] }],
    [Buffer.from('{"x":true}'), { x: true }],
  ])('metadata - should treat stored %j as %j', (stored, expected) => {
    expect(metadataFromStore(stored)).toEqual(expected);
  });

  it('mapping - should read a MariaDB row (JSON as text, flags as numbers, ids as strings)', () => {
    const map = {
      id: 'id',
      email: 'email',
      passwordHash: 'password_hash',
      emailVerified: 'email_verified',
      username: 'username',
      userMetadata: 'user_metadata',
      appMetadata: 'metadata',
    };
    const read = (row: Record<string, unknown>) =>
      readStoredUser(
        map,
        { field: (name) => row[name], meta: () => undefined },
        { id: String(row.id), ref: row.id },
      );
    const mapped = read({
      id: 7,
      email: 'a@b.test',
      password_hash: 'h',
      email_verified: 1,
      user_metadata: '{"lang":"de"}',
      metadata: null,
    });
    expect(mapped).toMatchObject({
      id: '7',
      emailVerified: true,
      userMetadata: { lang: 'de' },
      appMetadata: null,
    });
    expect(read({ id: '8', email: 'a', password_hash: null, email_verified: '0' }).emailVerified).toBe(false);
  });
});
