/**
 * MySQL / MariaDB store over mysql2 (callback API: it is the same across mysql2 2.x and 3.x).
 * Statements come from `mysqlStatements` (pure SQL from the config); values only ever travel as
 * parameters of server-side prepared statements.
 */
import { createPool, type Pool } from 'mysql2';
import { type FieldMap, type MysqlStoreConfig, OPTIONAL_FIELDS, REQUIRED_FIELDS } from '../build/config.ts';
import { KitError } from '../scripts/lib/errors.ts';
import {
  cachedClient,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_POOL_SIZE,
  DEFAULT_QUERY_TIMEOUT_MS,
  integerSetting,
  requiredSetting,
} from './client-cache.ts';
import { metadataFromStore } from './metadata.ts';
import type { MigrationMark, NewUser, StoredUser, UserStore } from './store.ts';

/** A row as selected: every configured column aliased to its profile part. */
export interface MysqlUserRow {
  id: number | string | bigint;
  email: string;
  passwordHash: string | null;
  emailVerified: number | boolean | string | null;
  username?: string | null;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  nickname?: string | null;
  picture?: string | null;
  /** JSON columns arrive parsed from MySQL and as text from MariaDB (where JSON is LONGTEXT). */
  userMetadata?: unknown;
  appMetadata?: unknown;
  passwordSalt?: string | null;
}

const q = (identifier: string) => `\`${identifier}\``;
// Every part a login or export reads; the migration mark is only ever written.
const SELECTED: readonly (keyof FieldMap)[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS].filter(
  (part) => part !== 'migratedAt',
);

export interface Statement {
  sql: string;
  values: unknown[];
}

/** The pairs whose column is configured and whose value is present. */
function present(pairs: [string | undefined, unknown][]): [string, unknown][] {
  return pairs.filter((pair): pair is [string, unknown] => pair[0] !== undefined && pair[1] !== null);
}

/** Every statement the adapter runs, derived from the config alone (identifiers were validated). */
export function mysqlStatements(config: MysqlStoreConfig) {
  const c = config.columns;
  const t = q(config.table);
  const select = SELECTED.filter((part) => c[part] !== undefined)
    .map((part) => `${q(c[part] as string)} AS ${q(part)}`)
    .join(', ');
  const saltResetAssignment = c.passwordSalt ? [`${q(c.passwordSalt)} = NULL`] : [];
  const saltReset = saltResetAssignment.map((assignment) => `, ${assignment}`).join('');
  // Integer ids travel as checked digit strings; the cast keeps the comparison exact beyond 2^53.
  const idParam = config.idType === 'integer' ? 'CAST(? AS UNSIGNED)' : '?';
  return {
    findByEmail: `SELECT ${select} FROM ${t} WHERE ${q(c.email)} = ? LIMIT 2`,
    findByUsername: c.username ? `SELECT ${select} FROM ${t} WHERE ${q(c.username)} = ? LIMIT 2` : null,
    /** Only configured columns with a value are written, each beside its value. */
    insert: (user: NewUser): Statement => {
      const pairs = present([
        [c.email, user.email],
        [c.passwordHash, user.passwordHash],
        [c.emailVerified, user.emailVerified ? 1 : 0],
        [c.username, user.username],
        [c.userMetadata, user.userMetadata === null ? null : JSON.stringify(user.userMetadata)],
        [c.appMetadata, user.appMetadata === null ? null : JSON.stringify(user.appMetadata)],
      ]);
      return {
        sql: `INSERT INTO ${t} (${pairs.map(([column]) => q(column)).join(', ')}) VALUES (${pairs.map(() => '?').join(', ')})`,
        values: pairs.map(([, value]) => value),
      };
    },
    markEmailVerified: `UPDATE ${t} SET ${q(c.emailVerified)} = 1 WHERE ${q(c.email)} = ?`,
    updatePasswordHash: `UPDATE ${t} SET ${q(c.passwordHash)} = ?${saltReset} WHERE ${q(c.email)} = ?`,
    updateEmail: `UPDATE ${t} SET ${q(c.email)} = ?, ${q(c.emailVerified)} = ? WHERE ${q(c.email)} = ?`,
    deleteById: `DELETE FROM ${t} WHERE ${q(c.id)} = ${idParam}`,
    /** Null when the mark has nothing this store records. */
    recordMigration: (id: string, expectedHash: string, mark: MigrationMark): Statement | null => {
      const sets = present([
        [c.passwordHash, mark.passwordHash ?? null],
        [c.migratedAt, mark.migratedAt ?? null],
      ]);
      if (sets.length === 0) return null;
      const assignments = sets.map(([column]) => `${q(column)} = ?`);
      if (mark.passwordHash !== undefined) assignments.push(...saltResetAssignment);
      return {
        sql: `UPDATE ${t} SET ${assignments.join(', ')} WHERE ${q(c.id)} = ${idParam} AND ${q(c.passwordHash)} = ?`,
        values: [...sets.map(([, value]) => value), id, expectedHash],
      };
    },
    count: `SELECT COUNT(*) AS n FROM ${t}`,
    page: `SELECT ${select} FROM ${t} WHERE ${q(c.id)} > ${idParam} ORDER BY ${q(c.id)} LIMIT ?`,
    firstPage: `SELECT ${select} FROM ${t} ORDER BY ${q(c.id)} LIMIT ?`,
  };
}

/** DDL for a fresh store matching the config: used by the tests and shown in the README. */
export function mysqlCreateTable(config: MysqlStoreConfig): string {
  const c = config.columns;
  const text = (column: string | undefined, type = 'VARCHAR(255) NULL') =>
    column ? [`${q(column)} ${type}`] : [];
  const id =
    config.idType === 'integer'
      ? `${q(c.id)} BIGINT UNSIGNED NOT NULL AUTO_INCREMENT`
      : `${q(c.id)} VARCHAR(36) NOT NULL DEFAULT (UUID())`;
  return [
    `CREATE TABLE IF NOT EXISTS ${q(config.table)} (`,
    [
      id,
      `${q(c.email)} VARCHAR(320) NOT NULL`,
      `${q(c.passwordHash)} VARCHAR(255) NULL`,
      `${q(c.emailVerified)} TINYINT(1) NOT NULL DEFAULT 0`,
      ...text(c.username, 'VARCHAR(128) NULL'),
      ...text(c.name),
      ...text(c.givenName),
      ...text(c.familyName),
      ...text(c.nickname),
      ...text(c.picture, 'VARCHAR(2048) NULL'),
      ...text(c.userMetadata, 'JSON NULL'),
      ...text(c.appMetadata, 'JSON NULL'),
      ...text(c.passwordSalt),
      ...text(c.migratedAt, 'DATETIME(3) NULL'),
      `PRIMARY KEY (${q(c.id)})`,
      `UNIQUE KEY ${q(`${config.table}_email_unique`)} (${q(c.email)})`,
      ...(c.username ? [`UNIQUE KEY ${q(`${config.table}_username_unique`)} (${q(c.username)})`] : []),
    ].join(',\n  '),
    ') DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
  ].join('\n  ');
}

function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function storedBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === BigInt(1);
}

/** Pure: a selected row to the kit's StoredUser. */
export function mysqlRowToUser(row: MysqlUserRow): StoredUser {
  return {
    id: String(row.id),
    email: String(row.email),
    emailVerified: storedBoolean(row.emailVerified),
    username: nullableString(row.username),
    passwordHash: nullableString(row.passwordHash),
    passwordSalt: nullableString(row.passwordSalt),
    name: nullableString(row.name),
    givenName: nullableString(row.givenName),
    familyName: nullableString(row.familyName),
    nickname: nullableString(row.nickname),
    picture: nullableString(row.picture),
    userMetadata: metadataFromStore(row.userMetadata),
    appMetadata: metadataFromStore(row.appMetadata),
  };
}

const ER_DUP_ENTRY = 1062;

interface Execution {
  rows: unknown;
}

function openPool(configuration: Readonly<Record<string, string>>) {
  const url = configuration.MYSQL_URL;
  const settings = {
    ...(url
      ? { uri: url }
      : {
          host: requiredSetting(configuration, 'MYSQL_HOST'),
          port: integerSetting(configuration, 'MYSQL_PORT', 3306, 65535),
          user: requiredSetting(configuration, 'MYSQL_USER'),
          password: configuration.MYSQL_PASSWORD ?? '',
          database: requiredSetting(configuration, 'MYSQL_DATABASE'),
        }),
    connectionLimit: integerSetting(configuration, 'DB_POOL_SIZE', DEFAULT_POOL_SIZE, 50),
    connectTimeout: integerSetting(configuration, 'DB_CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS, 15000),
  };
  const queryTimeout = integerSetting(configuration, 'DB_QUERY_TIMEOUT_MS', DEFAULT_QUERY_TIMEOUT_MS, 15000);
  return cachedClient('mysql', settings, () => {
    const pool: Pool = createPool({
      ...settings,
      waitForConnections: true,
      // A caller never waits forever for a free connection: past this many queued calls, fail fast.
      queueLimit: 100,
      maxIdle: 1,
      idleTimeout: 60_000,
      enableKeepAlive: true,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    return {
      pool,
      queryTimeout,
      close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
    };
  });
}

export function createMysqlStore(
  config: MysqlStoreConfig,
  configuration: Readonly<Record<string, string>>,
): UserStore {
  const sql = mysqlStatements(config);
  const { pool, queryTimeout } = openPool(configuration);

  const run = (statement: string, values: unknown[]) =>
    new Promise<Execution>((resolve, reject) => {
      pool.execute({ sql: statement, values, timeout: queryTimeout }, (error, rows) => {
        if (error) reject(error);
        else resolve({ rows });
      });
    });

  /** Runs a statement, turning driver faults into KitErrors that keep the cause. */
  const execute = async (statement: string, values: unknown[], duplicate?: KitError) => {
    try {
      return await run(statement, values);
    } catch (error) {
      if (duplicate && (error as { errno?: number }).errno === ER_DUP_ENTRY) throw duplicate;
      throw new KitError('store_unavailable', `MySQL: ${(error as Error).message}`, { cause: error });
    }
  };
  const affected = (result: Execution) => (result.rows as { affectedRows: number }).affectedRows > 0;
  const single = (result: Execution, what: string): StoredUser | null => {
    const rows = result.rows as MysqlUserRow[];
    if (rows.length > 1) throw new KitError('ambiguous_user', `more than one user has this ${what}`);
    return rows[0] ? mysqlRowToUser(rows[0]) : null;
  };
  const validId = (id: string) =>
    config.idType === 'integer' ? /^[1-9][0-9]{0,19}$/.test(id) : id.length <= 255;

  return {
    async findByLogin(identifier) {
      if (sql.findByUsername && !identifier.includes('@')) {
        return single(await execute(sql.findByUsername, [identifier]), 'username');
      }
      return single(await execute(sql.findByEmail, [identifier]), 'email');
    },
    async insert(user: NewUser) {
      const { sql: statement, values } = sql.insert(user);
      await execute(statement, values, new KitError('user_exists', 'the user already exists'));
    },
    async markEmailVerified(email) {
      return affected(await execute(sql.markEmailVerified, [email]));
    },
    async updatePasswordHash(email, passwordHash) {
      return affected(await execute(sql.updatePasswordHash, [passwordHash, email]));
    },
    async updateEmail(email, newEmail, verified) {
      const taken = new KitError('email_taken', 'the new email belongs to another user');
      return affected(await execute(sql.updateEmail, [newEmail, verified ? 1 : 0, email], taken));
    },
    async deleteById(id) {
      if (!validId(id)) return false;
      return affected(await execute(sql.deleteById, [id]));
    },
    async recordMigration(id, expectedHash, mark) {
      const statement = validId(id) ? sql.recordMigration(id, expectedHash, mark) : null;
      return statement ? affected(await execute(statement.sql, statement.values)) : false;
    },
    async countUsers() {
      const rows = (await execute(sql.count, [])).rows as { n: number | string }[];
      return Number(rows[0]?.n ?? 0);
    },
    async *streamAll(pageSize = 1000) {
      let last: string | null = null;
      for (;;) {
        const result: Execution = await (last === null
          ? execute(sql.firstPage, [String(pageSize)])
          : execute(sql.page, [last, String(pageSize)]));
        const rows = result.rows as MysqlUserRow[];
        for (const row of rows) yield mysqlRowToUser(row);
        const tail = rows.at(-1);
        if (!tail || rows.length < pageSize) return;
        last = String(tail.id);
      }
    },
  };
}
