/** What a script does across calls in one Auth0 container, and when its database is gone. */
import { createServer, type Server, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { freePort } from '../support/databases.ts';
import { configurationFor, describeEachBackend, PASSWORD } from '../support/harness.ts';

async function mysqlConnectionIds(url: string, user: string): Promise<number[]> {
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? ORDER BY ID',
      [user],
    );
    return (rows as { id: number }[]).map((row) => Number(row.id));
  } finally {
    await connection.end();
  }
}

/** Accepts TCP connections and never answers: a database that hangs rather than refuses. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server, sockets };
}

function deadConfiguration(backend: string, port: number): Record<string, string> {
  const timeouts = { DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1000' };
  return backend === 'mysql'
    ? { MYSQL_URL: `mysql://nobody:secret@127.0.0.1:${port}/nowhere`, ...timeouts }
    : { MONGODB_URL: `mongodb://127.0.0.1:${port}/`, MONGODB_DATABASE: 'nowhere', ...timeouts };
}

describeEachBackend('container', (h) => {
  it('container - should reuse one database client for a second call in the same container', async () => {
    const email = h().email('pool-reuse');
    await h().seed({ email });
    const container = h().newContainer();
    try {
      expect((await h().callIn(container, 'login', email, PASSWORD)).error).toBeNull();
      const registry = container.global.__auth0CustomdbKit as { clients: Map<string, unknown> };
      const first = [...registry.clients.values()];
      expect(first).toHaveLength(1);
      expect((await h().callIn(container, 'get_user', email)).error).toBeNull();
      expect((await h().callIn(container, 'login', email, PASSWORD)).error).toBeNull();
      expect([...registry.clients.values()]).toEqual(first);
      expect(registry.clients.values().next().value).toBe(first[0]);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - should open a new client when the configuration changes', async () => {
    const email = h().email('pool-config');
    await h().seed({ email });
    const container = h().newContainer();
    try {
      await h().callIn(container, 'get_user', email);
      container.reconfigure({ ...configurationFor(h().database), DB_POOL_SIZE: '2' });
      expect((await h().callIn(container, 'get_user', email)).results).toHaveLength(1);
      const registry = container.global.__auth0CustomdbKit as { clients: Map<string, unknown> };
      expect(registry.clients.size).toBe(2);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - login should answer an error, not hang, when the database refuses connections', async () => {
    const port = await freePort();
    const container = h().newContainer({ configuration: deadConfiguration(h().backend, port) });
    try {
      const { error, timedOut } = await h().callIn(container, 'login', 'someone@example.test', PASSWORD);
      expect(timedOut).toBe(false);
      expect(error?.message).toContain('store_unavailable');
      expect(error?.name).not.toBe('WrongUsernameOrPasswordError');
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - login should answer an error within the configured timeout when the database never answers', async () => {
    const silent = await silentServer();
    const container = h().newContainer({ configuration: deadConfiguration(h().backend, silent.port) });
    try {
      const { error, timedOut, elapsedMs } = await h().callIn(
        container,
        'login',
        'someone@example.test',
        PASSWORD,
      );
      expect(timedOut).toBe(false);
      expect(error?.message).toContain('store_unavailable');
      // Configured at 1 s: the answer comes long before Auth0's 20 s limit.
      expect(elapsedMs).toBeLessThan(10_000);
    } finally {
      await container[Symbol.asyncDispose]();
      for (const socket of silent.sockets) socket.destroy();
      await new Promise((resolve) => silent.server.close(resolve));
    }
  });

  it('container - should answer a clear error naming the missing configuration key', async () => {
    const container = h().newContainer({ configuration: {} });
    try {
      const { error } = await h().callIn(container, 'get_user', 'someone@example.test');
      expect(error?.message).toMatch(/config_invalid: configuration\.(MYSQL_HOST|MONGODB_URL) is missing/);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - should keep one MySQL server connection across calls (observed on the server)', async (context) => {
    if (h().backend !== 'mysql')
      return context.skip('MySQL only: FerretDB and MongoDB expose no per-user connection list');
    const url = new URL(h().database.url);
    const user = `pool_probe_${Math.floor(Math.random() * 1e6)}`;
    const { createConnection } = await import('mysql2/promise');
    const admin = await createConnection(h().database.url);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'probe-pass'`);
    await admin.query(`GRANT ALL ON \`${url.pathname.slice(1)}\`.* TO '${user}'@'%'`);
    const email = h().email('pool-server');
    await h().seed({ email });
    const probeUrl = new URL(h().database.url);
    probeUrl.username = user;
    probeUrl.password = 'probe-pass';
    const container = h().newContainer({ configuration: { MYSQL_URL: probeUrl.toString() } });
    try {
      await h().callIn(container, 'get_user', email);
      const afterFirst = await mysqlConnectionIds(h().database.url, user);
      await h().callIn(container, 'get_user', email);
      await h().callIn(container, 'login', email, PASSWORD);
      const afterThird = await mysqlConnectionIds(h().database.url, user);
      expect(afterFirst).toHaveLength(1);
      expect(afterThird).toEqual(afterFirst);
    } finally {
      await container[Symbol.asyncDispose]();
      await admin.query(`DROP USER '${user}'@'%'`);
      await admin.end();
    }
  });
});
