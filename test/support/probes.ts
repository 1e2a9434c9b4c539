/**
 * Raw probes: the tests seed and check the database directly, with their own plain queries,
 * never only through the adapter under test. Per-database differences live here as data.
 */
import { MongoClient, ObjectId } from 'mongodb';
import { createConnection } from 'mysql2/promise';
import { mysqlCreateTable } from '../../adapters/mysql.ts';
import type { FieldMap, KitConfig } from '../../build/config.ts';
import { type Backend, TEST_DATABASE } from './databases.ts';

/** A stored user as the probe reads it, by profile part; undefined where the store has no such part. */
export interface RawUser {
  id: string;
  email: string;
  passwordHash: string | null;
  emailVerified: boolean;
  username: string | null;
  name: string | null;
  userMetadata: unknown;
  appMetadata: unknown;
  passwordSalt: string | null;
  migratedAt: Date | null;
  /** Every column or field as stored, to look for what must never be there. */
  raw: Record<string, unknown>;
}

export interface SeedUser {
  email: string;
  passwordHash: string | null;
  emailVerified?: boolean;
  username?: string | null;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  nickname?: string | null;
  picture?: string | null;
  /** Stored exactly as given: an object is stored as JSON/sub-document, a string as text. */
  userMetadata?: unknown;
  appMetadata?: unknown;
  passwordSalt?: string | null;
  /** Mongo only: the _id to store (a legacy string or number id instead of an ObjectId). */
  mongoId?: string | number;
}

export interface Probe {
  backend: Backend;
  seed(user: SeedUser): Promise<string>;
  /** Bulk insert for large stores (export tests, benchmarks): chunks of 1,000. */
  seedMany(users: readonly SeedUser[]): Promise<void>;
  find(email: string): Promise<RawUser | null>;
  findById(id: string): Promise<RawUser | null>;
  /** Rows/documents whose email is one of these: the suite checks nothing was added or lost. */
  countEmails(emails: string[]): Promise<number>;
  total(): Promise<number>;
  removeEmails(emails: string[]): Promise<void>;
  close(): Promise<void>;
}

type Parts = Record<keyof FieldMap, string | undefined>;

function fromRecord(record: Record<string, unknown>, parts: Parts, get: (path: string) => unknown): RawUser {
  const value = (part: keyof FieldMap) => (parts[part] ? get(parts[part] as string) : undefined);
  const text = (part: keyof FieldMap) => {
    const v = value(part);
    return v === null || v === undefined ? null : String(v);
  };
  const verified = value('emailVerified');
  const migratedAt = value('migratedAt');
  return {
    id: String(value('id')),
    email: String(value('email')),
    passwordHash: text('passwordHash'),
    emailVerified: verified === true || verified === 1 || verified === '1',
    username: text('username'),
    name: text('name'),
    userMetadata: value('userMetadata') ?? null,
    appMetadata: value('appMetadata') ?? null,
    passwordSalt: text('passwordSalt'),
    migratedAt: migratedAt ? new Date(migratedAt as string) : null,
    raw: record,
  };
}

function mysqlProbe(url: string, config: KitConfig): Probe {
  const store = config.stores.mysql;
  if (!store) throw new Error('the config has no mysql store');
  const c = store.columns as Parts;
  const t = `\`${store.table}\``;
  const connection = createConnection(url);
  const query = async (sql: string, values: unknown[] = []) =>
    (await (await connection).query(sql, values))[0];
  const json = (value: unknown) =>
    value === undefined || value === null || typeof value === 'string' ? value : JSON.stringify(value);
  const toUser = (row: Record<string, unknown>) =>
    fromRecord(row, c, (column) => {
      const v = row[column];
      // MariaDB returns JSON columns as text; read them back as the JSON they hold.
      if ((column === c.userMetadata || column === c.appMetadata) && typeof v === 'string') {
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      }
      return v;
    });
  const entriesOf = (user: SeedUser): [string | undefined, unknown][] => [
    [c.email, user.email],
    [c.passwordHash, user.passwordHash],
    [c.emailVerified, user.emailVerified ? 1 : 0],
    [c.username, user.username],
    [c.name, user.name],
    [c.givenName, user.givenName],
    [c.familyName, user.familyName],
    [c.nickname, user.nickname],
    [c.picture, user.picture],
    [c.userMetadata, json(user.userMetadata)],
    [c.appMetadata, json(user.appMetadata)],
    [c.passwordSalt, user.passwordSalt],
  ];
  return {
    backend: 'mysql',
    async seed(user) {
      const present = entriesOf(user).filter(([column, value]) => column && value !== undefined);
      const result = (await query(
        `INSERT INTO ${t} (${present.map(([column]) => `\`${column}\``).join(', ')}) VALUES (${present.map(() => '?').join(', ')})`,
        present.map(([, value]) => value),
      )) as { insertId: number };
      return String(result.insertId);
    },
    async seedMany(users) {
      // Every row gets every mapped column (NULL where absent), so one statement fits a whole chunk.
      const columns = entriesOf({ email: '', passwordHash: null }).flatMap(([column]) =>
        column ? [column] : [],
      );
      for (let start = 0; start < users.length; start += 1000) {
        const chunk = users.slice(start, start + 1000);
        const rows = chunk.map((user) =>
          entriesOf(user)
            .filter(([column]) => column)
            .map(([, value]) => value ?? null),
        );
        await query(`INSERT INTO ${t} (${columns.map((column) => `\`${column}\``).join(', ')}) VALUES ?`, [
          rows,
        ]);
      }
    },
    async find(email) {
      const rows = (await query(`SELECT * FROM ${t} WHERE \`${c.email}\` = ?`, [email])) as Record<
        string,
        unknown
      >[];
      return rows[0] ? toUser(rows[0]) : null;
    },
    async findById(id) {
      const rows = (await query(`SELECT * FROM ${t} WHERE \`${c.id}\` = ?`, [id])) as Record<
        string,
        unknown
      >[];
      return rows[0] ? toUser(rows[0]) : null;
    },
    async countEmails(emails) {
      if (emails.length === 0) return 0;
      const rows = (await query(`SELECT COUNT(*) AS n FROM ${t} WHERE \`${c.email}\` IN (?)`, [emails])) as {
        n: number;
      }[];
      return Number(rows[0]?.n);
    },
    async total() {
      const rows = (await query(`SELECT COUNT(*) AS n FROM ${t}`)) as { n: number }[];
      return Number(rows[0]?.n);
    },
    async removeEmails(emails) {
      if (emails.length > 0) await query(`DELETE FROM ${t} WHERE \`${c.email}\` IN (?)`, [emails]);
    },
    async close() {
      await (await connection).end();
    },
  };
}

function getPath(document: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document);
}

function mongoProbe(url: string, config: KitConfig): Probe {
  const store = config.stores.mongodb;
  if (!store) throw new Error('the config has no mongodb store');
  const f = store.fields as Parts;
  const client = new MongoClient(url);
  const users = client.db(TEST_DATABASE).collection(store.collection);
  const toUser = (document: Record<string, unknown>) =>
    fromRecord(document, f, (path) => {
      const value = getPath(document, path);
      return value instanceof ObjectId ? value.toHexString() : value;
    });
  const documentOf = (user: SeedUser) => {
    const document: Record<string, unknown> = {};
    const set = (part: keyof FieldMap, value: unknown) => {
      const path = f[part];
      if (!path || value === undefined) return;
      const keys = path.split('.');
      let target = document;
      for (const key of keys.slice(0, -1)) {
        target[key] ??= {};
        target = target[key] as Record<string, unknown>;
      }
      target[keys.at(-1) as string] = value;
    };
    if (user.mongoId !== undefined) document._id = user.mongoId;
    set('email', user.email);
    set('passwordHash', user.passwordHash);
    set('emailVerified', user.emailVerified ?? false);
    set('username', user.username);
    set('name', user.name);
    set('givenName', user.givenName);
    set('familyName', user.familyName);
    set('nickname', user.nickname);
    set('picture', user.picture);
    set('userMetadata', user.userMetadata);
    set('appMetadata', user.appMetadata);
    set('passwordSalt', user.passwordSalt);
    return document;
  };
  return {
    backend: 'mongodb',
    async seed(user) {
      const result = await users.insertOne(documentOf(user));
      const id = result.insertedId as unknown;
      return id instanceof ObjectId ? id.toHexString() : String(id);
    },
    async seedMany(many) {
      for (let start = 0; start < many.length; start += 1000) {
        await users.insertMany(many.slice(start, start + 1000).map(documentOf), { ordered: true });
      }
    },
    async find(email) {
      const document = await users.findOne({ [f.email as string]: email });
      return document ? toUser(document) : null;
    },
    async findById(id) {
      const candidates: unknown[] = [id];
      if (ObjectId.isValid(id) && id.length === 24) candidates.push(new ObjectId(id));
      if (/^\d+$/.test(id)) candidates.push(Number(id));
      const document = await users.findOne({ _id: { $in: candidates } as never });
      return document ? toUser(document) : null;
    },
    async countEmails(emails) {
      return users.countDocuments({ [f.email as string]: { $in: emails } });
    },
    async total() {
      return users.countDocuments({});
    },
    async removeEmails(emails) {
      if (emails.length > 0) await users.deleteMany({ [f.email as string]: { $in: emails } });
    },
    async close() {
      await client.close();
    },
  };
}

export function openProbe(backend: Backend, url: string, config: KitConfig): Probe {
  return backend === 'mysql' ? mysqlProbe(url, config) : mongoProbe(url, config);
}

/** A fresh store matching the config: the table with its unique keys, or the collection with its indexes. */
export async function prepareStore(backend: Backend, url: string, config: KitConfig): Promise<void> {
  if (backend === 'mysql') {
    const store = config.stores.mysql;
    if (!store) return;
    const connection = await createConnection(url);
    try {
      await connection.query(`DROP TABLE IF EXISTS \`${store.table}\``);
      await connection.query(mysqlCreateTable(store));
    } finally {
      await connection.end();
    }
    return;
  }
  const store = config.stores.mongodb;
  if (!store) return;
  const { prepareMongoCollection } = await import('../../adapters/mongodb.ts');
  const client = new MongoClient(url);
  try {
    await client
      .db(TEST_DATABASE)
      .collection(store.collection)
      .drop()
      .catch(() => undefined);
    await prepareMongoCollection(client.db(TEST_DATABASE), store);
  } finally {
    await client.close();
  }
}

/** Removes a table or collection a test created for itself. */
export async function dropStore(backend: Backend, url: string, config: KitConfig): Promise<void> {
  if (backend === 'mysql') {
    const connection = await createConnection(url);
    try {
      await connection.query(`DROP TABLE IF EXISTS \`${config.stores.mysql?.table}\``);
    } finally {
      await connection.end();
    }
    return;
  }
  const client = new MongoClient(url);
  try {
    await client
      .db(TEST_DATABASE)
      .collection(config.stores.mongodb?.collection as string)
      .drop()
      .catch(() => undefined);
  } finally {
    await client.close();
  }
}

/** The same config with the store moved to its own table/collection, for tests that read a whole store. */
export function withOwnStore(config: KitConfig, backend: Backend, name: string): KitConfig {
  const { mysql, mongodb } = config.stores;
  const stores: KitConfig['stores'] =
    backend === 'mysql'
      ? { mysql: { ...(mysql as NonNullable<typeof mysql>), table: name } }
      : { mongodb: { ...(mongodb as NonNullable<typeof mongodb>), collection: name } };
  return { ...config, stores };
}
