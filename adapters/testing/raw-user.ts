/** The one reading of a stored user by the probes, whatever the store: profile part → value. */
import type { FieldMap } from '../../core/config.ts';
import type { RawUser } from './types.ts';

export function rawUser(partValue: (part: keyof FieldMap) => unknown, raw: Record<string, unknown>): RawUser {
  const text = (part: keyof FieldMap) => {
    const value = partValue(part);
    return value === null || value === undefined ? null : String(value);
  };
  const verified = partValue('emailVerified');
  const migratedAt = partValue('migratedAt');
  return {
    id: String(partValue('id')),
    email: String(partValue('email')),
    passwordHash: text('passwordHash'),
    emailVerified: verified === true || verified === 1 || verified === '1',
    username: text('username'),
    name: text('name'),
    userMetadata: partValue('userMetadata') ?? null,
    appMetadata: partValue('appMetadata') ?? null,
    passwordSalt: text('passwordSalt'),
    migratedAt: migratedAt ? new Date(migratedAt as string) : null,
    raw,
  };
}
