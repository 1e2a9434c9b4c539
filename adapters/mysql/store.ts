/**
 * MySQL / MariaDB over mysql2's callback API (the same across mysql2 2.x and 3.x): a pool per Auth0
 * container and server-side prepared statements. What the store does lives in ../sql/store.ts.
 */
import { createPool, type Pool, type PoolConnection } from 'mysql2';
import { KitError } from '../../core/errors.ts';
import type { Configuration, UserStore } from '../../core/store.ts';
import { cachedClient, connectionSettings } from '../client-cache.ts';
import type { SqlStoreConfig } from '../sql/dialect.ts';
import { serverAddress } from '../sql/settings.ts';
import { createSqlStore, type SqlExecutor, type SqlQuery, type SqlResult } from '../sql/store.ts';
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
      // No call is refused for a queue count (a burst of logins would fail): waiting is bounded by time.
      waitForConnections: true,
      queueLimit: 0,
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
      acquireTimeout: connectTimeout,
      close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
    };
  });
}

/** A pooled connection within `ms`, else a clear error; one that arrives later goes straight back. */
function acquire(pool: Pool, ms: number): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new KitError('store_unavailable', `MySQL: no free pooled connection within ${ms} ms`));
    }, ms);
    pool.getConnection((error, connection) => {
      if (late) {
        connection?.release();
        return;
      }
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(connection);
    });
  });
}

/** One statement on one connection; parameterless ones (START TRANSACTION, COMMIT) over the text protocol. */
function queryOn(connection: PoolConnection, timeout: number): SqlQuery {
  return (sql, values) =>
    new Promise<SqlResult>((resolve, reject) => {
      const done = (error: Error | null, result: unknown) => {
        if (error) reject(error);
        else if (Array.isArray(result))
          resolve({ rows: result as Record<string, unknown>[], affectedRows: 0 });
        else {
          const header = result as { affectedRows: number; insertId?: number | string };
          resolve({ rows: [], affectedRows: header.affectedRows, insertId: String(header.insertId ?? '') });
        }
      };
      if (values.length === 0) connection.query({ sql, timeout }, done);
      else connection.execute({ sql, values, timeout }, done);
    });
}

export function createMysqlStore(config: SqlStoreConfig, configuration: Configuration): UserStore {
  const { pool, queryTimeout, acquireTimeout } = openPool(configuration);
  const session = async <T>(work: (query: SqlQuery) => Promise<T>): Promise<T> => {
    const connection = await acquire(pool, acquireTimeout);
    try {
      return await work(queryOn(connection, queryTimeout));
    } finally {
      connection.release();
    }
  };
  const executor: SqlExecutor = { query: (sql, values) => session((query) => query(sql, values)), session };
  return createSqlStore(config, mysqlDialect, executor, { lockTimeoutMs: acquireTimeout });
}
