/**
 * Shared by the ported MongoDB frameworks (Meteor, Parse): the framework's random ids, a client on the
 * store's database, case-insensitive lookups without collations, and probes of what the server leaves out
 * (FerretDB v1: the positional `$` operator, collations, unique indexes over array paths).
 */
import { randomInt } from 'node:crypto';
import { type CollationOptions, type Db, MongoClient } from 'mongodb';
import type { TestServer } from '../../adapters/testing/types.ts';

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
