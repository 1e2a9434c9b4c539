/**
 * Describes the user store to the kit. Names only: secrets reach the scripts through Auth0's
 * `configuration` (see README, "Paste into Auth0"). Validated by `customdb build`.
 */
import { defineConfig } from './build/config.ts';

export default defineConfig({
  userIdPrefix: 'legacy|',
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
      columns: {
        id: 'id',
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
        appMetadata: 'metadata',
        passwordSalt: 'password_salt',
        migratedAt: 'migrated_at',
      },
    },
    mongodb: {
      driver: 'mongodb',
      database: 'legacy',
      collection: 'users',
      emailIndex: 'create',
      fields: {
        id: '_id',
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
        appMetadata: 'metadata',
        passwordSalt: 'password_salt',
        migratedAt: 'migrated_at',
      },
    },
  },
});
