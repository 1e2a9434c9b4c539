import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../adapters/registry.ts';
import { buildAll, loadConfig } from '../build/bundle.ts';
import { BundleCheckError, type BundleFacts, checkBundle, SAMPLE_CONFIGURATION } from '../build/checks.ts';
import { SCRIPTS } from '../build/scripts.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const facts = (text: string, extra: Partial<BundleFacts> = {}): BundleFacts => ({
  file: 'dist/mysql/login.js',
  text,
  functionName: 'login',
  arity: 3,
  adapter: 'mysql',
  inputs: ['scripts/login.ts', 'adapters/mysql.ts'],
  externals: ['mysql2', 'crypto'],
  allowedModules: ['mysql2'],
  foreign: { modules: ['mongodb'], paths: ['adapters/mongodb.ts', 'node_modules/mongodb/'] },
  secrets: Object.values(SAMPLE_CONFIGURATION),
  ...extra,
});

const good = 'function login(email, password, callback) {\n  callback(null, { user_id: "1" });\n}\n';

function reason(f: BundleFacts): string {
  try {
    checkBundle(f);
  } catch (error) {
    expect(error).toBeInstanceOf(BundleCheckError);
    expect((error as BundleCheckError).file).toBe(f.file);
    return (error as BundleCheckError).reason;
  }
  return 'passed';
}

describe('bundle checks', () => {
  it('checks - should pass a single named function of the right arity', () => {
    expect(reason(facts(good))).toBe('passed');
  });

  it.each([
    ['a statement after the function', `${good};`, /exactly one top-level statement, found 2/],
    ['a statement before it', `var x = 1;\n${good}`, /exactly one top-level statement/],
    [
      'an arrow function',
      'const login = (a, b, c) => c(null);',
      /VariableDeclaration, not a function declaration/,
    ],
    ['the wrong name', good.replace('function login', 'function signIn'), /named 'signIn', expected 'login'/],
    [
      'the wrong arity',
      good.replace('email, password, callback', 'email, callback'),
      /takes 2 parameters, expected 3/,
    ],
    ['a syntax error', 'function login(a, b, c) {', /does not parse/],
    [
      'a secret',
      good.replace('"1"', `"${SAMPLE_CONFIGURATION.MYSQL_PASSWORD}"`),
      /contains a configuration value/,
    ],
    [
      'a connection string',
      good.replace('"1"', '"mysql://root:hunter2@db:3306/x"'),
      /connection string with credentials/,
    ],
    ['a Deploy CLI keyword', good.replace('"1"', '"@@DB_PASSWORD@@"'), /'@@DB_PASSWORD@@'.*Deploy CLI/],
    ['oversize', good.replace('"1"', `"${'x'.repeat(100_001)}"`), /over Auth0's 100000-byte script limit/],
  ])('checks - should fail %s', (_, text, expected) => {
    expect(reason(facts(text))).toMatch(expected);
  });

  it('checks - should name another adapter source that leaked in', () => {
    const leaked = facts(good, { inputs: ['scripts/login.ts', 'node_modules/mongodb/lib/index.js'] });
    expect(reason(leaked)).toMatch(
      /includes node_modules\/mongodb\/lib\/index.js, which belongs to another adapter than mysql/,
    );
  });

  it('checks - should name a required driver of another adapter, and any module Auth0 would not serve', () => {
    expect(reason(facts(good, { externals: ['mongodb@6.3.0'] }))).toMatch(
      /requires 'mongodb@6.3.0', the driver of another adapter/,
    );
    expect(reason(facts(good, { externals: ['left-pad'] }))).toMatch(/requires 'left-pad', which is neither/);
    expect(reason(facts(good, { externals: ['fs'] }))).toMatch(
      /requires 'fs': Auth0's Node 22 sandbox forbids/,
    );
  });

  it('checks - should refuse a connection string of any scheme that carries a password', () => {
    for (const url of [
      'postgres://app:s3cret@db/x',
      'postgresql://a:b@h:5432/d',
      'mongodb+srv://u:p@c.example',
    ]) {
      expect(reason(facts(good.replace('"1"', JSON.stringify(url))))).toMatch(
        /connection string with credentials/,
      );
    }
  });

  it("checks - should look for every registered adapter's secret canaries", () => {
    for (const adapter of ADAPTERS) {
      for (const [key, { secret }] of Object.entries(adapter.configuration)) {
        if (secret) expect(SAMPLE_CONFIGURATION, `${adapter.name} ${key}`).toHaveProperty(key);
      }
    }
  });
});

/** What `npm run build` writes from the repository's own customdb.config.ts. */
describe('the repository build', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'customdb-repo-build-'));
    await buildAll({ root: ROOT, outDir });
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('build - should write one folder per configured adapter, each with the seven scripts', async () => {
    const config = await loadConfig(ROOT);
    expect(Object.keys(config.stores).sort()).toEqual(ADAPTERS.map((adapter) => adapter.name).sort());
  });

  it.each(
    ADAPTERS.flatMap((adapter) =>
      Object.entries(SCRIPTS).map(
        ([script, { functionName, params }]) =>
          [adapter.name, script, adapter, functionName, params] as const,
      ),
    ),
  )(
    'build - dist/%s/%s.js is one paste-ready function that loads only its own driver',
    (_, script, adapter, name, params) => {
      const text = readFileSync(join(outDir, adapter.name, `${script}.js`), 'utf8');
      // A call of the driver's name, whatever the minifier named the require shim: N("mysql2").
      const requires = (driver: string) => new RegExp(`[\\w$]\\("${driver}(@[0-9.]+)?"\\)`).test(text);
      expect(text.startsWith(`function ${name}(${[...params, 'callback'].join(', ')}) {`)).toBe(true);
      expect(text.trimEnd().endsWith('}')).toBe(true);
      expect(requires(adapter.driverPackage)).toBe(true);
      for (const other of ADAPTERS.filter((candidate) => candidate !== adapter)) {
        expect(requires(other.driverPackage), other.driverPackage).toBe(false);
        expect(text).not.toContain(`adapters/${other.name}/`);
      }
      expect(Buffer.byteLength(text)).toBeLessThan(100_000);
    },
  );
});
