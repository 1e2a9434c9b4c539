/** Real MySQL-compatible servers for the tests: MYSQL_URL, else testcontainers, else a throwaway mariadbd. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { type RawSqlConnection, type SqlTestingSpec, sqlServerLabel, sqlTesting } from '../sql/testing.ts';
import { findBinary, freePort, localSource, type StartedSource, startServer } from '../testing/servers.ts';
import { mysqlDialect } from './dialect.ts';

const IMAGE = 'mysql:8.4.3';
const run = promisify(execFile);

async function connect(url: string): Promise<RawSqlConnection> {
  const connection = await createConnection({ uri: url, supportBigNumbers: true, bigNumberStrings: true });
  return {
    async query(sql, values = []) {
      const [result] = await connection.query(sql, values);
      if (Array.isArray(result)) return { rows: result as Record<string, unknown>[] };
      return { rows: [], insertId: String((result as { insertId: number }).insertId) };
    },
    close: () => connection.end(),
  };
}

async function localMariadb(): Promise<StartedSource> {
  // Debian puts mariadbd in /usr/sbin, which a non-root PATH may not hold.
  const daemon = [findBinary('mariadbd'), findBinary('mysqld'), '/usr/sbin/mariadbd'].find(
    (path): path is string => typeof path === 'string' && existsSync(path),
  );
  const installDb = findBinary('mariadb-install-db') ?? findBinary('mysql_install_db');
  if (!daemon || !installDb) {
    throw new Error(
      'No MySQL-compatible server for the tests: set MYSQL_URL, start a Docker engine, or install MariaDB (apt-get install -y mariadb-server).',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'customdb-mariadb-'));
  const user = userInfo().username;
  const datadir = `--datadir=${dir}/data`;
  await run(installDb, [
    '--no-defaults',
    datadir,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--user=${user}`,
  ]);
  const port = await freePort();
  const server = startServer(
    daemon,
    [
      '--no-defaults',
      datadir,
      `--socket=${dir}/mariadb.sock`,
      `--pid-file=${dir}/mariadb.pid`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--user=${user}`,
      '--innodb-buffer-pool-size=64M',
      '--max-connections=300',
    ],
    dir,
  );
  const where = { url: `mysql://root@127.0.0.1:${port}/`, how: `local mariadbd on port ${port}` };
  return localSource(server, dir, where, (url) => sqlServerLabel(spec, url, 'starting'));
}

const spec: SqlTestingSpec = {
  adapter: 'mysql',
  dialect: mysqlDialect,
  driver: 'mysql2',
  urlVariable: 'MYSQL_URL',
  connect,
  async version(connection) {
    const version = String((await connection.query('SELECT VERSION() AS version')).rows[0]?.version);
    return `${version.includes('MariaDB') ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]}`;
  },
  async createDatabase(connection, name) {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  },
  async container() {
    const { MySqlContainer } = await import('@testcontainers/mysql');
    const container = await new MySqlContainer(IMAGE).withRootPassword('root').start();
    return {
      url: `mysql://root:root@${container.getHost()}:${container.getPort()}/`,
      how: `testcontainers ${IMAGE}`,
      stop: () => container.stop(),
    };
  },
  local: localMariadb,
};

export const mysqlTesting = sqlTesting(spec);
