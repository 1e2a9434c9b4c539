/**
 * Real databases for the tests, one module for every backend, in this order:
 *   1. a server URL from the environment (MYSQL_URL, MONGODB_URL);
 *   2. testcontainers, when a Docker engine answers (images pinned in ./images.ts);
 *   3. a throwaway local server started here (mariadbd; mongod, else FerretDB), stopped and removed after.
 * If none is possible it fails and says what to install: never a silent skip.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { createConnection } from 'mysql2/promise';
import { IMAGES } from './images.ts';

export type Backend = 'mysql' | 'mongodb';

export interface Database extends AsyncDisposable {
  backend: Backend;
  /** A URL with a database the tests own. */
  url: string;
  /** Names the server the suite ran against, e.g. 'MariaDB 10.11.19 (local mariadbd)'. */
  label: string;
}

const run = promisify(execFile);
/** The tests' own database (MySQL) and database name (MongoDB, via configuration.MONGODB_DATABASE). */
export const TEST_DATABASE = 'customdb_test';
const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

async function waitUntil<T>(
  what: string,
  child: ChildProcess,
  probe: () => Promise<T>,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${log()}`);
    try {
      return await probe();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${what} was not ready within 60 s: ${String(last)} ${log()}`);
}

/**
 * Starts a child process whose output is kept for error messages, and stops it on dispose. If the
 * test process dies first (a crash, a closed pipe), an exit hook still kills it and removes `dir`.
 */
function startServer(command: string, args: string[], dir: string) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const onExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop, log: () => output };
}

async function dockerAnswers(): Promise<boolean> {
  const socket =
    process.env.DOCKER_HOST ?? (existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : '');
  if (!socket) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 10_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function mysqlLabel(url: string, how: string): Promise<string> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as { version: string }[])[0]?.version);
    return `${version.includes('MariaDB') ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]} (${how})`;
  } finally {
    await connection.end();
  }
}

async function withTestDatabase(serverUrl: string): Promise<string> {
  const connection = await createConnection(serverUrl);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${TEST_DATABASE}\` CHARACTER SET utf8mb4`);
  } finally {
    await connection.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${TEST_DATABASE}`;
  return url.toString();
}

async function localMariadb(): Promise<Database> {
  const mariadbd =
    onPath('mariadbd') ??
    onPath('mysqld') ??
    (existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : null);
  const installDb = onPath('mariadb-install-db') ?? onPath('mysql_install_db');
  if (!mariadbd || !installDb) {
    throw new Error(
      'No MySQL-compatible server for the tests: set MYSQL_URL, start a Docker engine, or install MariaDB (apt-get install -y mariadb-server).',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'customdb-mariadb-'));
  const user = userInfo().username;
  await run(installDb, [
    '--no-defaults',
    `--datadir=${dir}/data`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--user=${user}`,
  ]);
  const port = await freePort();
  const server = startServer(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${dir}/data`,
      `--socket=${dir}/mariadb.sock`,
      `--pid-file=${dir}/mariadb.pid`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--user=${user}`,
      '--innodb-buffer-pool-size=64M',
      '--max-connections=200',
    ],
    dir,
  );
  const serverUrl = `mysql://root@127.0.0.1:${port}/`;
  await waitUntil('mariadbd', server.child, () => mysqlLabel(serverUrl, 'local mariadbd'), server.log);
  return {
    backend: 'mysql',
    url: await withTestDatabase(serverUrl),
    label: await mysqlLabel(serverUrl, `local mariadbd on port ${port}`),
    async [Symbol.asyncDispose]() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function provisionMysql(): Promise<Database> {
  const fromEnv = process.env.MYSQL_URL;
  if (fromEnv) {
    return {
      backend: 'mysql',
      url: await withTestDatabase(fromEnv),
      label: await mysqlLabel(fromEnv, 'MYSQL_URL'),
      async [Symbol.asyncDispose]() {},
    };
  }
  if (await dockerAnswers()) {
    const { MySqlContainer } = await import('@testcontainers/mysql');
    const container = await new MySqlContainer(IMAGES.mysql).withRootPassword('root').start();
    const serverUrl = `mysql://root:root@${container.getHost()}:${container.getPort()}/`;
    return {
      backend: 'mysql',
      url: await withTestDatabase(serverUrl),
      label: await mysqlLabel(serverUrl, `testcontainers ${IMAGES.mysql}`),
      async [Symbol.asyncDispose]() {
        await container.stop();
      },
    };
  }
  return localMariadb();
}

async function mongoLabel(url: string, how: string): Promise<string> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const server = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`;
    return `${server} (${how})`;
  } finally {
    await client.close();
  }
}

function withMongoDatabase(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${TEST_DATABASE}`;
  return url.toString();
}

/** FerretDB built by .ci/install-ferretdb.sh, or one the machine already has. */
function ferretdbBinary(): string | null {
  const candidates = [
    process.env.FERRETDB_BIN,
    join(ROOT, '.cache/bin/ferretdb'),
    onPath('ferretdb'),
    join(process.env.GOPATH ?? join(homedir(), 'go'), 'bin/ferretdb'),
  ];
  return candidates.find((path): path is string => typeof path === 'string' && existsSync(path)) ?? null;
}

async function localMongo(): Promise<Database> {
  const dir = await mkdtemp(join(tmpdir(), 'customdb-mongo-'));
  const port = await freePort();
  const mongod = onPath('mongod');
  let ferretdb = ferretdbBinary();
  if (!mongod && !ferretdb && onPath('go')) {
    // A fresh machine with Go: build FerretDB once into .cache/bin (about a minute).
    await run(join(ROOT, '.ci/install-ferretdb.sh'), [join(ROOT, '.cache/bin/ferretdb')], {
      timeout: 170_000,
    });
    ferretdb = ferretdbBinary();
  }
  let server: ReturnType<typeof startServer>;
  let how: string;
  if (mongod) {
    server = startServer(
      mongod,
      ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
      dir,
    );
    how = `local mongod on port ${port}`;
  } else if (ferretdb) {
    server = startServer(
      ferretdb,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=error',
      ],
      dir,
    );
    how = `local FerretDB with SQLite on port ${port}`;
  } else {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      'No MongoDB-compatible server for the tests: set MONGODB_URL, start a Docker engine, put mongod on PATH, or build FerretDB with .ci/install-ferretdb.sh (needs Go).',
    );
  }
  const serverUrl = `mongodb://127.0.0.1:${port}/`;
  const label = await waitUntil(
    'MongoDB-wire server',
    server.child,
    () => mongoLabel(serverUrl, how),
    server.log,
  );
  return {
    backend: 'mongodb',
    url: withMongoDatabase(serverUrl),
    label,
    async [Symbol.asyncDispose]() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function provisionMongodb(): Promise<Database> {
  const fromEnv = process.env.MONGODB_URL;
  if (fromEnv) {
    return {
      backend: 'mongodb',
      url: withMongoDatabase(fromEnv),
      label: await mongoLabel(fromEnv, 'MONGODB_URL'),
      async [Symbol.asyncDispose]() {},
    };
  }
  if (await dockerAnswers()) {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const container = await new MongoDBContainer(IMAGES.mongodb).start();
    const serverUrl = `${container.getConnectionString()}/?directConnection=true`;
    return {
      backend: 'mongodb',
      url: withMongoDatabase(serverUrl),
      label: await mongoLabel(serverUrl, `testcontainers ${IMAGES.mongodb}`),
      async [Symbol.asyncDispose]() {
        await container.stop();
      },
    };
  }
  return localMongo();
}

export const PROVISIONERS: Record<Backend, () => Promise<Database>> = {
  mysql: provisionMysql,
  mongodb: provisionMongodb,
};
