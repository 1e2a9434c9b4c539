/**
 * The UserStore of every SQL adapter, over a dialect and a driver's executor. The adapters' own files
 * hold only driver plumbing (pools, timeouts, result shapes); what a store does is written here once.
 */
import { createHash } from 'node:crypto';
import { KitError } from '../../core/errors.ts';
import { type IdentifierKind, isSameIdentity } from '../../core/identity.ts';
import type { NewUser, StoredUser, UserStore } from '../../core/store.ts';
import { generateId } from '../mapping/ids.ts';
import { readStoredUser } from '../mapping/read.ts';
import { plannedCreate } from '../mapping/write.ts';
import { render, type SqlDialect, type SqlStoreConfig } from './dialect.ts';
import {
  CANDIDATE_LIMIT,
  isStorableId,
  metaStatements,
  type Statement,
  sqlStatements,
} from './statements.ts';

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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const USER_EXISTS = () => new KitError('user_exists', 'the user already exists');
const EMAIL_TAKEN = () => new KitError('email_taken', 'the new email belongs to another user');

export function createSqlStore(
  config: SqlStoreConfig,
  dialect: SqlDialect,
  executor: SqlExecutor,
  options: SqlStoreOptions,
): UserStore {
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
  const findByEmail = (email: string, query?: SqlQuery) => exact(c.email, email, 'email', query);

  /**
   * One transaction on one connection; with `locks`, the check-then-write of an email or username is
   * serialized under locks the database holds (named locks, advisory locks), taken in a fixed order.
   */
  const transaction = <T>(locks: string[], work: (query: SqlQuery) => Promise<T>) =>
    executor.session(async (query) => {
      const seconds = Math.max(1, Math.ceil(options.lockTimeoutMs / 1000));
      const names = locks.map(
        (lock) =>
          `customdb:${createHash('sha256').update(`${config.table}:${lock}`).digest('hex').slice(0, 48)}`,
      );
      await execute({ sql: dialect.begin, values: [] }, query);
      try {
        for (const name of names) {
          const acquire = dialect.lock.acquire(name, seconds);
          const { rows } = await execute(acquire, query);
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
        if (dialect.lock.release) {
          for (const name of names)
            await query(render(dialect.lock.release, dialect), [name]).catch(() => undefined);
        }
      }
    });
  const locked = config.uniqueness === 'lock';

  const insert = async (user: NewUser) => {
    const now = new Date();
    const id = generateId(config.idGeneration);
    const record = plannedCreate(c, user, {
      defaults: config.defaults,
      metaDefaults: config.metaDefaults,
      id,
      now,
    });
    if (!locked && record.meta.size === 0) {
      await execute(sql.insert(record, now), undefined, USER_EXISTS);
      return;
    }
    const username = c.username ? (record.fields.get(c.username) as string | undefined) : undefined;
    const locks = locked ? [`email:${user.email}`, ...(username ? [`username:${username}`] : [])] : [];
    await transaction(locks, async (query) => {
      if (locked) {
        if (await findByEmail(user.email, query)) throw USER_EXISTS();
        if (username && c.username && (await exact(c.username, username, 'username', query)))
          throw USER_EXISTS();
      }
      const result = await execute(sql.insert(record, now), query, USER_EXISTS);
      const newId = id ?? (dialect.returning ? String(result.rows[0]?.[c.id]) : result.insertId);
      if (meta && record.meta.size > 0) {
        if (!newId)
          throw new KitError('store_unavailable', `${dialect.title}: the new user's id was not reported`);
        await execute(meta.insert(newId, [...record.meta.entries()]), query);
      }
    });
  };

  /** Sets one side-table row of a user who still has the email that found them. */
  const setMeta = async (user: StoredUser, key: string, value: unknown) =>
    transaction([], async (query) => {
      if (!meta) return false;
      if (!(await findByEmail(user.email, query))) return false;
      const updated = await execute(meta.update(user.id, key, value), query);
      if (updated.affectedRows === 0) await execute(meta.insert(user.id, [[key, value]]), query);
      return true;
    });

  const verified = c.emailVerified;
  return {
    verificationStored: !(typeof verified === 'object' && 'constant' in verified),
    async findByLogin(identifier) {
      if (c.username && !identifier.includes('@')) return exact(c.username, identifier, 'username');
      return findByEmail(identifier);
    },
    findByEmail: (email) => findByEmail(email),
    insert,
    async markEmailVerified(user) {
      if (typeof verified === 'object' && 'constant' in verified) {
        if (verified.constant) return true;
        throw new KitError(
          'config_invalid',
          'this store has nowhere to record email verification (emailVerified is the constant false)',
        );
      }
      if (typeof verified === 'object' && 'meta' in verified) return setMeta(user, verified.meta, true);
      const statement = sql.markEmailVerified(user, new Date());
      return statement ? (await execute(statement)).affectedRows > 0 : false;
    },
    async updatePasswordHash(user, passwordHash) {
      return (await execute(sql.updatePasswordHash(user, passwordHash, new Date()))).affectedRows > 0;
    },
    async updateEmail(user, newEmail, flag) {
      const write = async (query?: SqlQuery) => {
        const changed =
          (await execute(sql.updateEmail(user, newEmail, flag, new Date()), query, EMAIL_TAKEN))
            .affectedRows > 0;
        if (changed && typeof verified === 'object' && 'meta' in verified && meta) {
          const moved = { ...user, email: newEmail };
          await execute(meta.update(moved.id, verified.meta, flag), query);
        }
        return changed;
      };
      if (!locked) return write();
      return transaction([`email:${newEmail}`], async (query) => {
        const holder = await findByEmail(newEmail, query);
        if (holder && holder.id !== user.id) throw EMAIL_TAKEN();
        return write(query);
      });
    },
    async deleteById(id) {
      if (!isStorableId(id, config, dialect)) return false;
      if (!meta) return (await execute(sql.deleteById(id))).affectedRows > 0;
      return transaction([], async (query) => {
        const deleted = (await execute(sql.deleteById(id), query)).affectedRows > 0;
        if (deleted) await execute(meta.deleteUser(id), query);
        return deleted;
      });
    },
    async recordMigration(user, mark) {
      const statement = sql.recordMigration(user, mark);
      return statement ? (await execute(statement)).affectedRows > 0 : false;
    },
    async countUsers() {
      const rows = (await execute({ sql: sql.count, values: [] })).rows as { n: number | string }[];
      return Number(rows[0]?.n ?? 0);
    },
    async *streamAll(pageSize = 1000) {
      let last: string | null = null;
      for (;;) {
        const rows: Record<string, unknown>[] = (await execute(sql.page(last, pageSize))).rows;
        for (const user of await usersOf(rows)) yield user;
        const tail: Record<string, unknown> | undefined = rows.at(-1);
        if (!tail || rows.length < pageSize) return;
        last = String(tail[c.id]);
      }
    },
  };
}
