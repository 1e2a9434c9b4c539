/**
 * Every statement a SQL store runs, derived from the config alone (identifiers were validated), written
 * with `?` markers that the store renders in the dialect's style. Values only ever travel as parameters.
 */
import type { VerifiedSource } from '../../core/mapping.ts';
import { isDate } from '../../core/metadata.ts';
import type { MigrationMark, StoredUser } from '../../core/store.ts';
import { fieldsRead, metaKeysRead } from '../mapping/read.ts';
import type { PlannedRecord } from '../mapping/write.ts';
import { type SqlDialect, type SqlStoreConfig, tableName } from './dialect.ts';

export interface Statement {
  sql: string;
  values: unknown[];
}

/** A piece of a statement with exactly the values of its own markers. */
type Fragment = Statement;

/**
 * Rows a lookup fetches by the indexed column: under a case- or accent-insensitive collation several rows
 * may compare equal to one address; the kit keeps the exact one. More than this is refused as ambiguous.
 */
export const CANDIDATE_LIMIT = 10;

const markers = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export function sqlStatements(config: SqlStoreConfig, dialect: SqlDialect) {
  const c = config.columns;
  const q = dialect.quote;
  const t = tableName(config, dialect);
  const select = fieldsRead(c, config.active)
    .map((column) => q(column))
    .join(', ');
  const idParam = config.idType === 'integer' ? dialect.integerIdParameter : '?';
  const byId = `${q(c.id)} = ${idParam}`;
  // Writes after a lookup address the row by id, guarded by the value that found it: if another call
  // changed the email in between, nothing is written rather than the wrong row.
  const byUser = `${byId} AND ${q(c.email)} = ?`;
  const candidates = (column: string) =>
    config.lookup === 'lowercase'
      ? `SELECT ${select} FROM ${t} WHERE LOWER(${q(column)}) = LOWER(?) LIMIT ${CANDIDATE_LIMIT}`
      : `SELECT ${select} FROM ${t} WHERE ${q(column)} = ? LIMIT ${CANDIDATE_LIMIT}`;
  /** Every write also sets the touched columns (updated_at) to now. */
  const touched = (now: Date): Fragment[] => (config.touch ?? []).map((column) => set(column, now));
  const set = (column: string, value: unknown): Fragment => ({ sql: `${q(column)} = ?`, values: [value] });
  const clear = (column: string): Fragment => ({ sql: `${q(column)} = NULL`, values: [] });
  const update = (user: StoredUser, sets: Fragment[], now: Date): Statement => {
    const all = [...sets, ...touched(now)];
    return {
      sql: `UPDATE ${t} SET ${all.map((fragment) => fragment.sql).join(', ')} WHERE ${byUser}`,
      values: [...all.flatMap((fragment) => fragment.values), user.ref, user.email],
    };
  };
  /** The assignment recording `verified` where the mapping keeps it (a meta row is written apart). */
  const verifiedSet = (source: VerifiedSource, verified: boolean, now: Date): Fragment | null => {
    if (typeof source === 'string') return set(source, dialect.booleanValue(verified));
    if (!('field' in source)) return null;
    if (source.codec === 'boolean') return set(source.field, dialect.booleanValue(verified));
    // A timestamp keeps the first verification's time; unverifying clears it.
    if (!verified) return clear(source.field);
    return { sql: `${q(source.field)} = COALESCE(${q(source.field)}, ?)`, values: [now] };
  };
  const saltReset: Fragment[] = c.passwordSalt ? [clear(c.passwordSalt)] : [];

  return {
    /** Candidates by an indexed column; the store keeps the exact match. */
    findBy: candidates,
    /** Only the fields the plan holds, each beside its value; booleans and objects in the dialect's form. */
    insert(record: PlannedRecord, now: Date): Statement {
      const touchColumns = (config.touch ?? []).filter((column) => !record.fields.has(column));
      const pairs = [...record.fields.entries(), ...touchColumns.map((column) => [column, now] as const)];
      const returning = dialect.returning ? ` RETURNING ${q(c.id)}` : '';
      return {
        sql: `INSERT INTO ${t} (${pairs.map(([column]) => q(column)).join(', ')}) VALUES (${markers(pairs.length)})${returning}`,
        values: pairs.map(([, value]) => sqlValue(value, dialect)),
      };
    },
    markEmailVerified: (user: StoredUser, now: Date): Statement | null => {
      const fragment = verifiedSet(c.emailVerified, true, now);
      return fragment ? update(user, [fragment], now) : null;
    },
    updatePasswordHash: (user: StoredUser, passwordHash: string, now: Date): Statement =>
      update(user, [set(c.passwordHash, passwordHash), ...saltReset], now),
    updateEmail: (user: StoredUser, newEmail: string, verified: boolean, now: Date): Statement => {
      const fragment = verifiedSet(c.emailVerified, verified, now);
      return update(user, [set(c.email, newEmail), ...(fragment ? [fragment] : [])], now);
    },
    deleteById: (id: string): Statement => ({ sql: `DELETE FROM ${t} WHERE ${byId}`, values: [id] }),
    /** Compare-and-set on the verified hash; null when the mark has nothing this store records. */
    recordMigration(user: StoredUser, mark: MigrationMark): Statement | null {
      const sets: Fragment[] = [];
      if (mark.passwordHash !== undefined) sets.push(set(c.passwordHash, mark.passwordHash), ...saltReset);
      if (mark.migratedAt !== undefined && c.migratedAt) sets.push(set(c.migratedAt, mark.migratedAt));
      if (sets.length === 0 || user.passwordHash === null) return null;
      return {
        sql: `UPDATE ${t} SET ${sets.map((fragment) => fragment.sql).join(', ')} WHERE ${byId} AND ${q(c.passwordHash)} = ?`,
        values: [...sets.flatMap((fragment) => fragment.values), user.ref, user.passwordHash],
      };
    },
    count: `SELECT COUNT(*) AS ${q('n')} FROM ${t}`,
    /** Keyset pages in id order: memory stays flat however large the table. */
    page: (after: string | null, size: number): Statement =>
      after === null
        ? { sql: `SELECT ${select} FROM ${t} ORDER BY ${q(c.id)} LIMIT ?`, values: [String(size)] }
        : {
            sql: `SELECT ${select} FROM ${t} WHERE ${byId.replace(' = ', ' > ')} ORDER BY ${q(c.id)} LIMIT ?`,
            values: [after, String(size)],
          },
  };
}

/** A planned value as a parameter: booleans in the dialect's form, objects as JSON text, the rest as is. */
export function sqlValue(value: unknown, dialect: SqlDialect): unknown {
  if (typeof value === 'boolean') return dialect.booleanValue(value);
  if (value !== null && typeof value === 'object' && !isDate(value) && !Buffer.isBuffer(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/** The side table's statements: read a page of users' rows, add rows, set one row. */
export function metaStatements(config: SqlStoreConfig, dialect: SqlDialect) {
  const meta = config.meta;
  if (!meta) return null;
  const q = dialect.quote;
  const t = config.schema ? `${q(config.schema)}.${q(meta.table)}` : q(meta.table);
  const keys = metaKeysRead(config.columns);
  return {
    keys,
    read: (userIds: string[]): Statement => ({
      sql: `SELECT ${q(meta.userId)} AS ${q('user_id')}, ${q(meta.key)} AS ${q('meta_key')}, ${q(meta.value)} AS ${q('meta_value')} FROM ${t} WHERE ${q(meta.userId)} IN (${markers(userIds.length)}) AND ${q(meta.key)} IN (${markers(keys.length)})`,
      values: [...userIds, ...keys],
    }),
    insert: (userId: string, rows: [string, unknown][]): Statement => ({
      sql: `INSERT INTO ${t} (${q(meta.userId)}, ${q(meta.key)}, ${q(meta.value)}) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`,
      values: rows.flatMap(([key, value]) => [userId, key, metaText(value)]),
    }),
    update: (userId: string, key: string, value: unknown): Statement => ({
      sql: `UPDATE ${t} SET ${q(meta.value)} = ? WHERE ${q(meta.userId)} = ? AND ${q(meta.key)} = ?`,
      values: [metaText(value), userId, key],
    }),
    deleteUser: (userId: string): Statement => ({
      sql: `DELETE FROM ${t} WHERE ${q(meta.userId)} = ?`,
      values: [userId],
    }),
  };
}

/** Side-table values are text: WordPress stores booleans as '1'/'' and structures PHP-serialized upstream. */
function metaText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (isDate(value)) return value.toISOString().slice(0, 19).replace('T', ' ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A store id this table could hold: digits within the column's range, or a bounded string. */
export function isStorableId(id: string, config: SqlStoreConfig, dialect: SqlDialect): boolean {
  if (config.idType === 'string') return id.length <= 255;
  return /^[1-9][0-9]{0,19}$/.test(id) && BigInt(id) <= dialect.maxIntegerId;
}
