/**
 * Nothing secret leaves a call: distinctive values are planted in every configuration key, every input
 * and the stored record, faults are provoked, and every error and log line Auth0 would receive is
 * searched for them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { freePort } from '../../adapters/testing/servers.ts';
import { buildAll } from '../../build/bundle.ts';
import type { Invocation } from '../../runtime/container.ts';
import { describeEachBackend, PASSWORD } from '../support/harness.ts';

const canary = (what: string) => `cnry-${what}-${Math.random().toString(36).slice(2, 10)}`;

/** Everything of an answer that is not the user's own profile: the error Auth0 logs, and the log lines. */
function exposed(call: Invocation): string {
  const { error } = call;
  const fields = error
    ? [error.name, error.message, error.code, error.description, error.user_id, error.stack]
    : [];
  return [...fields, ...call.logs].map(String).join('\n');
}

function expectNone(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text, `leaked ${secret}`).not.toContain(secret);
}

const outRoot = mkdtemp(join(tmpdir(), 'customdb-redaction-'));
afterAll(async () => rm(await outRoot, { recursive: true, force: true }));

describeEachBackend('redaction', (h) => {
  it('redaction - no configuration value or URL credential appears, whichever key holds it', async () => {
    const dead = await freePort();
    const secrets: string[] = [];
    const plain = (key: string) => {
      const value = canary(key);
      secrets.push(value);
      return value;
    };
    // A URL with a user and a password, pointing at a dead port, in the scheme the adapter's key expects.
    const url = (key: string) => {
      const scheme = h().adapter.configuration[key]?.canary.split('://')[0] ?? 'db';
      return `${scheme.includes('.') ? 'db' : scheme}://${plain(`${key}-user`)}:${plain(`${key}-pw`)}@127.0.0.1:${dead}/db`;
    };
    const keys = Object.keys(h().adapter.configuration).filter(
      (key) => h().adapter.configuration[key]?.secret,
    );
    const isUrlKey = (key: string) => key.endsWith('_URL');
    // Each secret key in turn holds a URL with credentials (in its place, or pasted into the wrong key);
    // the others hold plain distinctive values, URL keys left out so that the parts are what is read.
    for (const key of keys) {
      const configuration: Record<string, string> = {
        DB_CONNECT_TIMEOUT_MS: '500',
        DB_QUERY_TIMEOUT_MS: '500',
      };
      for (const other of keys) {
        if (other === key) configuration[other] = url(other);
        else if (!isUrlKey(other)) configuration[other] = plain(other);
      }
      const container = h().newContainer({ configuration });
      try {
        for (const call of [
          await h().callIn(container, 'get_user', 'someone@example.test'),
          await h().callIn(container, 'login', 'someone@example.test', plain('password')),
          await h().callIn(container, 'create', { email: 'someone@example.test', password: plain('new') }),
        ]) {
          expect(call.error).not.toBeNull();
          expectNone(exposed(call), secrets);
        }
      } finally {
        await container[Symbol.asyncDispose]();
      }
    }
  });

  it("redaction - the password, the stored hash and the user's metadata never appear", async () => {
    const password = canary('password');
    const storedHash = `{SSHA}${canary('hash')}`;
    // Metadata values are the user's data; its keys are the shape an error may name.
    const metadata = { plan: canary('value'), nested: { deep: canary('deep') } };
    const secrets = [password, storedHash.slice(6), JSON.stringify(metadata)];
    secrets.push(metadata.nested.deep, metadata.plan);

    // A stored hash the connection cannot verify: logged as a fault.
    const email = h().email('redact-hash');
    await h().seed({ email, passwordHash: storedHash, appMetadata: metadata, userMetadata: metadata });
    expectNone(exposed(await h().call('login', email, password)), secrets);

    // A migration mark the server refuses: logged with the driver's own message.
    const broken = h().testing.failingMigrationMark(h().store);
    const dir = join(await outRoot, h().adapter.name);
    await buildAll({
      root: inject('root'),
      config: { ...h().config, stores: { [h().adapter.name]: broken } },
      outDir: dir,
      scripts: ['login'],
    });
    const migrating = h().email('redact-mark');
    await h().seed({ email: migrating, appMetadata: metadata, userMetadata: metadata });
    const marked = await h().container.invoke(h().script('login', dir), [migrating, PASSWORD], 'login');
    expect(marked.logs.join('\n')).toContain('could not record migration');
    expectNone(exposed(marked), secrets);

    // create refused by the store (a duplicate) and by the input checks, carrying the planted values.
    const user = { email, password, user_metadata: metadata, app_metadata: metadata };
    expectNone(exposed(await h().call('create', user)), secrets);
    expectNone(
      exposed(await h().call('create', { ...user, app_metadata: { ...metadata, 'a.b': password } })),
      secrets,
    );
    expectNone(exposed(await h().call('change_password', email, { password })), secrets);
  });
});
