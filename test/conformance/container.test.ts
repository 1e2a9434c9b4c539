/** What a script does across calls in one Auth0 container, and when its database is gone. */
import { expect, it } from 'vitest';
import { freePort } from '../../adapters/testing/servers.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';
import { pointedAt, proxyTo, silentServer } from '../support/network.ts';

const FAST = { DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1000' };

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

  it('container - should open a new client when the configuration changes', async () => {
    const email = h().email('pool-config');
    await h().seed({ email });
    const container = h().newContainer();
    try {
      await h().callIn(container, 'get_user', email);
      container.reconfigure({ ...h().configuration, DB_POOL_SIZE: '2' });
      expect((await h().callIn(container, 'get_user', email)).results).toHaveLength(1);
      const registry = container.global.__auth0CustomdbKit as { clients: Map<string, unknown> };
      expect(registry.clients.size).toBe(2);
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
