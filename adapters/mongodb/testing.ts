/**
 * Real MongoDB-wire servers for the tests: MONGODB_URL, else testcontainers, else a throwaway mongod on
 * PATH, else FerretDB v1 over SQLite (built once by .ci/install-ferretdb.sh).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BSON, MongoClient, ObjectId } from 'mongodb';
import type { FieldMap } from '../../core/config.ts';
import { rawUser } from '../testing/raw-user.ts';
import {
  freePort,
  localSource,
  onPath,
  provisionServer,
  REPO_ROOT,
  type StartedServer,
  type StartedSource,
  startServer,
  TEST_DATABASE,
} from '../testing/servers.ts';
import type { AdapterTesting, Probe, RawUser, SeedUser, TestServer } from '../testing/types.ts';
import type { MongoStoreConfig } from './config.ts';
import { prepareMongoCollection } from './indexes.ts';
import { getPath, setPath } from './mapping.ts';

const IMAGE = 'mongo:7.0.14';
const run = promisify(execFile);

async function describeServer(serverUrl: string, how: string): Promise<TestServer> {
  const client = new MongoClient(serverUrl, { serverSelectionTimeoutMS: 2000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret = typeof info.ferretdbVersion === 'string';
    const url = new URL(serverUrl);
    url.pathname = `/${TEST_DATABASE}`;
    return {
      adapter: 'mongodb',
      url: url.toString(),
      label: `${ferret ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`} (${how})`,
      // FerretDB v1 cannot store a field name holding '.'; MongoDB 5+ can.
      storesDottedKeys: !ferret,
      enforcesArrayUniqueIndexes: !ferret,
      atomicConditionalUpdates: !ferret,
    };
  } finally {
    await client.close();
  }
}

/** FerretDB built by .ci/install-ferretdb.sh, or one the machine already has. */
function ferretdbBinary(): string | null {
  const candidates = [
    process.env.FERRETDB_BIN,
    join(REPO_ROOT, '.cache/bin/ferretdb'),
    onPath('ferretdb'),
    join(process.env.GOPATH ?? join(homedir(), 'go'), 'bin/ferretdb'),
  ];
  return candidates.find((path): path is string => typeof path === 'string' && existsSync(path)) ?? null;
}

async function localMongo(): Promise<StartedSource> {
  const mongod = onPath('mongod');
  let ferretdb = ferretdbBinary();
  if (!mongod && !ferretdb && onPath('go')) {
    // A fresh machine with Go: build FerretDB once into .cache/bin (about a minute).
    await run(join(REPO_ROOT, '.ci/install-ferretdb.sh'), [join(REPO_ROOT, '.cache/bin/ferretdb')], {
      timeout: 170_000,
    });
    ferretdb = ferretdbBinary();
  }
  if (!mongod && !ferretdb) {
    throw new Error(
      'No MongoDB-compatible server for the tests: set MONGODB_URL, start a Docker engine, put mongod on PATH, or build FerretDB with .ci/install-ferretdb.sh (needs Go).',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'customdb-mongo-'));
  const port = await freePort();
  let server: StartedServer;
  let how: string;
  if (mongod) {
    server = startServer(
      mongod,
      ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
      dir,
    );
    how = `local mongod on port ${port}`;
  } else {
    server = startServer(
      ferretdb as string,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
      dir,
    );
    how = `local FerretDB with SQLite on port ${port}`;
  }
  return localSource(server, dir, { url: `mongodb://127.0.0.1:${port}/`, how }, (url) =>
    describeServer(url, how),
  );
}

// The suite's collection maps every part to a plain path.
function toRawUser(document: Record<string, unknown>, f: FieldMap): RawUser {
  return rawUser((part) => {
    const path = f[part];
    const found = typeof path === 'string' ? getPath(document, path) : undefined;
    return found instanceof ObjectId ? found.toHexString() : found;
  }, document);
}

function documentOf(user: SeedUser, f: FieldMap): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const set = (part: keyof FieldMap, value: unknown) => {
    const path = f[part];
    if (typeof path === 'string' && value !== undefined) setPath(document, path, value);
  };
  if (user.storeId !== undefined) set('id', user.storeId);
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
}

function mongoProbe(server: TestServer, config: MongoStoreConfig): Probe {
  const f = config.fields;
  const client = new MongoClient(server.url);
  const users = client.db(TEST_DATABASE).collection(config.collection);
  const byEmail = (emails: string[]) => ({ [f.email]: { $in: emails } });
  return {
    async seed(user) {
      const result = await users.insertOne(documentOf(user, f));
      const id = result.insertedId as unknown;
      return id instanceof ObjectId ? id.toHexString() : String(id);
    },
    async seedMany(many) {
      for (let start = 0; start < many.length; start += 1000) {
        await users.insertMany(
          many.slice(start, start + 1000).map((user) => documentOf(user, f)),
          { ordered: true },
        );
      }
    },
    async find(email) {
      const document = await users.findOne({ [f.email]: email });
      return document ? toRawUser(document, f) : null;
    },
    async findById(id) {
      const candidates: unknown[] = [id];
      if (ObjectId.isValid(id) && id.length === 24) candidates.push(new ObjectId(id));
      if (/^\d+$/.test(id)) candidates.push(Number(id));
      const document = await users.findOne({ [f.id]: { $in: candidates } } as never);
      return document ? toRawUser(document, f) : null;
    },
    countEmails: (emails) => users.countDocuments(byEmail(emails)),
    total: () => users.countDocuments({}),
    async removeEmails(emails) {
      if (emails.length > 0) await users.deleteMany(byEmail(emails));
    },
    close: () => client.close(),
  };
}

async function withDatabase<T>(server: TestServer, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(server.url);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

async function dropCollection(client: MongoClient, name: string): Promise<void> {
  await client
    .db(TEST_DATABASE)
    .collection(name)
    .drop()
    .catch(() => undefined);
}

export const mongodbTesting: AdapterTesting<MongoStoreConfig> = {
  urlVariable: 'MONGODB_URL',
  provision: () =>
    provisionServer({
      urlVariable: 'MONGODB_URL',
      describe: describeServer,
      async container() {
        const { MongoDBContainer } = await import('@testcontainers/mongodb');
        const container = await new MongoDBContainer(IMAGE).start();
        return {
          url: `${container.getConnectionString()}/?directConnection=true`,
          how: `testcontainers ${IMAGE}`,
          stop: () => container.stop(),
        };
      },
      local: localMongo,
    }),
  storeConfig: (parts) => ({
    driver: 'mongodb',
    database: 'legacy',
    collection: 'users',
    emailIndex: 'create',
    fields: { id: '_id', ...parts },
  }),
  withName: (config, collection) => ({ ...config, collection }),
  // The database the URL names (the suite's own, or a scratch database).
  configuration: (server) => ({
    MONGODB_URL: server.url,
    MONGODB_DATABASE: decodeURIComponent(new URL(server.url).pathname.slice(1)) || TEST_DATABASE,
  }),
  prepare: (server, config) =>
    withDatabase(server, async (client) => {
      await dropCollection(client, config.collection);
      await prepareMongoCollection(client.db(TEST_DATABASE), config);
    }),
  drop: (server, config) => withDatabase(server, (client) => dropCollection(client, config.collection)),
  openProbe: mongoProbe,
  async scratch(server, name) {
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const client = new MongoClient(url.toString());
    const db = client.db(name);
    await db.dropDatabase();
    return {
      url: url.toString(),
      async load(fixture) {
        const { collection, documents, indexes } = BSON.EJSON.parse(fixture) as {
          collection: string;
          documents: Record<string, unknown>[];
          indexes?: { key: Record<string, 1 | -1>; options?: Record<string, unknown> }[];
        };
        await db.collection(collection).insertMany(documents);
        for (const index of indexes ?? [])
          await db.collection(collection).createIndex(index.key, index.options);
      },
      async [Symbol.asyncDispose]() {
        await db.dropDatabase().finally(() => client.close());
      },
    };
  },
  // A path through the email string: the server refuses to create a field inside a string.
  failingMigrationMark: (config) => ({
    ...config,
    fields: { ...config.fields, migratedAt: `${config.fields.email}.migrated_at` },
  }),
};
