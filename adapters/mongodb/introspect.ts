/**
 * MongoDB's side of `customdb init` and `doctor`: the fields of sampled documents (paths in the config's
 * notation, `emails.$.address` inside arrays of sub-documents) and each collection's indexes.
 */
import { type Db, MongoClient, ObjectId } from 'mongodb';
import type { Configuration } from '../../core/store.ts';
import type { AdapterIntrospection, ContainerFacts, FieldFacts } from '../introspection/types.ts';
import type { MongoStoreConfig } from './config.ts';
import { MONGO_PRESET_SIGNATURES } from './presets.ts';

const SAMPLE = 200;

function kindOf(value: unknown): FieldFacts['kind'] {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'other';
  if (value instanceof Date) return 'timestamp';
  if (value instanceof ObjectId) return 'objectid';
  return 'other';
}

/** Every path of a document: sub-documents are walked, arrays of sub-documents as `name.$.field`. */
function collectPaths(value: Record<string, unknown>, prefix: string, into: Map<string, FieldFacts>): void {
  for (const [key, item] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    const plain =
      item !== null && typeof item === 'object' && !(item instanceof Date) && !(item instanceof ObjectId);
    if (plain && !Array.isArray(item)) collectPaths(item as Record<string, unknown>, `${path}.`, into);
    else if (
      Array.isArray(item) &&
      item.length > 0 &&
      item.every((e) => e !== null && typeof e === 'object')
    ) {
      for (const element of item) collectPaths(element as Record<string, unknown>, `${path}.$.`, into);
    }
    if (into.has(path) || (plain && !Array.isArray(item))) continue;
    const kind = Array.isArray(item) ? 'other' : kindOf(item);
    const type = Array.isArray(item) ? 'array' : item instanceof ObjectId ? 'objectId' : typeof item;
    into.set(path, { name: path, type, kind, maxLength: null, primaryKey: path === '_id', collation: null });
  }
}

async function readCollection(db: Db, name: string): Promise<ContainerFacts> {
  const collection = db.collection(name);
  const fields = new Map<string, FieldFacts>();
  for await (const document of collection.find({}).limit(SAMPLE)) collectPaths(document, '', fields);
  // An index key `emails.address` is the mapping's `emails.$.address` when the samples hold that array.
  const asField = (key: string) =>
    [...fields.keys()].find((path) => path.replaceAll('.$.', '.') === key && path.includes('.$.')) ?? key;
  const indexes = (await collection.listIndexes().toArray()).map((index) => {
    const keys = Object.keys(index.key as Record<string, unknown>).map(asField);
    const strength = (index.collation as { strength?: number } | undefined)?.strength;
    for (const key of keys) {
      const field = fields.get(key);
      if (field && strength !== undefined && strength <= 2) {
        const locale = (index.collation as { locale?: string }).locale ?? '';
        const collation = {
          name: `${locale} strength ${strength}`,
          ignoresCase: true,
          ignoresAccents: strength === 1,
        };
        fields.set(key, { ...field, collation });
      }
    }
    return { name: String(index.name), fields: keys, unique: index.unique === true };
  });
  return { name, fields: [...fields.values()], indexes };
}

async function withDb<T>(url: string, database: string, work: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    return await work(client.db(database));
  } finally {
    await client.close();
  }
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error('customdb: name the database in the MongoDB URL (mongodb://host/<database>)');
  return name;
}

export const mongodbIntrospection: AdapterIntrospection<MongoStoreConfig> = {
  read: (url) =>
    withDb(url, databaseOf(url), async (db) => {
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      const out: ContainerFacts[] = [];
      for (const name of names.filter((n) => !n.startsWith('system.')).sort())
        out.push(await readCollection(db, name));
      return out;
    }),
  async readConfigured(config, configuration: Configuration) {
    const url = configuration.MONGODB_URL;
    if (!url) throw new Error('customdb: configuration.MONGODB_URL is missing');
    const database = configuration.MONGODB_DATABASE || config.database;
    return withDb(url, database, async (db) => {
      const exists = await db.listCollections({ name: config.collection }, { nameOnly: true }).toArray();
      return exists.length === 0 ? null : readCollection(db, config.collection);
    });
  },
  signatures: Object.values(MONGO_PRESET_SIGNATURES),
  propose(url, collection, choice) {
    const database = databaseOf(url);
    if ('preset' in choice) return { driver: 'mongodb', preset: choice.preset, database, ...choice.options };
    return {
      driver: 'mongodb',
      database,
      collection: collection.name,
      emailIndex: 'create',
      fields: choice.fields,
    };
  },
  guardsUniqueness: (config) => config.emailIndex !== 'require',
};
