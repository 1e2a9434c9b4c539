/**
 * The MongoDB store's error classification and its unique indexes: a duplicate email or username
 * must be refused by the database (a read before the write would race), so the email index, and
 * the username index when usernames are mapped, are created or checked before writes rely on them.
 */
import type { Collection, Db, Document } from 'mongodb';
import { isKitError, KitError } from '../../core/errors.ts';
import type { MongoStoreConfig } from './config.ts';
import { queryPath } from './mapping.ts';

/** An index as listIndexes describes it. */
export interface MongoIndexDescription {
  name?: string;
  key: Record<string, unknown>;
  unique?: boolean | number;
  sparse?: boolean;
  partialFilterExpression?: unknown;
}

const DUPLICATE_KEY = [11000, 11001];
const NAMESPACE_NOT_FOUND = 26;
/** IndexOptionsConflict, IndexKeySpecsConflict: an index on the same key exists with other options. */
const INDEX_CONFLICT = [85, 86];
/** NotImplemented (FerretDB v1), CommandNotSupported. */
const UNSUPPORTED = [238, 115];

export const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function isDuplicateKey(error: unknown): boolean {
  if (DUPLICATE_KEY.includes(codeOf(error) as number)) return true;
  // FerretDB v1 answers a unique violation by an update (or an index build) with InternalError,
  // code 1, carrying SQLite's message, instead of E11000.
  return codeOf(error) === 1 && messageOf(error).includes('UNIQUE constraint failed');
}

/** Driver and server faults as the kit's error; KitErrors pass through. */
export function fault(error: unknown): KitError {
  if (isKitError(error)) return error;
  return new KitError('store_unavailable', `MongoDB: ${messageOf(error)}`, { cause: error });
}

/** Whether an index makes `field` unique on its own; a partial one only where allowed (usernames). */
export function isUniqueIndexOn(index: MongoIndexDescription, field: string, allowPartial: boolean): boolean {
  const keys = Object.keys(index.key ?? {});
  const unique = index.unique === true || index.unique === 1;
  return unique && keys.length === 1 && keys[0] === field && (allowPartial || !index.partialFilterExpression);
}

async function listIndexes(collection: Collection<Document>): Promise<MongoIndexDescription[]> {
  try {
    return (await collection.listIndexes().toArray()) as MongoIndexDescription[];
  } catch (error) {
    if (codeOf(error) === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

async function createUniqueIndex(
  collection: Collection<Document>,
  field: string,
  name: string,
  optional: boolean,
) {
  const keys = { [field]: 1 } as const;
  if (!optional) {
    await collection.createIndex(keys, { name, unique: true });
    return;
  }
  try {
    // Users without a username (field missing or null) must not collide with each other.
    const partialFilterExpression = { [field]: { $type: 'string' } };
    await collection.createIndex(keys, { name, unique: true, partialFilterExpression });
  } catch (error) {
    if (
      !UNSUPPORTED.includes(codeOf(error) as number) &&
      !messageOf(error).includes('partialFilterExpression')
    ) {
      throw error;
    }
    // FerretDB v1 has no partial indexes. A sparse unique index lets many documents lack the field
    // (FerretDB accepts `sparse`, and its SQLite unique index skips missing fields anyway); an
    // explicit null still collides, which is why the kit never writes a null username.
    await collection.createIndex(keys, { name, unique: true, sparse: true });
  }
}

async function createUnique(
  collection: Collection<Document>,
  field: string,
  name: string,
  optional: boolean,
) {
  try {
    await createUniqueIndex(collection, field, name, optional);
  } catch (error) {
    if (isDuplicateKey(error)) {
      const problem = `cannot create unique index ${name}: stored users share a '${field}'`;
      throw new KitError('config_invalid', `MongoDB: ${problem}`, { cause: error });
    }
    if (INDEX_CONFLICT.includes(codeOf(error) as number)) {
      const problem = `an index on '${field}' exists but is not unique; replace it with a unique one`;
      throw new KitError('config_invalid', `MongoDB: ${problem} (${messageOf(error)})`, { cause: error });
    }
    throw error;
  }
}

/** Whether a unique index on `field` exists now; false when the indexes cannot be listed. */
export async function hasUniqueIndex(collection: Collection<Document>, field: string): Promise<boolean> {
  try {
    return (await listIndexes(collection)).some((index) => isUniqueIndexOn(index, field, true));
  } catch {
    return false;
  }
}

/** Checks (and with `create`, makes) the unique indexes that let the database refuse duplicates. */
export async function ensureIndexes(
  collection: Collection<Document>,
  config: MongoStoreConfig,
  create: boolean,
) {
  // An email in an array of sub-documents is indexed (and looked up) through the array: emails.address.
  const email = queryPath(config.fields.email);
  const username = config.fields.username;
  const existing = await listIndexes(collection);
  const has = (field: string, allowPartial: boolean) =>
    existing.some((index) => isUniqueIndexOn(index, field, allowPartial));
  const name = (part: string) => `${config.collection}_${part}_unique`;
  if (!has(email, false)) {
    if (!create) {
      const where = `${collection.dbName}.${collection.collectionName}`;
      const command = `db.getCollection("${config.collection}").createIndex({ "${email}": 1 }, { unique: true, name: "${name('email')}" })`;
      const problem = `${where} has no unique index on '${email}': create it with ${command}, or set emailIndex: 'create'`;
      throw new KitError('config_invalid', `MongoDB: ${problem}`);
    }
    await createUnique(collection, email, name('email'), false);
  }
  if (create && username && !has(username, true))
    await createUnique(collection, username, name('username'), true);
}

/**
 * Creates the collection's unique indexes (email; username when mapped) whatever `emailIndex` says:
 * the tests' setup, or a one-off step for a store whose scripts run with `emailIndex: 'require'`.
 */
export async function prepareMongoCollection(db: Db, config: MongoStoreConfig): Promise<void> {
  try {
    await ensureIndexes(db.collection(config.collection), config, true);
  } catch (error) {
    throw fault(error);
  }
}
