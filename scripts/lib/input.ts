/**
 * Auth0 does not validate what it passes to the scripts: every argument is untrusted. A value that is
 * not the expected type (an object such as {"$ne": null}, a number, an array) is refused here, before it
 * can reach a query; identifiers leave here in the kit's one normal form (core/identity.ts).
 */

import { KitError } from '../../core/errors.ts';
import { normalizeIdentifier } from '../../core/identity.ts';
import { isJsonObject, metadataProblem } from '../../core/metadata.ts';
import type { Auth0NewUser } from '../../core/profile.ts';
import type { JsonObject } from '../../core/store.ts';

/** RFC 5321's limit on an address in a mail path. */
const MAX_EMAIL = 254;
/** Auth0's longest username. */
const MAX_USERNAME = 128;
// Long enough for any passphrase, short enough that a key-stretching hash cannot be made to burn CPU.
const MAX_PASSWORD = 1024;
const MAX_ID = 320;

export function requireString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string') throw new KitError('invalid_input', `${name} must be a string`);
  if (value === '') throw new KitError('invalid_input', `${name} must not be empty`);
  if (value.length > maxLength)
    throw new KitError('invalid_input', `${name} is longer than ${maxLength} characters`);
  return value;
}

export function requireEmail(value: unknown, name = 'email'): string {
  return normalizeIdentifier(requireString(value, name, MAX_EMAIL), 'email', name);
}

export function requireUsername(value: unknown, name = 'username'): string {
  return normalizeIdentifier(requireString(value, name, MAX_USERNAME), 'username', name);
}

/**
 * login and get_user accept an email, or a username on connections that use usernames (the runtime
 * doc leaves this unconfirmed for get_user: accepting both is the reading that never misses a user).
 */
export function requireLoginIdentifier(value: unknown): string {
  const identifier = requireString(value, 'email or username', MAX_EMAIL);
  return identifier.includes('@') ? requireEmail(identifier) : requireUsername(identifier);
}

export function requirePassword(value: unknown, name = 'password'): string {
  return requireString(value, name, MAX_PASSWORD);
}

/** delete's id: a user_id this connection issued (checked against the store's id shape later). */
export function requireUserId(value: unknown): string {
  return requireString(value, 'id', MAX_ID);
}

export function requireBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new KitError('invalid_input', `${name} must be a boolean`);
  return value;
}

export function optionalMetadata(value: unknown, name: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) throw new KitError('invalid_input', `${name} must be an object`);
  const problem = metadataProblem(value, name);
  if (problem) throw new KitError('invalid_input', problem);
  return value;
}

/** Auth0's limits on the name parts a sign-up may carry. */
const NAME_LIMITS = { name: 300, given_name: 150, family_name: 150, nickname: 300 } as const;

/** create's `user`: the fields the kit stores, checked and normalized; anything else Auth0 sends is left behind. */
export function requireNewUser(value: unknown): Auth0NewUser {
  if (!isJsonObject(value)) throw new KitError('invalid_input', 'user must be an object');
  const email = requireEmail(value.email);
  const password = requirePassword(value.password);
  const username =
    value.username === undefined || value.username === null ? null : requireUsername(value.username);
  const userMetadata = optionalMetadata(value.user_metadata, 'user_metadata');
  const appMetadata = optionalMetadata(value.app_metadata, 'app_metadata');
  const names: Partial<Record<keyof typeof NAME_LIMITS, string>> = {};
  for (const [key, limit] of Object.entries(NAME_LIMITS) as [keyof typeof NAME_LIMITS, number][]) {
    const part = value[key];
    if (part !== undefined && part !== null && part !== '') names[key] = requireString(part, key, limit);
  }
  return {
    email,
    password,
    ...names,
    ...(username !== null ? { username } : {}),
    ...(userMetadata !== null ? { user_metadata: userMetadata } : {}),
    ...(appMetadata !== null ? { app_metadata: appMetadata } : {}),
  };
}
