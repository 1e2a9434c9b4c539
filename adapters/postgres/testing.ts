/** Real PostgreSQL servers for the tests: POSTGRES_URL, else testcontainers, else a throwaway initdb cluster. */
import { execFile } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type RawSqlConnection, type SqlTestingSpec, sqlServerLabel, sqlTesting } from '../sql/testing.ts';
import { findBinary, freePort, localSource, type StartedSource, startServer } from '../testing/servers.ts';
import { postgresDialect } from './dialect.ts';

const IMAGE = 'postgres:16.4';
/** Debian installs the server binaries here, off PATH. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const run = promisify(execFile);

async function connect(url: string): Promise<RawSqlConnection> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async query(sql, values = []) {
      return { rows: (await client.query(sql, values)).rows as Record<string, unknown>[] };
    },
    close: () => client.end(),
  };
}

/** PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user. */
function serverAccount(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid)
    throw new Error('PostgreSQL cannot run as root and there is no postgres user to run it as');
  return { uid: Number(uid), gid: Number(gid) };
}

async function localPostgres(): Promise<StartedSource> {
  const initdb = findBinary('initdb', DEBIAN_ROOT);
  const postgres = findBinary('postgres', DEBIAN_ROOT);
  if (!initdb || !postgres) {
    throw new Error(
      'No PostgreSQL server for the tests: set POSTGRES_URL, start a Docker engine, or install PostgreSQL (apt-get install -y postgresql).',
    );
  }
  const account = serverAccount();
  const dir = await mkdtemp(join(tmpdir(), 'customdb-postgres-'));
  if ('uid' in account) chownSync(dir, account.uid, account.gid);
  const data = `${dir}/data`;
  await run(
    initdb,
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'],
    account,
  );
  const port = await freePort();
  // A throwaway cluster: durability buys nothing here.
  const settings = [
    'listen_addresses=127.0.0.1',
    'max_connections=300',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
  ];
  const server = startServer(
    postgres,
    ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((setting) => ['-c', setting])],
    dir,
    account,
  );
  const where = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    how: `local postgres on port ${port}`,
  };
  return localSource(server, dir, where, (url) => sqlServerLabel(spec, url, 'starting'));
}

const spec: SqlTestingSpec = {
  adapter: 'postgres',
  dialect: postgresDialect,
  driver: 'pg',
  schema: 'public',
  urlVariable: 'POSTGRES_URL',
  connect,
  async version(connection) {
    const { rows } = await connection.query('SHOW server_version');
    return `PostgreSQL ${String(rows[0]?.server_version).split(' ')[0]}`;
  },
  async createDatabase(connection, name) {
    const { rows } = await connection.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await connection.query(`CREATE DATABASE "${name}" ENCODING 'UTF8'`);
  },
  async container() {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(IMAGE).start();
    return {
      url: container.getConnectionUri(),
      how: `testcontainers ${IMAGE}`,
      stop: () => container.stop(),
    };
  },
  local: localPostgres,
};

export const postgresTesting = sqlTesting(spec);
