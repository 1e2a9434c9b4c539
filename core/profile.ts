/**
 * Pure mappings between the kit's StoredUser and what Auth0 exchanges with the scripts.
 * The profile type is Auth0's; row and document types live with their adapters.
 */
import type { JsonObject, NewUser, StoredUser } from './store.ts';

/** The profile login and get_user hand to Auth0. */
export interface Auth0Profile extends Auth0NameParts {
  user_id: string;
  email: string;
  email_verified: boolean;
  user_metadata?: JsonObject;
  /** Auth0's app_metadata: custom database scripts must return it under the key `metadata`. */
  metadata?: JsonObject;
}

/**
 * The `user` argument Auth0 passes to create. Unknown extra fields (tenant, client_id, connection,
 * and phone_number, whose presence is unconfirmed) are tolerated and never stored.
 */
export interface Auth0NewUser {
  email: string;
  password: string;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  user_metadata?: JsonObject;
  app_metadata?: JsonObject;
  [other: string]: unknown;
}

export function toUserId(storeId: string, prefix: string): string {
  return `${prefix}${storeId}`;
}

/** The store id inside a user_id, or null when the id is not one this connection issued. */
export function fromUserId(userId: string, prefix: string): string | null {
  const id = userId.startsWith('auth0|') ? userId.slice('auth0|'.length) : userId;
  if (!id.startsWith(prefix)) return null;
  const storeId = id.slice(prefix.length);
  return storeId === '' ? null : storeId;
}

/** The root attributes Auth0 names alike in profiles and import files. */
export interface Auth0NameParts {
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
}

/** Absent and empty parts are omitted rather than sent as null or "", so Auth0 keeps its own defaults. */
export function toAuth0NameParts(user: StoredUser): Auth0NameParts {
  const parts: Auth0NameParts = {};
  if (user.username) parts.username = user.username;
  if (user.name) parts.name = user.name;
  if (user.givenName) parts.given_name = user.givenName;
  if (user.familyName) parts.family_name = user.familyName;
  if (user.nickname) parts.nickname = user.nickname;
  if (user.picture) parts.picture = user.picture;
  return parts;
}

export function toAuth0Profile(user: StoredUser, userIdPrefix: string): Auth0Profile {
  const profile: Auth0Profile = {
    user_id: toUserId(user.id, userIdPrefix),
    email: user.email,
    email_verified: user.emailVerified,
    ...toAuth0NameParts(user),
  };
  if (user.userMetadata !== null) profile.user_metadata = user.userMetadata;
  if (user.appMetadata !== null) profile.metadata = user.appMetadata;
  return profile;
}

/** `user` was checked and normalized by the create script's input validation. */
export function fromAuth0NewUser(user: Auth0NewUser, passwordHash: string): NewUser {
  return {
    email: user.email,
    username: user.username ?? null,
    passwordHash,
    emailVerified: false,
    name: user.name ?? null,
    givenName: user.given_name ?? null,
    familyName: user.family_name ?? null,
    nickname: user.nickname ?? null,
    userMetadata: user.user_metadata ?? null,
    appMetadata: user.app_metadata ?? null,
  };
}
