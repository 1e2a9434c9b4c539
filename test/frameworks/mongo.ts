/**
 * Shared by the ported MongoDB frameworks (Meteor, Parse): the framework's random ids, a client on the
 * store's database, case-insensitive lookups without collations, and probes of what the server leaves out
 * (FerretDB v1: the positional `$` operator, collations, unique indexes over array paths).
 */
import { randomInt } from 'node:crypto';
import { type CollationOptions, type Db, MongoClient } from 'mongodb';
import type { TestServer } from '../../adapters/testing/types.ts';
import { refuseUnheld, requireAdapter, storeDatabase } from './common.ts';
import { databaseOps, withDatabase } from './databases.ts';
import type { FrameworkInstance, FrameworkStore, FrameworkUser, PasswordVerdict } from './types.ts';

/** An id of `length` characters drawn uniformly from `alphabet`. */
export function randomId(length: number, alphabet: string): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export async function withDb<T>(server: TestServer, body: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5000 });
  try {
    return await body(client.db(new URL(server.url).pathname.slice(1)));
  } finally {
    await client.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole-value, case-insensitive match (Meteor's own lookups; Parse's, where collations are missing). */
export function caseInsensitive(value: string): RegExp {
  return new RegExp(`^${escapeRegExp(value)}$`, 'i');
}

export interface MongoSupport {
  positional: boolean;
  collation: boolean;
  uniqueArrayPaths: boolean;
}

async function succeeds(step: () => Promise<unknown>): Promise<boolean> {
  return step().then(
    () => true,
    () => false,
  );
}

/** Tries each feature on a scratch collection of the store's database, then drops it. */
export async function probeSupport(db: Db): Promise<MongoSupport> {
  const scratch = db.collection<{ _id: string; list: { key: string; flag?: boolean }[] }>('customdb_probe');
  await scratch.drop().catch(() => undefined);
  try {
    await scratch.insertOne({ _id: 'a', list: [{ key: 'x' }] });
    const positional = await succeeds(async () => {
      await scratch.updateOne({ _id: 'a', 'list.key': 'x' }, { $set: { 'list.$.flag': true } });
      const stored = await scratch.findOne({ _id: 'a' });
      if (stored?.list[0]?.flag !== true) throw new Error('not applied');
    });
    const collation = await succeeds(() =>
      scratch.createIndex({ name: 1 }, { name: 'probe_ci', collation: { locale: 'en_US', strength: 2 } }),
    );
    await scratch.createIndex({ 'list.key': 1 }, { unique: true, name: 'probe_unique' });
    const uniqueArrayPaths = !(await succeeds(() => scratch.insertOne({ _id: 'b', list: [{ key: 'x' }] })));
    return { positional, collation, uniqueArrayPaths };
  } finally {
    await scratch.drop().catch(() => undefined);
  }
}

/** Creates an index; on a server that refuses an option, creates it without and says so. */
export async function createIndex(
  db: Db,
  collection: string,
  key: Record<string, 1>,
  options: {
    name?: string;
    unique?: boolean;
    sparse?: boolean;
    collation?: CollationOptions;
    background?: boolean;
  },
  notes: string[],
): Promise<void> {
  const target = db.collection(collection);
  if (await succeeds(() => target.createIndex(key, options))) return;
  const { sparse: _sparse, collation: _collation, ...plain } = options;
  await target.createIndex(key, plain);
  notes.push(`${collection} index ${Object.keys(key).join(',')} made without sparse/collation (refused)`);
}

export interface PortedSpec extends Pick<FrameworkStore, 'framework' | 'adapters' | 'traits'> {
  version: string;
  /** The users collection, named by the framework (no prefix). */
  collection: string;
  /** Indexes and the like on a fresh database; notes on what the server left out. */
  initialize(db: Db): Promise<string[]>;
  seed(db: Db, user: FrameworkUser): Promise<string>;
  check(db: Db, login: string, password: string): Promise<PasswordVerdict>;
  find(db: Db, login: string): Promise<object | null>;
}

/** A framework ported to TypeScript, on the store's own database of a MongoDB-wire server. */
export function portedStore(spec: PortedSpec): FrameworkStore {
  const store: FrameworkStore = {
    framework: spec.framework,
    adapters: spec.adapters,
    traits: spec.traits,
    version: async () => spec.version,
    on(server, options = {}): FrameworkInstance {
      requireAdapter(store, server);
      if (options.tablePrefix)
        throw new Error(`${spec.framework} names its collection ${spec.collection}: no prefix`);
      const database = storeDatabase(spec.framework, options);
      const own = withDatabase(server, database);
      const ops = databaseOps(server);
      return {
        server: own,
        database,
        table: spec.collection,
        async create() {
          await ops.recreate(own);
          return withDb(own, spec.initialize);
        },
        async seedUser(user) {
          refuseUnheld(spec.framework, spec.traits, user);
          return withDb(own, (db) => spec.seed(db, user));
        },
        checkPassword: (login, password) => withDb(own, (db) => spec.check(db, login, password)),
        readUser: (login) =>
          withDb(own, async (db) => (await spec.find(db, login)) as Record<string, unknown> | null),
        uniqueKeys: () => ops.uniqueKeys(own, spec.collection),
        drop: () => ops.drop(own),
      };
    },
  };
  return store;
}
