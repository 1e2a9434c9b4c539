/** `customdb deploy --format mgmt-api` against a local Management API that behaves like Auth0's. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SCRIPT_NAMES } from '../build/scripts.ts';
import { baseUrl } from '../cli/deploy/mgmt-client.ts';
import { deploy, plantedConfiguration, suiteStores, writeConfig } from './support/deploy.ts';
import { ENCRYPTED_PREFIX, FakeManagementApi } from './support/fake-mgmt-api.ts';

const [configured] = suiteStores();
if (!configured) throw new Error('the suite config has no store');
const { adapter } = configured;
const TOKEN = 'mgmt-token-Vx81-planted';
const SCOPES = ['read:connections_options', 'update:connections_options'];
/** Options a deploy must leave exactly as they are. */
const UNRELATED = {
  passwordPolicy: 'excellent',
  password_complexity_options: { min_length: 14 },
  brute_force_protection: true,
  mfa: { active: true, return_enroll_settings: true },
  enable_script_context: true,
  requires_username: false,
};
const dist = (script: string) => readFileSync(join(inject('distDir'), adapter.name, `${script}.js`), 'utf8');

describe('deploy mgmt-api --domain', () => {
  it.each([
    ['my-tenant.eu.auth0.com', 'https://my-tenant.eu.auth0.com'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['https://login.example.com', 'https://login.example.com'],
  ])('mgmt-api - should read --domain %s as %s', (domain, base) => {
    expect(baseUrl(domain)).toBe(base);
  });

  it.each(['ftp://tenant', 'tenant/api', 'https://tenant/api/v2'])(
    'mgmt-api - should refuse --domain %s',
    (domain) => {
      expect(() => baseUrl(domain)).toThrow('--domain');
    },
  );
});

describe(`deploy mgmt-api [${adapter.name}]`, () => {
  let api: FakeManagementApi;
  let dir = '';
  let config = '';
  let file = '';
  const configuration = plantedConfiguration(adapter, 'mgmt');
  const [firstKey, secondKey] = Object.keys(configuration) as [string, string];

  beforeAll(async () => {
    api = await FakeManagementApi.start();
    dir = await mkdtemp(join(tmpdir(), 'customdb-mgmt-'));
    config = await writeConfig(dir, { ...inject('suiteConfig'), importMode: true });
    file = join(dir, 'configuration.json');
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    api.requests.length = 0;
    api.rateLimited = 0;
    api.tokens.clear();
    api.tokens.set(TOKEN, SCOPES);
    api.connections.clear();
    api.connections.set('con_db1', {
      id: 'con_db1',
      name: 'legacy-db',
      strategy: 'auth0',
      enabled_clients: ['client-a'],
      options: {
        ...structuredClone(UNRELATED),
        enabledDatabaseCustomization: false,
        customScripts: { login: dist('login'), get_user: 'function getUser(e, cb) { cb(null); }' },
        configuration: { [firstKey]: 'old-value-on-the-tenant' },
      },
    });
    api.connections.set('con_social', {
      id: 'con_social',
      name: 'google',
      strategy: 'google-oauth2',
      enabled_clients: [],
      options: {},
    });
    await writeFile(file, JSON.stringify(configuration));
  });

  const run = (extra: string[] = [], env: NodeJS.ProcessEnv = { AUTH0_MGMT_TOKEN: TOKEN }, id = 'con_db1') =>
    deploy(
      ['--format', 'mgmt-api', '--adapter', adapter.name, '--config', config, '--domain', api.url].concat(
        ['--connection-id', id, '--configuration', file],
        extra,
      ),
      env,
    );
  const stored = (id = 'con_db1') => api.connections.get(id);
  const leaks = (text: string) => Object.values(configuration).filter((value) => text.includes(value));

  it('mgmt-api - should merge the scripts and flags into options, keep every other option exactly, and PATCH only options', async () => {
    const before = structuredClone(stored());
    const { code, stdout, stderr } = await run();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const patches = api.patches();
    expect(patches).toHaveLength(1);
    expect(Object.keys(patches[0]?.body as object)).toEqual(['options']);
    const after = stored();
    expect(after).toMatchObject({ name: before?.name, strategy: 'auth0', enabled_clients: ['client-a'] });
    expect(after?.options).toEqual({
      ...UNRELATED,
      enabledDatabaseCustomization: true,
      import_mode: true,
      customScripts: Object.fromEntries(SCRIPT_NAMES.map((script) => [script, dist(script)])),
      configuration,
    });
    // Sent in clear text, never the ciphertext GET showed.
    expect(JSON.stringify(after?.options.configuration)).not.toContain(ENCRYPTED_PREFIX);
    expect(leaks(stdout + stderr)).toEqual([]);
  });

  it('mgmt-api - should refuse before any request when the file lacks keys the scripts read, naming them', async () => {
    const { [firstKey]: _, [secondKey]: __, ...rest } = configuration;
    await writeFile(file, JSON.stringify(rest));
    const { code, stderr } = await run();
    expect(code).toBe(1);
    expect(stderr).toContain(`lacks ${firstKey}, ${secondKey}:`);
    expect(api.requests).toEqual([]);
  });

  it('mgmt-api - should leave out keys given as "" (the scripts read them as absent)', async () => {
    await writeFile(file, JSON.stringify({ ...configuration, [secondKey]: '' }));
    expect((await run()).code).toBe(0);
    expect(Object.keys(stored()?.options.configuration as object)).not.toContain(secondKey);
    expect(stored()?.options.configuration).toHaveProperty(firstKey, configuration[firstKey]);
  });

  it('mgmt-api - should refuse a tenant key the file lacks, unless --drop-configuration-key names it', async () => {
    (stored()?.options.configuration as Record<string, string>).LEGACY_API_KEY = 'kept-by-hand';
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('LEGACY_API_KEY');
    expect(refused.stderr).toContain('--drop-configuration-key LEGACY_API_KEY');
    expect(api.patches()).toEqual([]);
    expect(stored()?.options.configuration).toHaveProperty('LEGACY_API_KEY', 'kept-by-hand');

    const dropped = await run(['--drop-configuration-key', 'LEGACY_API_KEY']);
    expect(dropped.code).toBe(0);
    expect(stored()?.options.configuration).toEqual(configuration);
  });

  it('mgmt-api - --dry-run should print each change per script, option and key, and change nothing', async () => {
    (stored()?.options.configuration as Record<string, string>).LEGACY_API_KEY = 'kept-by-hand';
    const before = structuredClone(stored());
    const { code, stdout } = await run(['--dry-run', '--drop-configuration-key', 'LEGACY_API_KEY']);
    expect(code).toBe(0);
    expect(api.patches()).toEqual([]);
    expect(stored()).toEqual(before);
    const lines = stdout.split('\n').map((line) => line.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        'script login: unchanged',
        'script get_user: changed',
        'script change_email: added',
        'option passwordPolicy: unchanged',
        'option mfa: unchanged',
        'option enabledDatabaseCustomization: changed',
        'option import_mode: added',
        'configuration LEGACY_API_KEY: removed',
        `configuration ${secondKey}: added`,
        `configuration ${firstKey}: set (the tenant returns it encrypted: not compared)`,
      ]),
    );
    expect(leaks(stdout)).toEqual([]);
  });

  it('mgmt-api - should refuse a connection whose strategy is not auth0', async () => {
    const { code, stderr } = await run([], undefined, 'con_social');
    expect(code).toBe(1);
    expect(stderr).toContain('strategy "google-oauth2"');
    expect(api.patches()).toEqual([]);
  });

  it('mgmt-api - should explain 401, 403 with the missing scope, and 404 in one line each', async () => {
    const unauthorized = await run([], { AUTH0_MGMT_TOKEN: 'expired-token' });
    expect(unauthorized).toMatchObject({ code: 1 });
    expect(unauthorized.stderr).toMatch(
      /^customdb deploy: GET \/api\/v2\/connections\/con_db1: 401 Unauthorized: .*\n$/,
    );

    api.tokens.set('read-only', ['read:connections_options']);
    const forbidden = await run([], { AUTH0_MGMT_TOKEN: 'read-only' });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(
      /PATCH .*403 Forbidden: the token lacks the scope update:connections_options;.*\n$/,
    );
    expect(forbidden.stderr.split('\n')).toHaveLength(2);

    const missing = await run([], undefined, 'con_nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404 Not Found: no such connection');
    expect(api.patches().filter((patch) => patch.path.endsWith('con_db1'))).toHaveLength(1);
  });

  it('mgmt-api - should wait out a 429 for its Retry-After and then deploy', async () => {
    api.rateLimited = 1;
    api.retryAfter = '1';
    const started = Date.now();
    const { code } = await run();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
    expect(stored()?.options.enabledDatabaseCustomization).toBe(true);
  });

  it('mgmt-api - should explain a 429 that does not go away', async () => {
    api.rateLimited = 10;
    api.retryAfter = '0';
    const { code, stderr } = await run();
    expect(code).toBe(1);
    expect(stderr).toContain('429 Too Many Requests after 4 tries');
  });

  it('mgmt-api - should exchange client credentials at /oauth/token, and never print the secret', async () => {
    const secret = 'client-secret-Hq42-planted';
    api.clients.set('deploy-client', { secret, scopes: SCOPES });
    const ok = await run([], { AUTH0_CLIENT_ID: 'deploy-client', AUTH0_CLIENT_SECRET: secret });
    expect(ok.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/oauth/token',
      body: { grant_type: 'client_credentials', client_id: 'deploy-client', audience: `${api.url}/api/v2/` },
    });
    expect(api.patches()).toHaveLength(1);

    const refused = await run([], { AUTH0_CLIENT_ID: 'deploy-client', AUTH0_CLIENT_SECRET: 'wrong' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('POST /oauth/token: 401');
    expect(ok.stdout + ok.stderr + refused.stderr).not.toContain(secret);
  });
});
