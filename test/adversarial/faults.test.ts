/**
 * Sick databases and heavy load: every call answers exactly once, before Auth0's limit, with a clear
 * error; no call is refused for a queue count; a server lost mid-call never leaves a half-written user.
 */
import bcrypt from 'bcryptjs';
import { expect, it } from 'vitest';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';
import { pointedAt, proxyTo, silentServer } from '../support/network.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachBackend('faults', (h) => {
  it('faults - the call deadline answers once, even when the driver would wait longer', async () => {
    const silent = await silentServer();
    const container = h().newContainer({
      configuration: {
        ...pointedAt(h().configuration, silent.port),
        // Driver timeouts at their documented maxima would add up past Auth0's 20 s: the deadline decides.
        DB_CONNECT_TIMEOUT_MS: '15000',
        DB_QUERY_TIMEOUT_MS: '15000',
        CALL_DEADLINE_MS: '1000',
      },
    });
    try {
      const { error, elapsedMs, timedOut } = await h().callIn(container, 'get_user', 'someone@example.test');
      expect(timedOut).toBe(false);
      expect(error?.message).toMatch(/^deadline_exceeded: get_user did not finish within 1000 ms/);
      expect(elapsedMs).toBeGreaterThanOrEqual(900);
      // A late driver answer must not become a second callback.
      await pause(2500);
      expect(container.violations).toEqual([]);
    } finally {
      await container[Symbol.asyncDispose]();
      await silent.close();
    }
  });

  it('faults - a malformed CALL_DEADLINE_MS is a clear configuration error', async () => {
    const container = h().newContainer({
      configuration: { ...h().configuration, CALL_DEADLINE_MS: '60000' },
    });
    try {
      const { error } = await h().callIn(container, 'get_user', 'someone@example.test');
      expect(error?.message).toBe(
        'config_invalid: configuration.CALL_DEADLINE_MS must be an integer from 1 to 19000',
      );
    } finally {
      await container[Symbol.asyncDispose]();
    }
  });

  it('faults - 200 concurrent logins on one container all answer (no queue limit refuses any)', async () => {
    const email = h().email('load');
    await h().seed({ email, passwordHash: bcrypt.hashSync(PASSWORD, 4) });
    const container = h().newContainer({ configuration: { ...h().configuration, DB_POOL_SIZE: '3' } });
    try {
      const calls = await Promise.all(
        Array.from({ length: 200 }, () => h().callIn(container, 'login', email, PASSWORD)),
      );
      const failures = calls.filter((call) => call.error !== null).map((call) => call.error?.message);
      expect(failures).toEqual([]);
      expect(calls.every((call) => (call.results[0] as { email: string }).email === email)).toBe(true);
    } finally {
      await container[Symbol.asyncDispose]();
    }
  }, 120_000);

  it('faults - a server lost mid-create answers once and leaves the user whole or absent', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const email = h().email(`midcall-${trial}`);
      const proxy = await proxyTo(h().server.url);
      const container = h().newContainer({
        configuration: { ...pointedAt(h().configuration, proxy.port), DB_CONNECT_TIMEOUT_MS: '2000' },
      });
      try {
        // Warm the pool, so that the cut lands on create's own statements.
        await h().callIn(container, 'get_user', h().email('midcall-warm'));
        proxy.severAfterNextRequest();
        const created = await h().callIn(container, 'create', { email, password: 'Mid-call-pw1' });
        if (created.error) expect(created.error.message).toMatch(/store_unavailable|deadline_exceeded/);
        const stored = await h().probe.find(email);
        if (stored) {
          expect(stored.email).toBe(email);
          expect(bcrypt.compareSync('Mid-call-pw1', stored.passwordHash ?? '')).toBe(true);
        } else {
          expect(created.error).not.toBeNull();
        }
        expect(container.violations).toEqual([]);
      } finally {
        await container[Symbol.asyncDispose]();
        await proxy.close();
      }
    }
  });
});
