/**
 * Describes the user store to the kit. Names only: secrets reach the scripts through Auth0's
 * `configuration` (see README, "Paste into Auth0"). Validated by `customdb build`.
 */
import { defineConfig, type FieldMap } from './build/config.ts';

/** Where each profile part lives: the same names serve as SQL columns and MongoDB fields here. */
const parts = {
  email: 'email',
  passwordHash: 'password_hash',
  emailVerified: 'email_verified',
  username: 'username',
  name: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  nickname: 'nickname',
  picture: 'picture',
  userMetadata: 'user_metadata',
  // The store's app-level data: Auth0's app_metadata, returned to Auth0 as `metadata`.
  appMetadata: 'metadata',
  passwordSalt: 'password_salt',
  migratedAt: 'migrated_at',
} satisfies Omit<FieldMap, 'id'>;

export default defineConfig({
  userIdPrefix: 'legacy|',
  // Auth0's "Import Users to Auth0" (import_mode) for `customdb deploy`: true while migrating lazily.
  importMode: false,
  passwords: {
    bcryptCost: 10,
    accept: ['bcrypt'],
    rehashOnLogin: false,
  },
  stores: {
    mysql: {
      driver: 'mysql2',
      table: 'users',
      idType: 'integer',
      columns: { id: 'id', ...parts },
    },
    postgres: {
      driver: 'pg',
      schema: 'public',
      table: 'users',
      idType: 'integer',
      columns: { id: 'id', ...parts },
    },
    mongodb: {
      driver: 'mongodb',
      database: 'legacy',
      collection: 'users',
      emailIndex: 'create',
      fields: { id: '_id', ...parts },
    },
  },
});
