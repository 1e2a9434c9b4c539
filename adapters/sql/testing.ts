/**
 * The SQL adapters' shared test part: raw probes with their own plain statements (never the store under
 * test), the suite's table, and the fixtures that differ only by dialect.
 */
import type { FieldMap } from '../../core/config.ts';
import { rawUser } from '../testing/raw-user.ts';
import { provisionServer, type StartedSource, TEST_DATABASE } from '../testing/servers.ts';
import type { AdapterTesting, Probe, RawUser, SeedUser, TestParts, TestServer } from '../testing/types.ts';
import { sqlCreateTable } from './ddl.ts';
import { render, type SqlDialect, type SqlStoreConfig, tableName } from './dialect.ts';

/** A plain test connection: client-side statements, rows as objects, and the insert id where the driver has one. */
export interface RawSqlConnection {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; insertId?: string }>;
  close(): Promise<void>;
}

type Parts = Partial<Record<keyof FieldMap, string>>;

/** What the suite's table maps: every part, an integer id; a schema where the dialect has them. */
export function suiteStore(driver: string, parts: TestParts, schema?: string): SqlStoreConfig {
  return {
    driver,
    ...(schema !== undefined ? { schema } : {}),
    table: 'users',
    idType: 'integer',
    columns: { id: 'id', ...parts },
    uniqueness: 'index',
  };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// MariaDB returns JSON columns as text: read them back as the JSON they hold.
function toRawUser(row: Record<string, unknown>, c: Parts): RawUser {
  return rawUser((part) => {
    const value = c[part] ? row[c[part] as string] : undefined;
    return part === 'userMetadata' || part === 'appMetadata' ? parseJson(value) : value;
  }, row);
}

export function sqlProbe(config: SqlStoreConfig, dialect: SqlDialect, connection: RawSqlConnection): Probe {
  const c = config.columns as Parts;
  const q = dialect.quote;
  const t = tableName(config, dialect);
  const query = (sql: string, values: unknown[] = []) => connection.query(render(sql, dialect), values);
  const json = (value: unknown) =>
    value === undefined || value === null || typeof value === 'string' ? value : JSON.stringify(value);
  const entriesOf = (user: SeedUser): [string | undefined, unknown][] => [
    [c.id, user.storeId],
    [c.email, user.email],
    [c.passwordHash, user.passwordHash],
    [c.emailVerified, dialect.booleanValue(user.emailVerified ?? false)],
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
  const markers = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const rowsWhere = async (where: string, values: unknown[]) =>
    (await query(`SELECT * FROM ${t} WHERE ${where}`, values)).rows;
  return {
    async seed(user) {
      const present = entriesOf(user).filter(([column, value]) => column && value !== undefined);
      const returning = dialect.returning ? ` RETURNING ${q(c.id as string)} AS ${q('id')}` : '';
      const result = await query(
        `INSERT INTO ${t} (${present.map(([column]) => q(column as string)).join(', ')}) VALUES (${markers(present.length)})${returning}`,
        present.map(([, value]) => value),
      );
      if (user.storeId !== undefined) return String(user.storeId);
      return String(dialect.returning ? result.rows[0]?.id : result.insertId);
    },
    async seedMany(users) {
      // Every row gets every mapped column but the id (NULL where absent), so one statement fits a chunk.
      const mapped = (user: SeedUser) => entriesOf(user).filter(([column]) => column && column !== c.id);
      const columns = mapped({ email: '', passwordHash: null }).map(([column]) => q(column as string));
      for (let start = 0; start < users.length; start += 500) {
        const chunk = users.slice(start, start + 500);
        const tuples = chunk.map(() => `(${markers(columns.length)})`).join(', ');
        const values = chunk.flatMap((user) => mapped(user).map(([, value]) => value ?? null));
        await query(`INSERT INTO ${t} (${columns.join(', ')}) VALUES ${tuples}`, values);
      }
    },
    async find(email) {
      const [row] = await rowsWhere(`${q(c.email as string)} = ?`, [email]);
      return row ? toRawUser(row, c) : null;
    },
    async findById(id) {
      const [row] = await rowsWhere(`${q(c.id as string)} = ?`, [id]);
      return row ? toRawUser(row, c) : null;
    },
    async countEmails(emails) {
      if (emails.length === 0) return 0;
      const sql = `SELECT COUNT(*) AS ${q('n')} FROM ${t} WHERE ${q(c.email as string)} IN (${markers(emails.length)})`;
      return Number((await query(sql, emails)).rows[0]?.n);
    },
    async total() {
      return Number((await query(`SELECT COUNT(*) AS ${q('n')} FROM ${t}`)).rows[0]?.n);
    },
    async removeEmails(emails) {
      if (emails.length === 0) return;
      await query(`DELETE FROM ${t} WHERE ${q(c.email as string)} IN (${markers(emails.length)})`, emails);
    },
    close: () => connection.close(),
  };
}

/** A column that reads as NULL but refuses a timestamp: the migration mark's write fails there. */
const FAULT_COLUMN = 'fault_probe';

/** Drops and recreates the table the config describes (plus the fault probe column). */
export async function recreateTable(
  config: SqlStoreConfig,
  dialect: SqlDialect,
  connection: RawSqlConnection,
) {
  const table = tableName(config, dialect);
  try {
    await connection.query(`DROP TABLE IF EXISTS ${table}`);
    await connection.query(sqlCreateTable(config, dialect));
    await connection.query(
      `ALTER TABLE ${table} ADD COLUMN ${dialect.quote(FAULT_COLUMN)} ${dialect.types.json} NULL`,
    );
  } finally {
    await connection.close();
  }
}

export async function dropTable(config: SqlStoreConfig, dialect: SqlDialect, connection: RawSqlConnection) {
  try {
    await connection.query(`DROP TABLE IF EXISTS ${tableName(config, dialect)}`);
  } finally {
    await connection.close();
  }
}

/** The migration mark in a JSON column: it reads as unset, and the server refuses a timestamp there. */
export function withUnwritableMigrationColumn<C extends SqlStoreConfig>(config: C): C {
  return { ...config, columns: { ...config.columns, migratedAt: FAULT_COLUMN } };
}

/** Lazily connected, so that a probe can be opened synchronously. */
function lazy(connection: Promise<RawSqlConnection>): RawSqlConnection {
  return {
    query: async (sql, values) => (await connection).query(sql, values),
    close: async () => (await connection).close(),
  };
}

/** What a SQL adapter's testing part says of itself; the rest is the same for every SQL database. */
export interface SqlTestingSpec {
  adapter: string;
  dialect: SqlDialect;
  /** The suite's store block: the driver, and the schema where the database has schemas. */
  driver: string;
  schema?: string;
  /** The environment variable naming a server, which is also the configuration key taking its URL. */
  urlVariable: string;
  connect(url: string): Promise<RawSqlConnection>;
  /** 'MariaDB 10.11.19', 'PostgreSQL 15.20'. */
  version(connection: RawSqlConnection): Promise<string>;
  /** Creates the tests' own database when the server lacks it. */
  createDatabase(connection: RawSqlConnection, name: string): Promise<void>;
  container(): Promise<StartedSource>;
  local(): Promise<StartedSource>;
}

async function withConnection<T>(
  spec: SqlTestingSpec,
  url: string,
  work: (c: RawSqlConnection) => Promise<T>,
) {
  const connection = await spec.connect(url);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** The server's version, for a local server's readiness poll and the suite titles. */
export const sqlServerLabel = (spec: SqlTestingSpec, url: string, how: string) =>
  withConnection(spec, url, async (connection) => `${await spec.version(connection)} (${how})`);

export function sqlTesting(spec: SqlTestingSpec): AdapterTesting<SqlStoreConfig> {
  const { dialect } = spec;
  const describe = async (serverUrl: string, how: string): Promise<TestServer> => {
    await withConnection(spec, serverUrl, (connection) => spec.createDatabase(connection, TEST_DATABASE));
    const url = new URL(serverUrl);
    url.pathname = `/${TEST_DATABASE}`;
    return {
      adapter: spec.adapter,
      url: url.toString(),
      label: await sqlServerLabel(spec, serverUrl, how),
      storesDottedKeys: true,
      enforcesArrayUniqueIndexes: true,
      atomicConditionalUpdates: true,
    };
  };
  return {
    urlVariable: spec.urlVariable,
    provision: () => provisionServer({ ...spec, describe }),
    storeConfig: (parts) => suiteStore(spec.driver, parts, spec.schema),
    withName: (config, table) => ({ ...config, table }),
    configuration: (server) => ({ [spec.urlVariable]: server.url }),
    prepare: async (server, config) => recreateTable(config, dialect, await spec.connect(server.url)),
    drop: async (server, config) => dropTable(config, dialect, await spec.connect(server.url)),
    openProbe: (server, config) => sqlProbe(config, dialect, lazy(spec.connect(server.url))),
    failingMigrationMark: withUnwritableMigrationColumn,
    async scratch(server, name) {
      await withConnection(spec, server.url, async (connection) => {
        await connection.query(`DROP DATABASE IF EXISTS ${dialect.quote(name)}`);
        await spec.createDatabase(connection, name);
      });
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        load: (fixture) =>
          withConnection(spec, url.toString(), async (connection) => {
            for (const statement of fixture.split(/;\s*\n/)) {
              const sql = statement.replace(/^\s*--.*$/gm, '').trim();
              if (sql) await connection.query(sql);
            }
          }),
        [Symbol.asyncDispose]: () =>
          withConnection(spec, server.url, async (c) => {
            await c.query(`DROP DATABASE IF EXISTS ${dialect.quote(name)}`);
          }),
      };
    },
  };
}
