/** What a script does across calls in one Auth0 container, and when its database is gone. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { freePort } from '../../adapters/testing/servers.ts';
import { buildAll } from '../../build/bundle.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';
import { pointedAt, proxyTo, silentServer } from '../support/network.ts';

const FAST = { DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1000' };

/** The container's client registry (one per build; the suite runs one build). */
function clientsOf(container: { global: Record<string, unknown> }): Map<string, unknown> {
  const registries = Object.entries(container.global).filter(([key]) => key.startsWith('__auth0CustomdbKit'));
  expect(registries).toHaveLength(1);
  const [registry] = registries;
  if (!registry) throw new Error('no client registry on global');
  return (registry[1] as { clients: Map<string, unknown> }).clients;
}

describeEachBackend('container', (h) => {
  it('container - should reuse one database client for a second call in the same container', async () => {
    const email = h().email('pool-reuse');
    await h().seed({ email });
    const container = h().newContainer();
    try {
      expect((await h().callIn(container, 'login', email, PASSWORD)).error).toBeNull();
      const clients = clientsOf(container);
      const first = [...clients.values()];
      expect(first).toHaveLength(1);
      expect((await h().callIn(container, 'get_user', email)).error).toBeNull();
      expect((await h().callIn(container, 'login', email, PASSWORD)).error).toBeNull();
      expect([...clients.values()]).toEqual(first);
      expect(clients.values().next().value).toBe(first[0]);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - should open no new server connection for later calls (counted on the wire)', async () => {
    const email = h().email('pool-wire');
    await h().seed({ email });
    const proxy = await proxyTo(h().server.url);
    const container = h().newContainer({ configuration: pointedAt(h().configuration, proxy.port) });
    try {
      expect((await h().callIn(container, 'get_user', email)).error).toBeNull();
      const afterFirst = proxy.accepted();
      expect((await h().callIn(container, 'get_user', email)).error).toBeNull();
      expect((await h().callIn(container, 'login', email, PASSWORD)).error).toBeNull();
      expect(afterFirst).toBeGreaterThan(0);
      expect(proxy.accepted()).toBe(afterFirst);
    } finally {
      await container[Symbol.asyncDispose]();
      await proxy.close();
    }
  });

  it('container - should evaluate a bundle once per container, and give every call its own console', async () => {
    const email = h().email('module-once');
    await h().seed({ email });
    const unreadable = h().email('module-once-log');
    await h().seed({ email: unreadable, passwordHash: '{SSHA}unreadable' });
    const container = h().newContainer();
    try {
      const quiet = await h().callIn(container, 'login', email, PASSWORD);
      const noisy = await h().callIn(container, 'login', unreadable, PASSWORD);
      const again = await h().callIn(container, 'login', email, PASSWORD);
      const modules = container.global.__customdbModules as Record<string, unknown>;
      expect(Object.keys(modules)).toHaveLength(1);
      expect(noisy.logs.join('\n')).toContain('cannot verify');
      // The first call says which bcrypt runs, once per container; nothing else is logged.
      expect(quiet.logs).toEqual(['customdb: bcrypt is computed by native bcrypt']);
      expect(again.logs).toEqual([]);
      expect(again.error).toBeNull();
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - two bundles and two configurations in one container never see each other', async () => {
    const email = h().email('two-bundles');
    const id = await h().seed({ email });
    const other = await mkdtemp(join(tmpdir(), 'customdb-other-build-'));
    const container = h().newContainer();
    try {
      // Another build of the kit for this store: another user_id prefix.
      await buildAll({
        root: inject('root'),
        config: { ...h().config, userIdPrefix: 'other|' },
        outDir: other,
        scripts: ['get_user'],
      });
      const mine = () => container.invoke(h().script('get_user'), [email], 'mine');
      const theirs = () => container.invoke(h().script('get_user', other), [email], 'theirs');
      for (const [call, prefix] of [
        [mine, 'legacy|'],
        [theirs, 'other|'],
        [mine, 'legacy|'],
      ] as const) {
        expect(((await call()).results[0] as { user_id: string }).user_id).toBe(`${prefix}${id}`);
      }
      expect(Object.keys(container.global.__customdbModules as object)).toHaveLength(2);
      // A configuration pointing at no server, then the good one again: each call reads its own.
      container.reconfigure({ ...pointedAt(h().configuration, await freePort()), ...FAST });
      expect((await mine()).error?.message).toContain('store_unavailable');
      container.reconfigure(h().configuration);
      expect((await mine()).results).toHaveLength(1);
    } finally {
      await container[Symbol.asyncDispose]();
      await rm(other, { recursive: true, force: true });
    }
  });

  it('container - should open a new client when the configuration changes', async () => {
    const email = h().email('pool-config');
    await h().seed({ email });
    const container = h().newContainer();
    try {
      await h().callIn(container, 'get_user', email);
      container.reconfigure({ ...h().configuration, DB_POOL_SIZE: '2' });
      expect((await h().callIn(container, 'get_user', email)).results).toHaveLength(1);
      expect(clientsOf(container).size).toBe(2);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('container - login should answer an error, not hang, when the database refuses connections', async () => {
    const port = await freePort();
    const container = h().newContainer({ configuration: { ...pointedAt(h().configuration, port), ...FAST } });
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
    const container = h().newContainer({
      configuration: { ...pointedAt(h().configuration, silent.port), ...FAST },
    });
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
      await silent.close();
    }
  });

  it("container - should answer a clear error naming a missing key of the adapter's configuration", async () => {
    const container = h().newContainer({ configuration: {} });
    try {
      const { error } = await h().callIn(container, 'get_user', 'someone@example.test');
      const key = /config_invalid: configuration\.([A-Z_]+) is missing/.exec(error?.message ?? '')?.[1];
      expect(Object.keys(h().adapter.configuration)).toContain(key);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });
});
