/**
 * The UserStore of every SQL adapter, over a dialect and a driver's executor. The adapters' own files
 * hold only driver plumbing (pools, timeouts, result shapes); what a store does is written here once.
 */
import { KitError } from '../../core/errors.ts';
import { type IdentifierKind, isSameIdentity } from '../../core/identity.ts';
import type { StoredUser, UserStore } from '../../core/store.ts';
import { render, type SqlDialect, type SqlStoreConfig } from './dialect.ts';
import {
  CANDIDATE_LIMIT,
  isStorableId,
  type SqlUserRow,
  type Statement,
  sqlRowToUser,
  sqlStatements,
} from './statements.ts';

/** A statement's outcome, whatever the driver's result shape. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  affectedRows: number;
}

/** Driver plumbing: runs one statement (already in the dialect's marker style). Throws driver errors. */
export interface SqlExecutor {
  query(sql: string, values: unknown[]): Promise<SqlResult>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createSqlStore(
  config: SqlStoreConfig,
  dialect: SqlDialect,
  executor: SqlExecutor,
): UserStore {
  const sql = sqlStatements(config, dialect);

  /** Runs a statement, turning driver faults into KitErrors that keep the cause. */
  const execute = async (statement: Statement, duplicate?: KitError): Promise<SqlResult> => {
    try {
      return await executor.query(render(statement.sql, dialect), statement.values);
    } catch (error) {
      if (duplicate && dialect.isDuplicateKey(error)) throw duplicate;
      throw new KitError('store_unavailable', `${dialect.title}: ${messageOf(error)}`, { cause: error });
    }
  };
  const affected = (result: SqlResult) => result.affectedRows > 0;
  /** The one row whose stored value is exactly `value` after normalization; the collation only proposed. */
  const exact = async (query: string, value: string, kind: IdentifierKind): Promise<StoredUser | null> => {
    const rows = (await execute({ sql: query, values: [value] })).rows as unknown as SqlUserRow[];
    if (rows.length >= CANDIDATE_LIMIT) {
      throw new KitError(
        'ambiguous_user',
        `${rows.length} or more stored users compare equal to this ${kind}`,
      );
    }
    const matches = rows.filter((row) =>
      isSameIdentity(kind === 'email' ? row.email : row.username, value, kind),
    );
    if (matches.length > 1) {
      const ids = matches.map((row) => String(row.id)).join(', ');
      throw new KitError(
        'ambiguous_user',
        `users ${ids} share this ${kind}: resolve the duplicate in the store`,
      );
    }
    return matches[0] ? sqlRowToUser(matches[0]) : null;
  };
  const findByEmail = (email: string) => exact(sql.findByEmail, email, 'email');

  return {
    async findByLogin(identifier) {
      if (sql.findByUsername && !identifier.includes('@'))
        return exact(sql.findByUsername, identifier, 'username');
      return findByEmail(identifier);
    },
    findByEmail,
    async insert(user) {
      await execute(sql.insert(user), new KitError('user_exists', 'the user already exists'));
    },
    async markEmailVerified(user) {
      return affected(await execute(sql.markEmailVerified(user)));
    },
    async updatePasswordHash(user, passwordHash) {
      return affected(await execute(sql.updatePasswordHash(user, passwordHash)));
    },
    async updateEmail(user, newEmail, verified) {
      const taken = new KitError('email_taken', 'the new email belongs to another user');
      return affected(await execute(sql.updateEmail(user, newEmail, verified), taken));
    },
    async deleteById(id) {
      if (!isStorableId(id, config, dialect)) return false;
      return affected(await execute(sql.deleteById(id)));
    },
    async recordMigration(user, mark) {
      const statement = sql.recordMigration(user, mark);
      return statement ? affected(await execute(statement)) : false;
    },
    async countUsers() {
      const rows = (await execute({ sql: sql.count, values: [] })).rows as { n: number | string }[];
      return Number(rows[0]?.n ?? 0);
    },
    async *streamAll(pageSize = 1000) {
      let last: string | null = null;
      for (;;) {
        const rows = (await execute(sql.page(last, pageSize))).rows as unknown as SqlUserRow[];
        for (const row of rows) yield sqlRowToUser(row);
        const tail = rows.at(-1);
        if (!tail || rows.length < pageSize) return;
        last = String(tail.id);
      }
    },
  };
}
