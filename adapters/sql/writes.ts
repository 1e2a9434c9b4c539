/**
 * The SQL store's heavier writes, each in reach of only the bundle that runs it (core/bundling.ts):
 * create's insert (defaults, ids, side-table rows, uniqueness locks), change_email's update, and the
 * export's offline count and stream.
 */
import { KitError } from '../../core/errors.ts';
import type { NewUser, StoredUser } from '../../core/store.ts';
import { generateId } from '../mapping/ids.ts';
import { plannedCreate } from '../mapping/write.ts';
import { EMAIL_TAKEN, type SqlContext, type SqlQuery, USER_EXISTS } from './context.ts';

export async function sqlInsert(ctx: SqlContext, user: NewUser): Promise<void> {
  const { config, dialect, sql, meta, execute } = ctx;
  const c = config.columns;
  const now = new Date();
  const id = generateId(config.idGeneration);
  const record = plannedCreate(c, user, {
    defaults: config.defaults,
    metaDefaults: config.metaDefaults,
    id,
    now,
  });
  if (!ctx.locked && record.meta.size === 0) {
    await execute(sql.insert(record, now), undefined, USER_EXISTS);
    return;
  }
  const username = c.username ? (record.fields.get(c.username) as string | undefined) : undefined;
  const locks = ctx.locked ? [`email:${user.email}`, ...(username ? [`username:${username}`] : [])] : [];
  await ctx.transaction(locks, async (query) => {
    if (ctx.locked) {
      if (await ctx.findByEmail(user.email, query)) throw USER_EXISTS();
      if (username && c.username && (await ctx.exact(c.username, username, 'username', query)))
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
}

export async function sqlUpdateEmail(ctx: SqlContext, user: StoredUser, newEmail: string, flag: boolean) {
  const { sql, meta, execute } = ctx;
  const verified = ctx.config.columns.emailVerified;
  const write = async (query?: SqlQuery) => {
    const changed =
      (await execute(sql.updateEmail(user, newEmail, flag, new Date()), query, EMAIL_TAKEN)).affectedRows > 0;
    if (changed && typeof verified === 'object' && 'meta' in verified && meta) {
      await execute(meta.update(user.id, verified.meta, flag), query);
    }
    return changed;
  };
  if (!ctx.locked) return write();
  return ctx.transaction([`email:${newEmail}`], async (query) => {
    const holder = await ctx.findByEmail(newEmail, query);
    if (holder && holder.id !== user.id) throw EMAIL_TAKEN();
    return write(query);
  });
}

export async function sqlCountUsers(ctx: SqlContext): Promise<number> {
  const rows = (await ctx.execute({ sql: ctx.sql.count, values: [] })).rows as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

/** Every user in id order, a keyset page at a time: memory stays flat however large the table. */
export async function* sqlStreamAll(ctx: SqlContext, pageSize: number): AsyncGenerator<StoredUser> {
  let last: string | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = (await ctx.execute(ctx.sql.page(last, pageSize))).rows;
    for (const user of await ctx.usersOf(rows)) yield user;
    const tail: Record<string, unknown> | undefined = rows.at(-1);
    if (!tail || rows.length < pageSize) return;
    last = String(tail[ctx.config.columns.id]);
  }
}
