/**
 * The UserStore of every SQL adapter, over a dialect and a driver's executor. The adapters' own files
 * hold only driver plumbing (pools, timeouts, result shapes); what a store does is written here once.
 * Operations a bundle's script never runs are left out of it (core/bundling.ts).
 */
import { notInBundle } from '../../core/bundling.ts';
import { KitError } from '../../core/errors.ts';
import type { StoredUser, UserStore } from '../../core/store.ts';
import { type SqlExecutor, type SqlStoreOptions, sqlContext } from './context.ts';
import type { SqlDialect, SqlStoreConfig } from './dialect.ts';
import { isStorableId } from './statements.ts';
import { sqlCountUsers, sqlInsert, sqlStreamAll, sqlUpdateEmail } from './writes.ts';

export type { SqlExecutor, SqlQuery, SqlResult } from './context.ts';

export function createSqlStore(
  config: SqlStoreConfig,
  dialect: SqlDialect,
  executor: SqlExecutor,
  options: SqlStoreOptions,
): UserStore {
  const ctx = sqlContext(config, dialect, executor, options);
  const { sql, meta, execute } = ctx;
  const c = config.columns;
  const verified = c.emailVerified;

  /** Sets one side-table row of a user who still has the email that found them. */
  const setMeta = (user: StoredUser, key: string, value: unknown) =>
    ctx.transaction([], async (query) => {
      if (!meta || !(await ctx.findByEmail(user.email, query))) return false;
      const updated = await execute(meta.update(user.id, key, value), query);
      if (updated.affectedRows === 0) await execute(meta.insert(user.id, [[key, value]]), query);
      return true;
    });

  return {
    verificationStored: !(typeof verified === 'object' && 'constant' in verified),
    async findByLogin(identifier) {
      if (c.username && !identifier.includes('@')) return ctx.exact(c.username, identifier, 'username');
      return ctx.findByEmail(identifier);
    },
    findByEmail: (email) => ctx.findByEmail(email),
    insert:
      typeof __CUSTOMDB_CREATES__ === 'undefined' || __CUSTOMDB_CREATES__
        ? (user) => sqlInsert(ctx, user)
        : notInBundle('insert'),
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
    updateEmail:
      typeof __CUSTOMDB_CHANGES_EMAIL__ === 'undefined' || __CUSTOMDB_CHANGES_EMAIL__
        ? (user, newEmail, flag) => sqlUpdateEmail(ctx, user, newEmail, flag)
        : notInBundle('updateEmail'),
    async deleteById(id) {
      if (!isStorableId(id, config, dialect)) return false;
      if (!meta) return (await execute(sql.deleteById(id))).affectedRows > 0;
      return ctx.transaction([], async (query) => {
        const deleted = (await execute(sql.deleteById(id), query)).affectedRows > 0;
        if (deleted) await execute(meta.deleteUser(id), query);
        return deleted;
      });
    },
    async recordMigration(user, mark) {
      const statement = sql.recordMigration(user, mark);
      return statement ? (await execute(statement)).affectedRows > 0 : false;
    },
    countUsers:
      typeof __CUSTOMDB_OFFLINE__ === 'undefined' || __CUSTOMDB_OFFLINE__
        ? () => sqlCountUsers(ctx)
        : notInBundle('countUsers'),
    streamAll:
      typeof __CUSTOMDB_OFFLINE__ === 'undefined' || __CUSTOMDB_OFFLINE__
        ? (pageSize = 1000) => sqlStreamAll(ctx, pageSize)
        : notInBundle('streamAll'),
  };
}
