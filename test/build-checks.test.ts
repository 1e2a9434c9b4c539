import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  const DRIVER_MARKS = {
    mysql: { requires: '"mysql2"', code: /createPool|mysql2/ },
    mongodb: { requires: '"mongodb"', code: /MongoClient|mongodb/ },
  } as const;

  it.each(
    (['mysql', 'mongodb'] as const).flatMap((adapter) =>
      Object.entries(SCRIPTS).map(
        ([script, { functionName, params }]) => [adapter, script, functionName, params] as const,
      ),
    ),
  )(
    'checks - dist/%s/%s.js is one paste-ready function that loads only its own driver',
    (adapter, script, name, params) => {
      const text = readFileSync(join(ROOT, 'dist', adapter, `${script}.js`), 'utf8');
      expect(text.startsWith(`function ${name}(${[...params, 'callback'].join(', ')}) {`)).toBe(true);
      expect(text.trimEnd().endsWith('}')).toBe(true);
      expect(text).toContain(DRIVER_MARKS[adapter].requires);
      const other = adapter === 'mysql' ? 'mongodb' : 'mysql';
      expect(text).not.toMatch(DRIVER_MARKS[other].code);
      expect(Buffer.byteLength(text)).toBeLessThan(100_000);
    },
  );
});
