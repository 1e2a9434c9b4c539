/**
 * Framework presets for MongoDB stores: data laid under the user's block (which wins key by key). Neither
 * framework is packaged by Debian; each fact follows the framework's published code, cited below.
 */

import type { PresetSignature } from '../introspection/types.ts';

export type MongoPresetName = 'meteor' | 'parse';
type PresetBlock = Record<string, unknown>;

/**
 * Meteor accounts (meteor/meteor packages/accounts-base accounts_server.js, accounts-password
 * password_server.js): `users` with 17-character Random ids, emails in an array of { address, verified },
 * the hash at services.password.bcrypt (bcrypt over the hex SHA-256 of the password), createdAt.
 */
function meteor(): PresetBlock {
  return {
    database: 'meteor',
    collection: 'users',
    idGeneration: {
      random: { length: 17, alphabet: '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz' },
    },
    fields: {
      id: '_id',
      email: 'emails.$.address',
      emailVerified: 'emails.$.verified',
      passwordHash: 'services.password.bcrypt',
      username: 'username',
      name: 'profile.name',
    },
    defaults: { createdAt: 'now' },
    // Meteor keeps addresses as typed and finds them case-insensitively.
    lookup: 'lowercase',
    emailIndex: 'create',
    // accounts-password: bcrypt over the hex SHA-256, 10 rounds (Accounts._bcryptRounds).
    passwords: { accept: ['bcrypt-sha256'], write: { format: 'bcrypt-sha256' } },
  };
}

/**
 * Parse Server (parse-community/parse-server src/RestWrite.js, src/Adapters/Storage/Mongo/MongoTransform.js):
 * `_User` with 10-character alphanumeric ids, the hash at _hashed_password, and a new user's ACL giving
 * the user alone read and write on itself (Parse 6+; Parse 5 also gave the public read).
 */
function parse(): PresetBlock {
  return {
    database: 'parse',
    collection: '_User',
    idGeneration: {
      random: { length: 10, alphabet: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' },
    },
    fields: {
      id: '_id',
      email: 'email',
      emailVerified: 'emailVerified',
      passwordHash: '_hashed_password',
      username: 'username',
    },
    defaults: {
      username: { derive: 'username-or-email' },
      _created_at: 'now',
      // Parse 6+ (enforcePrivateUsers, the default): a new user reads and writes itself, no one else.
      _rperm: { template: ['{id}'] },
      _wperm: { template: ['{id}'] },
      _acl: { template: { '{id}': { w: true, r: true } } },
    },
    touch: ['_updated_at'],
    emailIndex: 'create',
    passwords: { accept: ['bcrypt'] },
  };
}

export const MONGO_PRESETS: Record<MongoPresetName, () => PresetBlock> = { meteor, parse };

/** What identifies each framework's users collection for `customdb init` (paths from the sources cited above). */
export const MONGO_PRESET_SIGNATURES: Record<MongoPresetName, PresetSignature> = {
  meteor: {
    preset: 'meteor',
    container: 'users',
    fields: ['_id', 'emails.$.address', 'emails.$.verified', 'services.password.bcrypt'],
  },
  parse: {
    preset: 'parse',
    container: '_User',
    fields: ['_id', '_hashed_password', '_rperm', '_wperm'],
  },
};
