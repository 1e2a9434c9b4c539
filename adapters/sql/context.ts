/**
 * What every SQL store operation shares: statements run with driver faults turned into KitErrors, the
 * exact lookups, users read with their side-table rows, and transactions under uniqueness locks.
 */
import { createHash } from 'node:crypto';
import { KitError } from '../../core/errors.ts';
import { type IdentifierKind, isSameIdentity } from '../../core/identity.ts';
import type { StoredUser } from '../../core/store.ts';
import { readStoredUser } from '../mapping/read.ts';
import { render, type SqlDialect, type SqlStoreConfig } from './dialect.ts';
import { CANDIDATE_LIMIT, metaStatements, type Statement, sqlStatements } from './statements.ts';

/** A statement's outcome, whatever the driver's result shape. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  affectedRows: number;
  /** The auto-increment id of an INSERT, where the driver reports one (MySQL). */
  insertId?: string;
}

export type SqlQuery = (sql: string, values: unknown[]) => Promise<SqlResult>;

/** Driver plumbing: statements (already in the dialect's marker style); throws driver errors. */
export interface SqlExecutor {
  query: SqlQuery;
  /** Runs `work` on one connection of the pool (for transactions and connection-held locks). */
  session<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
}

export interface SqlStoreOptions {
  /** How long create and change_email wait for the uniqueness lock. */
  lockTimeoutMs: number;
}

export const USER_EXISTS = () => new KitError('user_exists', 'the user already exists');
export const EMAIL_TAKEN = () => new KitError('email_taken', 'the new email belongs to another user');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export type SqlContext = ReturnType<typeof sqlContext>;

export function sqlContext(
  config: SqlStoreConfig,
  dialect: SqlDialect,
  executor: SqlExecutor,
  options: SqlStoreOptions,
) {
  const c = config.columns;
  const sql = sqlStatements(config, dialect);
  const meta = metaStatements(config, dialect);

  /** Runs a statement, turning driver faults into KitErrors that keep the cause. */
  const execute = async (
    statement: Statement,
    query: SqlQuery = executor.query,
    duplicate?: () => KitError,
  ) => {
    try {
      return await query(render(statement.sql, dialect), statement.values);
    } catch (error) {
      if (duplicate && dialect.isDuplicateKey(error)) throw duplicate();
      throw new KitError('store_unavailable', `${dialect.title}: ${messageOf(error)}`, { cause: error });
    }
  };

  /** Users from selected rows, each with its side-table rows. */
  const usersOf = async (
    rows: Record<string, unknown>[],
    query: SqlQuery = executor.query,
  ): Promise<StoredUser[]> => {
    const ids = rows.map((row) => String(row[c.id]));
    const values = new Map<string, Map<string, unknown>>();
    if (meta && meta.keys.length > 0 && ids.length > 0) {
      for (const row of (await execute(meta.read(ids), query)).rows) {
        const mine = values.get(String(row.user_id)) ?? new Map<string, unknown>();
        // WordPress allows a key twice for one user; like get_user_meta(…, true), the first one counts.
        if (!mine.has(String(row.meta_key))) mine.set(String(row.meta_key), row.meta_value);
        values.set(String(row.user_id), mine);
      }
    }
    return rows.map((row) => {
      const id = String(row[c.id]);
      const access = { field: (name: string) => row[name], meta: (key: string) => values.get(id)?.get(key) };
      return readStoredUser(c, access, { id, ref: id }, config.active);
    });
  };

  /** The one row whose stored value is exactly `value` after normalization; the collation only proposed. */
  const exact = async (column: string, value: string, kind: IdentifierKind, query?: SqlQuery) => {
    const rows = (await execute({ sql: sql.findBy(column), values: [value] }, query)).rows;
    if (rows.length >= CANDIDATE_LIMIT) {
      throw new KitError(
        'ambiguous_user',
        `${rows.length} or more stored users compare equal to this ${kind}`,
      );
    }
    const matches = rows.filter((row) => isSameIdentity(row[column], value, kind));
    if (matches.length > 1) {
      const ids = matches.map((row) => String(row[c.id])).join(', ');
      throw new KitError(
        'ambiguous_user',
        `users ${ids} share this ${kind}: resolve the duplicate in the store`,
      );
    }
    const [user] = await usersOf(matches, query);
    return user ?? null;
  };

  /**
   * One transaction on one connection; with `locks`, the check-then-write of an email or username is
   * serialized under locks the database holds (named locks, advisory locks), taken in a fixed order.
   */
  const transaction = <T>(locks: string[], work: (query: SqlQuery) => Promise<T>) =>
    executor.session(async (query) => {
      const seconds = Math.max(1, Math.ceil(options.lockTimeoutMs / 1000));
      const digest = (lock: string) => createHash('sha256').update(`${config.table}:${lock}`).digest('hex');
      const names = locks.map((lock) => `customdb:${digest(lock).slice(0, 48)}`);
      await execute({ sql: dialect.begin, values: [] }, query);
      try {
        for (const name of names) {
          const { rows } = await execute(dialect.lock.acquire(name, seconds), query);
          if (!dialect.lock.acquired(rows[0])) {
            throw new KitError(
              'store_unavailable',
              `${dialect.title}: another call held the uniqueness lock for ${seconds} s`,
            );
          }
        }
        const result = await work(query);
        await execute({ sql: 'COMMIT', values: [] }, query);
        return result;
      } catch (error) {
        await query('ROLLBACK', []).catch(() => undefined);
        throw error;
      } finally {
        const release = dialect.lock.release;
        if (release)
          for (const name of names) await query(render(release, dialect), [name]).catch(() => undefined);
      }
    });

  return {
    config,
    dialect,
    sql,
    meta,
    execute,
    usersOf,
    exact,
    findByEmail: (email: string, query?: SqlQuery) => exact(c.email, email, 'email', query),
    transaction,
    locked: config.uniqueness === 'lock',
  };
}
