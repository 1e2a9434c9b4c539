/**
 * PostgreSQL over node-postgres (`pg`, API shared by 8.x): a pool per Auth0 container. What the store
 * does lives in ../sql/store.ts; this file is driver plumbing only.
 */
import pg from 'pg';
import type { Configuration, UserStore } from '../../core/store.ts';
import { cachedClient, connectionSettings } from '../client-cache.ts';
import type { SqlStoreConfig } from '../sql/dialect.ts';
import { serverAddress } from '../sql/settings.ts';
import { createSqlStore, type SqlExecutor, type SqlResult } from '../sql/store.ts';
import { postgresDialect } from './dialect.ts';

function openPool(configuration: Configuration) {
  const address = serverAddress(configuration, 'POSTGRES', 5432);
  const { poolSize, connectTimeout, queryTimeout } = connectionSettings(configuration);
  const settings = {
    ...('url' in address ? { connectionString: address.url } : address),
    max: poolSize,
    // Bounds both a new connection and the wait for a free one in the pool.
    connectionTimeoutMillis: connectTimeout,
    // The client gives up and the server stops the statement: nobody works on an answer no one waits for.
    query_timeout: queryTimeout,
    statement_timeout: queryTimeout,
  };
  return cachedClient('pg', settings, () => {
    const pool = new pg.Pool({
      ...settings,
      idleTimeoutMillis: 60_000,
      keepAlive: true,
      application_name: 'auth0-customdb-kit',
    });
    // An idle client's error (a restarted server) is emitted on the pool: unheard, it would end the container.
    pool.on('error', (error) => console.log(`customdb: PostgreSQL idle connection failed: ${error.message}`));
    return { pool, lockTimeoutMs: connectTimeout, close: () => pool.end() };
  });
}

export function createPostgresStore(config: SqlStoreConfig, configuration: Configuration): UserStore {
  const { pool, lockTimeoutMs } = openPool(configuration);
  const toResult = (result: pg.QueryResult): SqlResult => ({
    rows: result.rows as Record<string, unknown>[],
    affectedRows: result.rowCount ?? 0,
  });
  const executor: SqlExecutor = {
    query: async (sql, values) => toResult(await pool.query(sql, values)),
    async session(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await work(async (sql, values) => toResult(await client.query(sql, values)));
      } catch (error) {
        // A connection that failed mid-transaction is not handed to the next call.
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
  return createSqlStore(config, postgresDialect, executor, { lockTimeoutMs });
}
