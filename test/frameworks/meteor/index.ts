/**
 * Meteor 3's accounts-password store, ported (Meteor has no Debian package) from meteor/meteor at commit
 * 024061123a49ff1d4b89d69453ec9263ef8599e1 (release 3.0.4+):
 * - packages/accounts-base/accounts_server.js: insertUserDoc (`createdAt`, `_id: Random.id()`), the default
 *   indexes (setupUsersCollection), _findUserByQuery, _checkForCaseInsensitiveDuplicates,
 *   _createUserCheckingDuplicates (`emails: [{ address, verified: false }]`);
 * - packages/accounts-password/password_server.js: hashPassword (bcrypt over the hex SHA-256 of the password,
 *   Accounts._bcryptRounds() = 10), checkPasswordAsync (a hash of other rounds is rehashed), the password
 *   indexes, verifyEmail (`emails.$.verified`);
 * - packages/random: Random.id() is 17 characters of UNMISTAKABLE_CHARS.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Db } from 'mongodb';
import { caseInsensitive, createIndex, portedStore, probeSupport, randomId } from '../mongo.ts';
import type { FrameworkUser, PasswordVerdict } from '../types.ts';

const UNMISTAKABLE_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
const BCRYPT_ROUNDS = 10;
const USERS = 'users';

interface MeteorUser {
  _id: string;
  createdAt: Date;
  services: { password?: { bcrypt: string } };
  username?: string;
  emails?: { address: string; verified: boolean }[];
}

/** setupUsersCollection, then password_server.js's own indexes. */
const INDEXES: [string, { unique?: boolean; sparse: boolean }][] = [
  ['username', { unique: true, sparse: true }],
  ['emails.address', { unique: true, sparse: true }],
  ['services.resume.loginTokens.hashedToken', { unique: true, sparse: true }],
  ['services.resume.loginTokens.token', { unique: true, sparse: true }],
  ['services.resume.haveLoginTokensToDelete', { sparse: true }],
  ['services.resume.loginTokens.when', { sparse: true }],
  ['services.password.reset.when', { sparse: true }],
  ['services.password.enroll.when', { sparse: true }],
  ['services.email.verificationTokens.token', { unique: true, sparse: true }],
  ['services.password.reset.token', { unique: true, sparse: true }],
  ['services.password.enroll.token', { unique: true, sparse: true }],
];

const sha256 = (password: string) => createHash('sha256').update(password).digest('hex');

/** Meteor.loginWithPassword's selector: a string with '@' is an email, else a username. */
function fieldOf(login: string): 'username' | 'emails.address' {
  return login.includes('@') ? 'emails.address' : 'username';
}

/** _findUserByQuery: the exact value, else one case-insensitive match (none when two match). */
async function findUser(db: Db, login: string): Promise<MeteorUser | null> {
  const users = db.collection<MeteorUser>(USERS);
  const field = fieldOf(login);
  const exact = await users.findOne({ [field]: login });
  if (exact) return exact;
  const candidates = await users.find({ [field]: caseInsensitive(login) }, { limit: 2 }).toArray();
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

/** _checkForCaseInsensitiveDuplicates (Meteor's prefix-permutation clause only speeds up the same match). */
async function refuseDuplicate(db: Db, field: string, value: string | undefined, ownId?: string) {
  if (!value) return;
  const matched = await db
    .collection<MeteorUser>(USERS)
    .find({ [field]: caseInsensitive(value) }, { projection: { _id: 1 }, limit: 2 })
    .toArray();
  if (matched.length > 0 && (!ownId || matched.length > 1 || matched[0]?._id !== ownId)) {
    throw new Error(`Meteor createUser: ${field === 'username' ? 'Username' : 'Email'} already exists.`);
  }
}

/** Accounts.createUserAsync with a password, then Accounts.verifyEmail's update when the user is verified. */
async function createUser(db: Db, user: FrameworkUser): Promise<string> {
  const users = db.collection<MeteorUser>(USERS);
  await refuseDuplicate(db, 'username', user.username);
  await refuseDuplicate(db, 'emails.address', user.email);
  const doc: MeteorUser = {
    createdAt: new Date(),
    _id: randomId(17, UNMISTAKABLE_CHARS),
    services: { password: { bcrypt: await bcrypt.hash(sha256(user.password), BCRYPT_ROUNDS) } },
    ...(user.username ? { username: user.username } : {}),
    emails: [{ address: user.email, verified: false }],
  };
  await users.insertOne(doc);
  try {
    await refuseDuplicate(db, 'username', user.username, doc._id);
    await refuseDuplicate(db, 'emails.address', user.email, doc._id);
  } catch (error) {
    await users.deleteOne({ _id: doc._id });
    throw error;
  }
  if (user.verified) await markVerified(db, doc._id, user.email);
  return doc._id;
}

/** verifyEmail's `{ 'emails.$.verified': true }`; by the element's index where the server lacks `$`. */
async function markVerified(db: Db, id: string, address: string): Promise<void> {
  const users = db.collection<MeteorUser>(USERS);
  const positional = await users
    .updateOne({ _id: id, 'emails.address': address }, { $set: { 'emails.$.verified': true } })
    .then(
      () => true,
      () => false,
    );
  if (positional) return;
  const stored = await users.findOne({ _id: id });
  const index = stored?.emails?.findIndex((email) => email.address === address) ?? -1;
  await users.updateOne({ _id: id }, { $set: { [`emails.${index}.verified`]: true } });
}

async function initialize(db: Db): Promise<string[]> {
  const notes: string[] = [];
  const support = await probeSupport(db);
  await db.createCollection(USERS);
  for (const [key, options] of INDEXES) await createIndex(db, USERS, { [key]: 1 }, options, notes);
  if (!support.positional) notes.push("no positional '$': verifyEmail's update is made by array index");
  if (!support.uniqueArrayPaths) {
    notes.push('unique index on emails.address not enforced (array path): createUser checks only');
  }
  return notes;
}

/** checkPasswordAsync after the login handler's lookup. */
async function logIn(db: Db, login: string, password: string): Promise<PasswordVerdict> {
  const user = await findUser(db, login);
  if (!user) return { ok: false, needsRehash: false, detail: 'User not found' };
  const hash = user.services.password?.bcrypt;
  if (!hash) return { ok: false, needsRehash: false, detail: 'User has no password set' };
  if (!(await bcrypt.compare(sha256(password), hash))) {
    return { ok: false, needsRehash: false, detail: 'Incorrect password' };
  }
  return { ok: true, needsRehash: Number(hash.split('$')[2]) !== BCRYPT_ROUNDS };
}

export const meteor = portedStore({
  framework: 'meteor',
  adapters: ['mongodb'],
  traits: {
    username: 'optional',
    logins: ['username', 'email'],
    names: false,
    active: false,
    verified: true,
    roles: false,
    uniqueEmail: 'database',
    uniqueUsername: 'database',
  },
  version: '3.0.4 (ported: meteor/meteor@024061123a49)',
  collection: USERS,
  initialize,
  seed: createUser,
  check: logIn,
  find: findUser,
});
