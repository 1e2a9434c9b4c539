/**
 * Each framework store's own database on the suite's server: its URL, its connection settings for the
 * helpers, and what the harness itself does there (create, drop, list unique keys) with the plain drivers.
 */
import { MongoClient } from 'mongodb';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import type { TestServer } from '../../adapters/testing/types.ts';

/** The server's URL naming another database. */
export function withDatabase(server: TestServer, database: string): TestServer {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return { ...server, url: url.toString() };
}

/** Host, port, user, password and database as CUSTOMDB_FW_DB_* variables for a helper. */
export function connectionEnv(server: TestServer, defaultPort: number): Record<string, string> {
  const url = new URL(server.url);
  return {
    CUSTOMDB_FW_DB_HOST: url.hostname,
    CUSTOMDB_FW_DB_PORT: url.port || String(defaultPort),
    CUSTOMDB_FW_DB_USER: decodeURIComponent(url.username),
    CUSTOMDB_FW_DB_PASSWORD: decodeURIComponent(url.password),
    CUSTOMDB_FW_DB_NAME: url.pathname.slice(1),
  };
}

interface DatabaseOps {
  defaultPort: number;
  /** Drops the database if it exists and makes it again, empty. */
  recreate(server: TestServer): Promise<void>;
  drop(server: TestServer): Promise<void>;
  /** The unique keys of a table or collection, each as its columns joined by ','. */
  uniqueKeys(server: TestServer, table: string): Promise<string[]>;
  /** Writes one column (or document path) of the rows matching another, as a legacy store would hold it. */
  setField(
    server: TestServer,
    table: string,
    where: [string, string],
    set: [string, string],
  ): Promise<number>;
}

function nameOf(server: TestServer): string {
  return new URL(server.url).pathname.slice(1);
}

async function withMysql<T>(server: TestServer, body: (query: MysqlQuery) => Promise<T>): Promise<T> {
  const url = new URL(server.url);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString() });
  try {
    return await body(async (sql, values = []) => (await connection.query(sql, values))[0] as MysqlRows);
  } finally {
    await connection.end();
  }
}
type MysqlRows = Record<string, unknown>[];
type MysqlQuery = (sql: string, values?: unknown[]) => Promise<MysqlRows>;

async function withPostgres<T>(
  server: TestServer,
  database: string,
  body: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(server, database).url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function withMongo<T>(server: TestServer, body: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(server.url);
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}

/** Groups (index name, column) rows into one key per index. */
function keysOf(rows: Record<string, unknown>[]): string[] {
  const keys = new Map<string, string[]>();
  for (const row of rows) {
    const name = String(row.index_name);
    keys.set(name, [...(keys.get(name) ?? []), String(row.column_name)]);
  }
  return [...keys.values()].map((columns) => columns.join(',')).sort();
}

/** By adapter descriptor name: the servers the framework stores run on. */
export const DATABASES: Record<string, DatabaseOps> = {
  mysql: {
    defaultPort: 3306,
    recreate: (server) =>
      withMysql(server, async (query) => {
        await query(`DROP DATABASE IF EXISTS \`${nameOf(server)}\``);
        await query(`CREATE DATABASE \`${nameOf(server)}\` CHARACTER SET utf8mb4`);
      }),
    drop: (server) =>
      withMysql(server, async (query) => {
        await query(`DROP DATABASE IF EXISTS \`${nameOf(server)}\``);
      }),
    uniqueKeys: (server, table) =>
      withMysql(server, async (query) =>
        keysOf(
          await query(
            `SELECT index_name AS index_name, column_name AS column_name FROM information_schema.statistics
             WHERE table_schema = ? AND table_name = ? AND non_unique = 0 ORDER BY index_name, seq_in_index`,
            [nameOf(server), table],
          ),
        ),
      ),
    setField: (server, table, [column, value], [target, stored]) =>
      withMysql(server, async (query) => {
        const result = (await query(
          `UPDATE \`${nameOf(server)}\`.\`${table}\` SET \`${target}\` = ? WHERE \`${column}\` = ?`,
          [stored, value],
        )) as unknown as { affectedRows: number };
        return result.affectedRows;
      }),
  },
  postgres: {
    defaultPort: 5432,
    recreate: (server) =>
      withPostgres(server, 'postgres', async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${nameOf(server)}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${nameOf(server)}"`);
      }),
    drop: (server) =>
      withPostgres(server, 'postgres', async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${nameOf(server)}" WITH (FORCE)`);
      }),
    uniqueKeys: (server, table) =>
      withPostgres(server, nameOf(server), async (client) =>
        keysOf(
          (
            await client.query(
              `SELECT i.relname AS index_name, a.attname AS column_name
               FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
               JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) ON true
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
               WHERE x.indisunique AND t.relname = $1 AND t.relnamespace = 'public'::regnamespace
               ORDER BY i.relname, k.n`,
              [table],
            )
          ).rows,
        ),
      ),
    setField: (server, table, [column, value], [target, stored]) =>
      withPostgres(server, nameOf(server), async (client) => {
        const result = await client.query(`UPDATE "${table}" SET "${target}" = $1 WHERE "${column}" = $2`, [
          stored,
          value,
        ]);
        return result.rowCount ?? 0;
      }),
  },
  mongodb: {
    defaultPort: 27017,
    recreate: (server) =>
      withMongo(server, async (client) => {
        await client.db(nameOf(server)).dropDatabase();
      }),
    drop: (server) =>
      withMongo(server, async (client) => {
        await client.db(nameOf(server)).dropDatabase();
      }),
    uniqueKeys: (server, table) =>
      withMongo(server, async (client) => {
        const indexes = await client.db(nameOf(server)).collection(table).indexes();
        return indexes
          .filter((index) => index.unique || index.name === '_id_')
          .map((index) => Object.keys(index.key).join(','))
          .sort();
      }),
    setField: (server, table, [path, value], [target, stored]) =>
      withMongo(server, async (client) => {
        const result = await client
          .db(nameOf(server))
          .collection(table)
          .updateMany({ [path]: value }, { $set: { [target]: stored } });
        return result.modifiedCount;
      }),
  },
};

export function databaseOps(server: TestServer): DatabaseOps {
  const ops = DATABASES[server.adapter];
  if (!ops) throw new Error(`no framework store runs on ${server.adapter}`);
  return ops;
}
