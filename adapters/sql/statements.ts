/**
 * Every statement a SQL store runs, derived from the config alone (identifiers were validated), and the
 * pure mapping of a selected row to the kit's StoredUser. Values only ever travel as parameters.
 */
import { type FieldMap, OPTIONAL_FIELDS, REQUIRED_FIELDS } from '../../core/config.ts';
import { metadataFromStore } from '../../core/metadata.ts';
import type { MigrationMark, NewUser, StoredUser } from '../../core/store.ts';
import { type SqlDialect, type SqlStoreConfig, tableName } from './dialect.ts';

/** A row as selected: every configured column aliased to its profile part. */
export interface SqlUserRow {
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
  /** JSON columns arrive parsed (MySQL JSON, PostgreSQL json/jsonb) or as text (MariaDB, text columns). */
  userMetadata?: unknown;
  appMetadata?: unknown;
  passwordSalt?: string | null;
}

export interface Statement {
  /** With `?` markers; the store renders them in the dialect's style. */
  sql: string;
  values: unknown[];
}

/**
 * Rows a lookup fetches by the indexed column: under a case- or accent-insensitive collation several rows
 * may compare equal to one address; the kit keeps the exact one. More than this is refused as ambiguous.
 */
export const CANDIDATE_LIMIT = 10;

// Every part a login or export reads; the migration mark is only ever written.
const SELECTED: readonly (keyof FieldMap)[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS].filter(
  (part) => part !== 'migratedAt',
);

/** The pairs whose column is configured and whose value is present. */
function present(pairs: [string | undefined, unknown][]): [string, unknown][] {
  return pairs.filter((pair): pair is [string, unknown] => pair[0] !== undefined && pair[1] !== null);
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export function sqlStatements(config: SqlStoreConfig, dialect: SqlDialect) {
  const c = config.columns;
  const q = dialect.quote;
  const t = tableName(config, dialect);
  const select = SELECTED.filter((part) => c[part] !== undefined)
    .map((part) => `${q(c[part] as string)} AS ${q(part)}`)
    .join(', ');
  const saltResetAssignment = c.passwordSalt ? [`${q(c.passwordSalt)} = NULL`] : [];
  const saltReset = saltResetAssignment.map((assignment) => `, ${assignment}`).join('');
  const idParam = config.idType === 'integer' ? dialect.integerIdParameter : '?';
  const byId = `${q(c.id)} = ${idParam}`;
  // Writes after a lookup address the row by id, guarded by the value that found it: if another call
  // changed the email in between, nothing is written rather than the wrong row.
  const byUser = `${byId} AND ${q(c.email)} = ?`;
  const candidates = (column: string) =>
    `SELECT ${select} FROM ${t} WHERE ${q(column)} = ? LIMIT ${CANDIDATE_LIMIT}`;
  return {
    findByEmail: candidates(c.email),
    findByUsername: c.username ? candidates(c.username) : null,
    /** Only configured columns with a value are written, each beside its value. */
    insert(user: NewUser): Statement {
      const pairs = present([
        [c.email, user.email],
        [c.passwordHash, user.passwordHash],
        [c.emailVerified, dialect.booleanValue(user.emailVerified)],
        [c.username, user.username],
        [c.userMetadata, json(user.userMetadata)],
        [c.appMetadata, json(user.appMetadata)],
      ]);
      return {
        sql: `INSERT INTO ${t} (${pairs.map(([column]) => q(column)).join(', ')}) VALUES (${pairs.map(() => '?').join(', ')})`,
        values: pairs.map(([, value]) => value),
      };
    },
    markEmailVerified: (user: StoredUser): Statement => ({
      sql: `UPDATE ${t} SET ${q(c.emailVerified)} = ? WHERE ${byUser}`,
      values: [dialect.booleanValue(true), user.ref, user.email],
    }),
    updatePasswordHash: (user: StoredUser, passwordHash: string): Statement => ({
      sql: `UPDATE ${t} SET ${q(c.passwordHash)} = ?${saltReset} WHERE ${byUser}`,
      values: [passwordHash, user.ref, user.email],
    }),
    updateEmail: (user: StoredUser, newEmail: string, verified: boolean): Statement => ({
      sql: `UPDATE ${t} SET ${q(c.email)} = ?, ${q(c.emailVerified)} = ? WHERE ${byUser}`,
      values: [newEmail, dialect.booleanValue(verified), user.ref, user.email],
    }),
    deleteById: (id: string): Statement => ({ sql: `DELETE FROM ${t} WHERE ${byId}`, values: [id] }),
    /** Compare-and-set on the verified hash; null when the mark has nothing this store records. */
    recordMigration(user: StoredUser, mark: MigrationMark): Statement | null {
      const sets = present([
        [c.passwordHash, mark.passwordHash ?? null],
        [c.migratedAt, mark.migratedAt ?? null],
      ]);
      if (sets.length === 0 || user.passwordHash === null) return null;
      const assignments = sets.map(([column]) => `${q(column)} = ?`);
      if (mark.passwordHash !== undefined) assignments.push(...saltResetAssignment);
      return {
        sql: `UPDATE ${t} SET ${assignments.join(', ')} WHERE ${byId} AND ${q(c.passwordHash)} = ?`,
        values: [...sets.map(([, value]) => value), user.ref, user.passwordHash],
      };
    },
    count: `SELECT COUNT(*) AS ${q('n')} FROM ${t}`,
    /** Keyset pages in id order: memory stays flat however large the table. */
    page: (after: string | null, size: number): Statement =>
      after === null
        ? { sql: `SELECT ${select} FROM ${t} ORDER BY ${q(c.id)} LIMIT ?`, values: [String(size)] }
        : {
            sql: `SELECT ${select} FROM ${t} WHERE ${q(c.id)} > ${idParam} ORDER BY ${q(c.id)} LIMIT ?`,
            values: [after, String(size)],
          },
  };
}

function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function storedBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === BigInt(1);
}

/** Pure: a selected row to the kit's StoredUser. */
export function sqlRowToUser(row: SqlUserRow): StoredUser {
  return {
    id: String(row.id),
    ref: String(row.id),
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

/** A store id this table could hold: digits within the column's range, or a bounded string. */
export function isStorableId(id: string, config: SqlStoreConfig, dialect: SqlDialect): boolean {
  if (config.idType === 'string') return id.length <= 255;
  return /^[1-9][0-9]{0,19}$/.test(id) && BigInt(id) <= dialect.maxIntegerId;
}
