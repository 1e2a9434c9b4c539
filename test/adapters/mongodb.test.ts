import { randomUUID } from 'node:crypto';
import { type Db, MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MongoStoreConfig } from '../../adapters/mongodb/config.ts';
import { isDuplicateKey, isUniqueIndexOn } from '../../adapters/mongodb/indexes.ts';
import { mongoProjection, newUserDocument } from '../../adapters/mongodb/mapping.ts';
import {
  createMongoStore,
  mongoDocumentToUser,
  mongoIdCandidates,
  prepareMongoCollection,
} from '../../adapters/mongodb/store.ts';
import { TEST_DATABASE } from '../../adapters/testing/servers.ts';
import type { FieldMap } from '../../core/config.ts';
import { isKitError } from '../../core/errors.ts';
import type { StoredUser, UserStore } from '../../core/store.ts';

const fields: FieldMap = {
  id: '_id',
  email: 'email',
  passwordHash: 'password_hash',
  emailVerified: 'email_verified',
  username: 'username',
  name: 'profile.name',
  givenName: 'profile.given',
  userMetadata: 'user_metadata',
  appMetadata: 'metadata',
  passwordSalt: 'password_salt',
  migratedAt: 'migrated_at',
};

const config: MongoStoreConfig = {
  driver: 'mongodb',
  database: 'x',
  collection: 'users',
  fields,
  emailIndex: 'create',
};
const NO_NAMES = { name: null, givenName: null, familyName: null, nickname: null };

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isKitError(error) ? error.code : `not a KitError: ${String(error)}`;
  }
  return 'no error';
};

describe('mongodb mapping', () => {
  it('mongodb mapping - should read every part through its (dotted) field path', () => {
    const _id = new ObjectId();
    const user = mongoDocumentToUser(
      {
        _id,
        email: 'jane@example.test',
        password_hash: '$2b$10$hash',
        email_verified: true,
        username: 'jane',
        profile: { name: 'Jane Doe', given: 'Jane' },
        user_metadata: { language: 'en' },
        metadata: { plan: 'full' },
        password_salt: 'salt',
        tenant: 'never read',
      },
      fields,
    );
    expect(user).toEqual<StoredUser>({
      id: _id.toHexString(),
      ref: _id,
      active: true,
      needsMigrationMark: true,
      email: 'jane@example.test',
      emailVerified: true,
      username: 'jane',
      passwordHash: '$2b$10$hash',
      passwordSalt: 'salt',
      name: 'Jane Doe',
      givenName: 'Jane',
      familyName: null,
      nickname: null,
      picture: null,
      userMetadata: { language: 'en' },
      appMetadata: { plan: 'full' },
    });
  });

  it.each([
    ['a legacy string id', 'legacy-7', 'legacy-7'],
    ['a legacy number id', 42, '42'],
    ['an ObjectId', new ObjectId('5f0c9a7e1c9d440000a1b2c3'), '5f0c9a7e1c9d440000a1b2c3'],
  ])('mongodb mapping - should give %s its string form', (_, _id, expected) => {
    expect(mongoDocumentToUser({ _id, email: 'a@example.test' }, fields).id).toBe(expected);
  });

  it('mongodb mapping - should refuse a document without its id rather than invent one', () => {
    expect(code(() => mongoDocumentToUser({ email: 'a@example.test' }, { ...fields, id: 'legacy_id' }))).toBe(
      'config_invalid',
    );
  });

  it.each([
    [true, true],
    [1, true],
    ['1', true],
    ['true', true],
    [false, false],
    [0, false],
    ['yes', false],
    [null, false],
    [undefined, false],
  ])('mongodb mapping - should read email_verified %j as %s', (stored, expected) => {
    const user = mongoDocumentToUser({ _id: 1, email: 'a@example.test', email_verified: stored }, fields);
    expect(user.emailVerified).toBe(expected);
  });

  it('mongodb mapping - should map absent parts to null and scalar metadata to { value }', () => {
    const user = mongoDocumentToUser(
      {
        _id: 'x',
        email: 'a@example.test',
        profile: 'not a sub-document',
        user_metadata: '"text"',
        metadata: 42,
      },
      fields,
    );
    expect(user).toMatchObject({ passwordHash: null, username: null, name: null, givenName: null });
    expect(user.userMetadata).toEqual({ value: 'text' });
    expect(user.appMetadata).toEqual({ value: 42 });
  });

  it('mongodb mapping - should project the mapped fields only (migratedAt too: login marks once), without path collisions', () => {
    expect(mongoProjection(fields)).toEqual({
      _id: 1,
      email: 1,
      password_hash: 1,
      email_verified: 1,
      username: 1,
      'profile.name': 1,
      'profile.given': 1,
      user_metadata: 1,
      metadata: 1,
      password_salt: 1,
      migrated_at: 1,
    });
    expect(mongoProjection({ ...fields, name: 'profile', givenName: 'profile.given' })).not.toHaveProperty(
      'profile.given',
    );
  });

  it('mongodb mapping - should build the new user from mapped fields only, nesting dotted paths', () => {
    const document = newUserDocument(
      {
        ...NO_NAMES,
        email: 'a@example.test',
        username: null,
        passwordHash: '$2b$10$hash',
        emailVerified: false,
        userMetadata: { language: 'fr', prefs: { colors: ['light.blue'] } },
        appMetadata: null,
      },
      { ...config, fields: { ...fields, userMetadata: 'meta.user' } },
      'id-1',
      new Date(),
    );
    expect(document).toEqual({
      _id: 'id-1',
      email: 'a@example.test',
      password_hash: '$2b$10$hash',
      email_verified: false,
      meta: { user: { language: 'fr', prefs: { colors: ['light.blue'] } } },
    });
  });

  it.each([
    ['an operator as email', { email: { $ne: null } }],
    ['an operator as username', { username: { $gt: '' } }],
    ['a $ key in metadata', { userMetadata: { $set: { admin: true } } }],
    ['a dotted key in metadata', { appMetadata: { 'a.b': 1 } }],
    ['an array as metadata', { appMetadata: ['admin'] }],
  ])('mongodb mapping - should refuse %s in a new user', (_, bad) => {
    const user = {
      ...NO_NAMES,
      email: 'a@example.test',
      username: null,
      passwordHash: 'h',
      emailVerified: false,
      userMetadata: null,
      appMetadata: null,
      ...bad,
    };
    expect(code(() => newUserDocument(user as never, config, 'id-1', new Date()))).toBe('invalid_input');
  });
});

describe('mongodb ids', () => {
  it('mongodb ids - should match a 24-hex id as the string and as an ObjectId', () => {
    const [text, oid, ...rest] = mongoIdCandidates('5f0c9a7e1c9d440000a1b2c3');
    expect(text).toBe('5f0c9a7e1c9d440000a1b2c3');
    expect(oid).toBeInstanceOf(ObjectId);
    expect((oid as ObjectId).toHexString()).toBe('5f0c9a7e1c9d440000a1b2c3');
    expect(rest).toEqual([]);
  });

  it.each([
    ['42', ['42', 42]],
    ['0', ['0', 0]],
    ['-7', ['-7', -7]],
    ['007', ['007']],
    ['1e3', ['1e3']],
    ['42.0', ['42.0']],
    [' 42', [' 42']],
    ['9007199254740993', ['9007199254740993']],
    ['5F0C9A7E1C9D440000A1B2C3', ['5F0C9A7E1C9D440000A1B2C3']],
    ['legacy-7', ['legacy-7']],
  ])('mongodb ids - should match %j only as %j', (id, expected) => {
    expect(mongoIdCandidates(id)).toEqual(expected);
  });

  it.each([
    ['an operator object', { $ne: null }],
    ['a number', 42],
    ['null', null],
  ])('mongodb ids - should refuse %s', (_, id) => {
    expect(code(() => mongoIdCandidates(id as never))).toBe('invalid_input');
  });
});

describe('mongodb indexes and errors', () => {
  it('mongodb indexes - should accept only a unique single-field index, partial only where allowed', () => {
    const unique = { key: { email: 1 }, unique: true };
    expect(isUniqueIndexOn(unique, 'email', false)).toBe(true);
    expect(isUniqueIndexOn({ key: { email: 1 } }, 'email', false)).toBe(false);
    expect(isUniqueIndexOn({ key: { email: 1, tenant: 1 }, unique: true }, 'email', false)).toBe(false);
    const partial = { ...unique, partialFilterExpression: { deleted: false } };
    expect(isUniqueIndexOn(partial, 'email', false)).toBe(false);
    expect(isUniqueIndexOn(partial, 'email', true)).toBe(true);
  });

  it('mongodb errors - should recognise a duplicate from MongoDB (E11000) and from FerretDB v1 (SQLite)', () => {
    expect(isDuplicateKey(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(true);
    const ferret = Object.assign(new Error('constraint failed: UNIQUE constraint failed: index (2067)'), {
      code: 1,
    });
    expect(isDuplicateKey(ferret)).toBe(true);
    expect(isDuplicateKey(Object.assign(new Error('UNIQUE constraint failed'), { code: 2 }))).toBe(false);
    expect(isDuplicateKey(new Error('connection reset'))).toBe(false);
  });
});

/** The adapter against the suite's MongoDB-wire server, in collections of its own. */
const database = inject('servers').find((server) => server.adapter === 'mongodb');

const onServer = database
  ? `mongodb store on the server [mongodb: ${database.label}]`
  : 'mongodb store on the server (skipped: mongodb is not in CUSTOMDB_TEST_BACKENDS)';

describe.skipIf(!database)(onServer, () => {
  const configuration = { MONGODB_URL: database?.url ?? '', MONGODB_DATABASE: TEST_DATABASE };
  const collection = `mapping_${randomUUID().slice(0, 8)}`;
  const config: MongoStoreConfig = {
    driver: 'mongodb',
    database: 'unused',
    collection,
    fields,
    emailIndex: 'create',
  };
  let client: MongoClient;
  let db: Db;
  let store: UserStore;

  beforeAll(async () => {
    if (!database) throw new Error('the suite provisioned no MongoDB-wire server');
    client = new MongoClient(database.url);
    db = client.db(TEST_DATABASE);
    store = createMongoStore(config, configuration);
  });

  afterAll(async () => {
    const registry = (global as unknown as Record<string, { closeAll(): Promise<void> } | undefined>)
      .__auth0CustomdbKit;
    await registry?.closeAll();
    for (const name of [collection, `${collection}_req`])
      await db
        .collection(name)
        .drop()
        .catch(() => undefined);
    await client.close();
  });

  it('mongodb store - should delete and mark users by every stored id form: ObjectId, string, number', async () => {
    const users = db.collection(collection);
    const oid = new ObjectId();
    await users.insertMany([
      { _id: oid, email: 'oid@example.test', password_hash: 'h1' },
      { _id: 'legacy-7' as never, email: 'str@example.test', password_hash: 'h2' },
      { _id: 42 as never, email: 'num@example.test', password_hash: 'h3', password_salt: 's' },
    ]);
    const found = await store.findByLogin('num@example.test');
    expect(found?.id).toBe('42');
    if (!found) throw new Error('not found');
    // The hash changed since the lookup (a concurrent password change): the mark must not land.
    expect(
      await store.recordMigration({ ...found, passwordHash: 'wrong hash' }, { migratedAt: new Date() }),
    ).toBe(false);
    const at = new Date('2024-05-06T07:08:09.010Z');
    expect(await store.recordMigration(found, { passwordHash: 'h3-new', migratedAt: at })).toBe(true);
    const migrated = await users.findOne({ _id: 42 as never });
    expect(migrated).toMatchObject({ password_hash: 'h3-new', migrated_at: at });
    expect(migrated).not.toHaveProperty('password_salt');

    expect(await store.deleteById('042')).toBe(false);
    expect(await store.deleteById(oid.toHexString().toUpperCase())).toBe(false);
    for (const id of [oid.toHexString(), 'legacy-7', '42']) expect(await store.deleteById(id)).toBe(true);
    expect(await users.countDocuments({})).toBe(0);
  });

  it('mongodb store - without a unique index, should refuse duplicates rather than pick one', async () => {
    const loose = { ...config, collection: `${collection}_loose`, emailIndex: 'unchecked' as const };
    const users = db.collection(loose.collection);
    await users.insertMany([
      { _id: 'dup-1' as never, email: 'twice@example.test', password_hash: 'h' },
      { _id: 'dup-2' as never, email: 'twice@example.test', password_hash: 'h' },
    ]);
    const looseStore = createMongoStore(loose, configuration);
    await expect(looseStore.findByLogin('twice@example.test')).rejects.toMatchObject({
      code: 'ambiguous_user',
      message: expect.stringContaining('dup-1, dup-2'),
    });
    await users.drop();
  });

  it('mongodb store - should stream users of mixed id types in id order, a batch at a time', async () => {
    const users = db.collection(collection);
    const oids = [new ObjectId(), new ObjectId()];
    await users.insertMany([
      { _id: oids[1], email: 's4@example.test' },
      { _id: 'b' as never, email: 's3@example.test' },
      { _id: 7 as never, email: 's1@example.test' },
      { _id: oids[0], email: 's5@example.test' },
      { _id: 'a' as never, email: 's2@example.test' },
    ]);
    expect(await store.countUsers()).toBe(5);
    const seen: string[] = [];
    for await (const user of store.streamAll(2)) seen.push(user.email);
    expect(seen).toEqual(['s1', 's2', 's3', 's5', 's4'].map((local) => `${local}@example.test`));
    await users.deleteMany({});
  });

  it('mongodb store - should refuse a duplicate username through the index it created, many users lacking one', async () => {
    const user = {
      ...NO_NAMES,
      passwordHash: 'h',
      emailVerified: false,
      userMetadata: null,
      appMetadata: null,
    };
    await store.insert({ ...user, email: 'u1@example.test', username: 'same' });
    await store.insert({ ...user, email: 'u2@example.test', username: null });
    await store.insert({ ...user, email: 'u3@example.test', username: null });
    await expect(store.insert({ ...user, email: 'u4@example.test', username: 'same' })).rejects.toMatchObject(
      {
        code: 'user_exists',
      },
    );
    expect((await store.findByLogin('same'))?.email).toBe('u1@example.test');
    const second = await store.findByEmail('u2@example.test');
    if (!second) throw new Error('u2 not found');
    await expect(store.updateEmail(second, 'u1@example.test', true)).rejects.toMatchObject({
      code: 'email_taken',
    });
    await db.collection(collection).deleteMany({});
  });

  it("mongodb store - should refuse writes with config_invalid under emailIndex 'require' until the index exists", async () => {
    const required = { ...config, collection: `${collection}_req`, emailIndex: 'require' as const };
    const strict = createMongoStore(required, configuration);
    const user = { email: 'r@example.test', username: null, passwordHash: 'h', emailVerified: false };
    const request = { ...user, ...NO_NAMES, userMetadata: null, appMetadata: null };
    await expect(strict.insert(request)).rejects.toMatchObject({ code: 'config_invalid' });
    // Reads do not depend on the index.
    expect(await strict.findByLogin('r@example.test')).toBeNull();
    await prepareMongoCollection(db, required);
    await strict.insert(request);
    await expect(strict.insert(request)).rejects.toMatchObject({ code: 'user_exists' });
  });
});
