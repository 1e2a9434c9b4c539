/**
 * `customdb deploy --format deploy-cli|yaml|terraform` as a user runs it: a child process with a
 * configuration file and the environment full of planted values, none of which may reach any output.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADAPTERS } from '../adapters/registry.ts';
import type { ConfiguredStore } from '../build/config.ts';
import { SCRIPT_NAMES } from '../build/scripts.ts';
import { deploy, plantedConfiguration, suiteStores, writeConfig } from './support/deploy.ts';

const run = promisify(execFile);
const NAME = 'legacy-db';
/** Every key of every adapter, with a value no output may hold. */
const PLANTED = Object.assign({}, ...ADAPTERS.map((adapter) => plantedConfiguration(adapter, 'files')));

async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

const sorted = (names: string[]) => [...names].sort();
const scriptFiles = (prefix: string) => SCRIPT_NAMES.map((script) => `${prefix}${script}.js`);

describe.each(suiteStores().map((configured) => [configured.adapter.name, configured] as const))(
  'deploy files [%s]',
  (adapterName, configured: ConfiguredStore) => {
    const { adapter } = configured;
    const keys = Object.keys(adapter.configuration);
    let dir = '';
    let config = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'customdb-deploy-'));
      config = await writeConfig(dir, inject('suiteConfig'));
      // Where export and try would find secrets: the working folder's file and the environment.
      await writeFile(join(dir, 'configuration.local.json'), JSON.stringify(PLANTED));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    /** Runs the format into a fresh folder; returns it, after checking nothing planted reached any output. */
    async function deployTo(format: string): Promise<string> {
      const out = join(dir, format);
      const { stdout, stderr } = await run(
        process.execPath,
        [join(inject('root'), 'cli/customdb.mjs'), 'deploy', '--format', format, '--out', out]
          .concat(['--connection-name', NAME, '--adapter', adapterName, '--config', config])
          .concat(['--dist', inject('distDir')]),
        { cwd: dir, env: { ...process.env, ...PLANTED, AUTH0_CLIENT_SECRET: PLANTED.MONGODB_URL } },
      );
      const files = await listFiles(out);
      expect(stdout.trim().split('\n').sort()).toEqual(files.map((file) => join(out, file)).sort());
      const everything = [stdout, stderr, ...files.map((file) => readFileSync(join(out, file), 'utf8'))].join(
        '\n',
      );
      expect(Object.values(PLANTED).filter((value) => everything.includes(value as string))).toEqual([]);
      return out;
    }

    /** Each of the seven script paths resolves (against `base`) to a byte-identical copy of dist/. */
    function expectScripts(base: string, paths: Record<string, string>) {
      expect(Object.keys(paths)).toEqual(SCRIPT_NAMES);
      for (const script of SCRIPT_NAMES) {
        const built = readFileSync(join(inject('distDir'), adapterName, `${script}.js`), 'utf8');
        expect(readFileSync(join(base, paths[script] as string), 'utf8')).toBe(built);
      }
    }

    const expectedOptions = () => ({
      enabledDatabaseCustomization: true,
      import_mode: false,
      ...(adapter.fieldsOf(configured.store).username ? { requires_username: true } : {}),
      configuration: Object.fromEntries(keys.map((key) => [key, `##${key}##`])),
    });

    it('deploy - deploy-cli should write database.json with placeholders for every key, and the seven scripts', async () => {
      const out = await deployTo('deploy-cli');
      const folder = `database-connections/${NAME}/`;
      expect(await listFiles(out)).toEqual(sorted([`${folder}database.json`, ...scriptFiles(folder)]));
      const database = JSON.parse(readFileSync(join(out, folder, 'database.json'), 'utf8'));
      expect(database).toEqual({
        name: NAME,
        strategy: 'auth0',
        options: { ...expectedOptions(), customScripts: expect.any(Object) },
      });
      expect(database.options.customScripts).toEqual(
        Object.fromEntries(SCRIPT_NAMES.map((script) => [script, `./${script}.js`])),
      );
      expectScripts(join(out, folder), database.options.customScripts);
    });

    it('deploy - yaml should write a databases entry that YAML reads back, and the scripts it names', async () => {
      const out = await deployTo('yaml');
      expect(await listFiles(out)).toEqual(sorted(['tenant.yaml', ...scriptFiles(`databases/${NAME}/`)]));
      // Read by a YAML parser of its own (PyYAML), not by the code that wrote it.
      const { stdout } = await run('/usr/bin/python3', [
        '-c',
        'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
        join(out, 'tenant.yaml'),
      ]);
      const tenant = JSON.parse(stdout);
      expect(tenant).toEqual({
        databases: [
          {
            name: NAME,
            strategy: 'auth0',
            options: { ...expectedOptions(), customScripts: expect.any(Object) },
          },
        ],
      });
      expectScripts(dirname(join(out, 'tenant.yaml')), tenant.databases[0].options.customScripts);
    });

    it('deploy - terraform should write one connection with a sensitive variable per key and file() scripts', async () => {
      const out = await deployTo('terraform');
      expect(await listFiles(out)).toEqual(sorted(['main.tf', ...scriptFiles('')]));
      const tf = readFileSync(join(out, 'main.tf'), 'utf8');
      const variables = [...tf.matchAll(/variable "(\w+)" \{([^}]*)\}/g)];
      expect(variables.map((match) => match[1])).toEqual(keys);
      for (const match of variables) expect(match[2]).toMatch(/\n\s*sensitive\s*=\s*true\n/);
      const block = (name: string) =>
        new RegExp(`\\n\\s*${name} = \\{\\n([\\s\\S]*?)\\n\\s*\\}`).exec(tf)?.[1] ?? '';
      const entries = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((line) => line.trim().split(/\s*=\s*/));
      expect(entries(block('configuration'))).toEqual(keys.map((key) => [key, `var.${key}`]));
      const scripts = entries(block('custom_scripts'));
      expect(scripts.map(([script]) => script)).toEqual(SCRIPT_NAMES);
      expectScripts(
        out,
        Object.fromEntries(
          scripts.map(([script, call]) => [
            script,
            /^file\("\$\{path\.module\}\/(.+)"\)$/.exec(call ?? '')?.[1] ?? '',
          ]),
        ),
      );
      expect(tf).toMatch(
        /resource "auth0_connection" "customdb" \{\n\s*name\s*= "legacy-db"\n\s*strategy = "auth0"/,
      );
      expect(tf).toMatch(/enabled_database_customization = true\n\s*import_mode\s*= false\n/);
      expect(/requires_username\s*= true/.test(tf)).toBe(
        Boolean(adapter.fieldsOf(configured.store).username),
      );
    });

    it('deploy - import_mode and requires_username should follow the config', async () => {
      const store = structuredClone(configured.store) as unknown as Record<string, Record<string, unknown>>;
      delete store[adapter.fieldsKey]?.username;
      const variant = await writeConfig(
        dir,
        { ...inject('suiteConfig'), importMode: true, stores: { [adapterName]: store } },
        'variant.mjs',
      );
      const out = join(dir, 'variant');
      const args = ['--format', 'deploy-cli', '--out', out, '--connection-name', NAME, '--config', variant];
      expect((await deploy(args)).code).toBe(0);
      const { options } = JSON.parse(
        readFileSync(join(out, 'database-connections', NAME, 'database.json'), 'utf8'),
      );
      expect(options.import_mode).toBe(true);
      expect(options).not.toHaveProperty('requires_username');
    });
  },
);

describe('deploy usage', () => {
  it('deploy - should require --adapter when the config has more than one store, naming them', async () => {
    const root = inject('root');
    const args = ['--format', 'deploy-cli', '--out', join(tmpdir(), 'never'), '--connection-name', NAME];
    const { code, stderr } = await deploy([...args, '--config', join(root, 'customdb.config.ts')]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `customdb deploy: --adapter is required: the config has stores ${ADAPTERS.map((a) => a.name).join(', ')}\n`,
    );
  });

  it("deploy - should refuse a connection name that is not Auth0's, and an unknown format", async () => {
    const config = join(inject('root'), 'customdb.config.ts');
    const [first] = ADAPTERS;
    const base = ['--out', join(tmpdir(), 'never'), '--config', config, '--adapter', first.name];
    const named = await deploy(['--format', 'yaml', '--connection-name', '../escape', ...base]);
    expect(named).toMatchObject({ code: 1 });
    expect(named.stderr).toContain('--connection-name "../escape"');
    expect((await deploy(['--format', 'zip', '--connection-name', NAME, ...base])).code).toBe(2);
  });
});
