/**
 * Auth0 does not validate what it passes to the scripts: every argument is untrusted.
 * A value that is not the expected type (an object such as {"$ne": null}, a number, an array)
 * is refused here, before it can reach a query.
 */

import { KitError } from '../../core/errors.ts';
import { findBadMetadataKey, isJsonObject } from '../../core/metadata.ts';
import { type Auth0NewUser, normalizeEmail } from '../../core/profile.ts';
import type { JsonObject } from '../../core/store.ts';

const MAX_IDENTIFIER = 320;
// Long enough for any passphrase, short enough that a key-stretching hash cannot be made to burn CPU.
const MAX_PASSWORD = 1024;

export function requireString(value: unknown, name: string, maxLength = MAX_IDENTIFIER): string {
  if (typeof value !== 'string') throw new KitError('invalid_input', `${name} must be a string`);
  if (value === '') throw new KitError('invalid_input', `${name} must not be empty`);
  if (value.length > maxLength)
    throw new KitError('invalid_input', `${name} is longer than ${maxLength} characters`);
  return value;
}

export function requireEmail(value: unknown, name = 'email'): string {
  const email = requireString(value, name);
  if (!email.includes('@')) throw new KitError('invalid_input', `${name} is not an email address`);
  return normalizeEmail(email);
}

/**
 * login and get_user accept an email, or a username on connections that use usernames (the runtime
 * doc leaves this unconfirmed for get_user: accepting both is the reading that never misses a user).
 */
export function requireLoginIdentifier(value: unknown): string {
  const identifier = requireString(value, 'email or username');
  return identifier.includes('@') ? normalizeEmail(identifier) : identifier;
}

export function requirePassword(value: unknown, name = 'password'): string {
  return requireString(value, name, MAX_PASSWORD);
}

export function requireBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new KitError('invalid_input', `${name} must be a boolean`);
  return value;
}

export function optionalString(value: unknown, name: string): string | null {
  return value === undefined || value === null ? null : requireString(value, name);
}

export function optionalMetadata(value: unknown, name: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) throw new KitError('invalid_input', `${name} must be an object`);
  const bad = findBadMetadataKey(value);
  if (bad) throw new KitError('invalid_input', `${name} key '${bad}' contains '.' or starts with '$'`);
  return value;
}

/** create's `user`: the fields the kit stores, checked; anything else Auth0 sends is left behind. */
export function requireNewUser(value: unknown): Auth0NewUser {
  if (!isJsonObject(value)) throw new KitError('invalid_input', 'user must be an object');
  const email = requireEmail(value.email);
  const password = requirePassword(value.password);
  const username = optionalString(value.username, 'username');
  const userMetadata = optionalMetadata(value.user_metadata, 'user_metadata');
  const appMetadata = optionalMetadata(value.app_metadata, 'app_metadata');
  return {
    email,
    password,
    ...(username !== null ? { username } : {}),
    ...(userMetadata !== null ? { user_metadata: userMetadata } : {}),
    ...(appMetadata !== null ? { app_metadata: appMetadata } : {}),
  };
}
