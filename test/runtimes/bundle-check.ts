/**
 * The bundle-level part of the conformance suite, run as a plain program under each Node version Auth0
 * runs (18, 22): every script's contract through the built bundles in the emulator, checked with the
 * adapter's raw probes. Input (env): CUSTOMDB_SERVERS (JSON), CUSTOMDB_CONFIG (JSON), CUSTOMDB_DIST.
 * Output: one JSON line per check on stdout; exit status 1 when any failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Node 18 has no Symbol.asyncDispose; the emulator is disposed through it.
(Symbol as { asyncDispose?: symbol }).asyncDispose ??= Symbol.for('Symbol.asyncDispose');

const { findAdapter } = await import('../../adapters/registry.ts');
const { Auth0Container } = await import('../../runtime/container.ts');
type TestServer = import('../../adapters/testing/types.ts').TestServer;
type KitConfig = import('../../build/config.ts').KitConfig;

const servers = JSON.parse(process.env.CUSTOMDB_SERVERS ?? '[]') as TestServer[];
const config = JSON.parse(process.env.CUSTOMDB_CONFIG ?? '{}') as KitConfig;
const dist = process.env.CUSTOMDB_DIST ?? '';
let failed = 0;

function report(adapter: string, check: string, ok: boolean, detail = '') {
  if (!ok) failed += 1;
  process.stdout.write(`${JSON.stringify({ node: process.version, adapter, check, ok, detail })}\n`);
}

async function scenario(server: TestServer) {
  const adapter = findAdapter(server.adapter);
  if (!adapter) throw new Error(`no adapter ${server.adapter}`);
  const testing = await adapter.testing();
  const store = (config.stores as Record<string, unknown>)[adapter.name] as Parameters<
    typeof testing.openProbe
  >[1];
  const probe = testing.openProbe(server, store);
  const container = new Auth0Container({ configuration: testing.configuration(server) });
  const run = (script: string, ...args: unknown[]) =>
    container.invoke(
      readFileSync(join(dist, adapter.name, `${script}.js`), 'utf8'),
      args,
      `${adapter.name}/${script}`,
    );
  const check = (name: string, ok: boolean, detail: unknown = '') =>
    report(adapter.name, name, ok, JSON.stringify(detail));
  const tag = `${process.version.split('.')[0]}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `runtime-${tag}@example.test`;
  const moved = `runtime-moved-${tag}@example.test`;
  try {
    const created = await run('create', { email, password: 'Runtime-pw-1', user_metadata: { lang: 'en' } });
    const stored = await probe.find(email);
    check('create stores the user', created.error === null && stored !== null, created.error?.message);
    const login = await run('login', email.toUpperCase(), 'Runtime-pw-1');
    const profile = login.results[0] as { user_id?: string; user_metadata?: unknown } | undefined;
    check(
      'login answers the profile',
      profile?.user_id === `${config.userIdPrefix}${stored?.id}`,
      login.error?.message,
    );
    const got = await run('get_user', email);
    check('get_user answers the same profile', JSON.stringify(got.results[0]) === JSON.stringify(profile));
    const wrong = await run('login', email, 'not-the-password');
    check(
      'a wrong password is WrongUsernameOrPasswordError',
      wrong.error?.name === 'WrongUsernameOrPasswordError',
    );
    const hostile = await run('login', { $ne: null }, 'x');
    check('an operator object is refused', hostile.error?.name === 'WrongUsernameOrPasswordError');
    const duplicate = await run('create', { email, password: 'Another-pw-1' });
    check('a duplicate create is user_exists', duplicate.error?.code === 'user_exists');
    const verified = await run('verify', email);
    check(
      'verify records it',
      verified.results[0] === true && (await probe.find(email))?.emailVerified === true,
    );
    const changed = await run('change_password', email, 'Runtime-pw-2');
    const relogin = await run('login', email, 'Runtime-pw-2');
    check('change_password takes effect', changed.results[0] === true && relogin.error === null);
    const renamed = await run('change_email', email, moved, false);
    check('change_email moves the user', renamed.results[0] === true && (await probe.find(moved)) !== null);
    const unknown = await run('get_user', email);
    check('an unknown user has no profile', unknown.error === null && unknown.results.length === 0);
    const removed = await run('delete', profile?.user_id ?? 'none');
    check('delete removes the user', removed.error === null && (await probe.find(moved)) === null);
    check('every call called back exactly once', container.violations.length === 0, container.violations);
  } finally {
    await probe.removeEmails([email, moved]);
    await probe.close();
    await container[Symbol.asyncDispose]();
  }
}

for (const server of servers) {
  try {
    await scenario(server);
  } catch (error) {
    report(server.adapter, 'scenario ran', false, String(error));
  }
}
process.exitCode = failed > 0 ? 1 : 0;
