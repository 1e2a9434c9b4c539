/**
 * Parse Server 7's `_User` store on MongoDB, ported (Parse has no Debian package) from
 * parse-community/parse-server at commit 7ea2a2953e9202d43ddb53ded309fbd26245d45c (7.4.0-alpha.5+):
 * - src/Controllers/DatabaseController.js performInitialization: the `_User` indexes (unique username and
 *   email, case-insensitive ones with collation { locale: 'en_US', strength: 2 }) and `_Role.name`;
 * - src/Adapters/Storage/Mongo/MongoStorageAdapter.js ensureUniqueness / ensureIndex (sparse, background),
 *   MongoTransform.js (`_hashed_password`, `_created_at`, `_updated_at`, `_rperm`/`_wperm` and legacy `_acl`);
 * - src/RestWrite.js: username/email duplicate checks (case-insensitive), the user's ACL (enforcePrivateUsers
 *   is true by default since Parse 6: read and write for the user only), objectId = cryptoUtils.newObjectId()
 *   (10 alphanumeric characters);
 * - src/password.js: bcrypt cost 10 (@node-rs/bcrypt, `$2b$`, when installed; here bcryptjs 3, also `$2b$`);
 * - src/Routers/UsersRouter.js _authenticateUserFromRequest: login by username or email; an empty ACL locks out.
 */
import bcrypt from 'bcryptjs';
import type { Db } from 'mongodb';
import { caseInsensitive, createIndex, portedStore, probeSupport, randomId } from '../mongo.ts';
import type { FrameworkUser, PasswordVerdict } from '../types.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const USERS = '_User';
const CASE_INSENSITIVE = { locale: 'en_US', strength: 2 };

interface ParseUser {
  _id: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  _hashed_password: string;
  _rperm: string[];
  _wperm: string[];
  _acl: Record<string, { r?: boolean; w?: boolean }>;
  _created_at: Date;
  _updated_at: Date;
}

/** The `_SCHEMA` entry enforceClassExists('_User') stores: default columns, default class-level permissions. */
const USER_SCHEMA = {
  _id: USERS,
  objectId: 'string',
  updatedAt: 'date',
  createdAt: 'date',
  username: 'string',
  email: 'string',
  emailVerified: 'boolean',
  authData: 'object',
  _rperm: 'array',
  _wperm: 'array',
  _hashed_password: 'string',
  _metadata: {
    class_permissions: {
      ...Object.fromEntries(
        ['find', 'count', 'get', 'create', 'update', 'delete', 'addField'].map((op) => [op, { '*': true }]),
      ),
      protectedFields: { '*': [] },
    },
  },
};

async function initialize(db: Db): Promise<string[]> {
  const notes: string[] = [];
  const support = await probeSupport(db);
  await db.collection<{ _id: string }>('_SCHEMA').insertOne(USER_SCHEMA);
  await db.createCollection(USERS);
  const unique = { unique: true, background: true, sparse: true };
  await createIndex(db, USERS, { username: 1 }, unique, notes);
  if (support.collation) {
    const ci = { background: true, sparse: true, collation: CASE_INSENSITIVE };
    await createIndex(db, USERS, { username: 1 }, { ...ci, name: 'case_insensitive_username' }, notes);
    await createIndex(db, USERS, { email: 1 }, { ...ci, name: 'case_insensitive_email' }, notes);
  } else {
    notes.push('no collations: case_insensitive_username/_email indexes left out, lookups use /^…$/i');
  }
  await createIndex(db, USERS, { email: 1 }, unique, notes);
  await createIndex(db, '_Role', { name: 1 }, unique, notes);
  return notes;
}

/** RestWrite's case-insensitive duplicate checks (a collation there, the same match as a regex here). */
async function refuseDuplicate(db: Db, field: 'username' | 'email', value: string | undefined) {
  if (value === undefined) return;
  const taken = await db.collection<ParseUser>(USERS).findOne({ [field]: caseInsensitive(value) });
  if (taken) {
    throw new Error(
      `Parse signUp: Account already exists for this ${field === 'email' ? 'email address' : field}.`,
    );
  }
}

async function signUp(db: Db, user: FrameworkUser): Promise<string> {
  await refuseDuplicate(db, 'username', user.username);
  await refuseDuplicate(db, 'email', user.email);
  const id = randomId(10, ALPHANUMERIC);
  const now = new Date();
  await db.collection<ParseUser>(USERS).insertOne({
    _id: id,
    username: user.username as string,
    email: user.email,
    ...(user.verified === undefined ? {} : { emailVerified: user.verified }),
    _hashed_password: await bcrypt.hash(user.password, 10),
    _rperm: [id],
    _wperm: [id],
    _acl: { [id]: { w: true, r: true } },
    _created_at: now,
    _updated_at: now,
  });
  return id;
}

/** `$or: [{ username }, { email: username }]`; on two, the one whose username it is. */
async function findUser(db: Db, login: string): Promise<ParseUser | null> {
  const found = await db
    .collection<ParseUser>(USERS)
    .find({ $or: [{ username: login }, { email: login }] })
    .toArray();
  return (found.length > 1 ? found.find((user) => user.username === login) : found[0]) ?? null;
}

async function logIn(db: Db, login: string, password: string): Promise<PasswordVerdict> {
  const user = await findUser(db, login);
  if (!user) return { ok: false, needsRehash: false, detail: 'Invalid username/password.' };
  const correct =
    Boolean(password && user._hashed_password) && (await bcrypt.compare(password, user._hashed_password));
  if (!correct) return { ok: false, needsRehash: false, detail: 'Invalid username/password.' };
  if (user._rperm.length === 0 && user._wperm.length === 0) {
    return { ok: false, needsRehash: false, detail: 'locked out (empty ACL)' };
  }
  // Parse never rehashes a stored password.
  return { ok: true, needsRehash: false };
}

export const parse = portedStore({
  framework: 'parse',
  adapters: ['mongodb'],
  traits: {
    username: 'required',
    logins: ['username', 'email'],
    names: false,
    active: false,
    verified: true,
    roles: false,
    uniqueEmail: 'database',
    uniqueUsername: 'database',
  },
  version: '7.4.0 (ported: parse-community/parse-server@7ea2a2953e92)',
  collection: USERS,
  initialize,
  seed: signUp,
  check: logIn,
  find: findUser,
});
