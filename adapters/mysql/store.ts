/**
 * MySQL / MariaDB over mysql2's callback API (the same across mysql2 2.x and 3.x): a pool per Auth0
 * container and server-side prepared statements. What the store does lives in ../sql/store.ts.
 */
import { createPool, type Pool } from 'mysql2';
import type { Configuration, UserStore } from '../../core/store.ts';
import { cachedClient, connectionSettings } from '../client-cache.ts';
import type { SqlStoreConfig } from '../sql/dialect.ts';
import { serverAddress } from '../sql/settings.ts';
import { createSqlStore, type SqlExecutor, type SqlResult } from '../sql/store.ts';
import { mysqlDialect } from './dialect.ts';

function openPool(configuration: Configuration) {
  const address = serverAddress(configuration, 'MYSQL', 3306);
  const { poolSize, connectTimeout, queryTimeout } = connectionSettings(configuration);
  const settings = {
    ...('url' in address ? { uri: address.url } : address),
    connectionLimit: poolSize,
    connectTimeout,
  };
  return cachedClient('mysql2', settings, () => {
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

export function createMysqlStore(config: SqlStoreConfig, configuration: Configuration): UserStore {
  const { pool, queryTimeout } = openPool(configuration);
  const executor: SqlExecutor = {
    query: (sql, values) =>
      new Promise<SqlResult>((resolve, reject) => {
        pool.execute({ sql, values, timeout: queryTimeout }, (error, result) => {
          if (error) reject(error);
          else if (Array.isArray(result))
            resolve({ rows: result as Record<string, unknown>[], affectedRows: 0 });
          else resolve({ rows: [], affectedRows: (result as { affectedRows: number }).affectedRows });
        });
      }),
  };
  return createSqlStore(config, mysqlDialect, executor);
}
