import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../build/config.ts';
import rootConfig from '../customdb.config.ts';

type Loose = { [key: string]: unknown };
const valid = () => structuredClone(rootConfig) as unknown as Loose;
const REMOVE = Symbol('remove');

/** Sets (or removes) the value at a dotted path of a config copy. */
function edit(config: Loose, path: string, value: unknown): Loose {
  const keys = path.split('.');
  let target = config;
  for (const key of keys.slice(0, -1)) target = target[key] as Loose;
  const last = keys.at(-1) as string;
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return config;
}

describe('config', () => {
  it('config - should accept the repository config, filling in the defaults', () => {
    const validated = validateConfig(valid());
    expect(validated).toMatchObject(rootConfig);
    expect(validated.stores.mysql).toMatchObject({ uniqueness: 'index', passwords: rootConfig.passwords });
    expect(validated.stores.mongodb?.emailIndex).toBe('create');
  });

  it.each([
    ['a prefix with a space', 'userIdPrefix', 'has space', 'userIdPrefix'],
    ['a missing table', 'stores.mysql.table', REMOVE, 'stores.mysql.table'],
    ['an injected table name', 'stores.mysql.table', 'users; DROP TABLE x', 'stores.mysql.table'],
    ['a missing email column', 'stores.mysql.columns.email', REMOVE, 'stores.mysql.columns.email'],
    ['an unknown column key', 'stores.mysql.columns.password', 'pw', 'stores.mysql.columns.password'],
    ['a backquoted column', 'stores.mysql.columns.name', 'na`me', 'stores.mysql.columns.name'],
    ['two parts in one column', 'stores.mysql.columns.name', 'email', 'stores.mysql.columns'],
    ['a bad idType', 'stores.mysql.idType', 'uuid', 'stores.mysql.idType'],
    ['a driver that is not mysql2', 'stores.mysql.driver', 'mysql', 'stores.mysql.driver'],
    ['a loose driver version', 'stores.mysql.driver', 'mysql2@^3', 'stores.mysql.driver'],
    ['a bcrypt cost of 3', 'passwords.bcryptCost', 3, 'passwords.bcryptCost'],
    ['a bcrypt cost as text', 'passwords.bcryptCost', '10', 'passwords.bcryptCost'],
    ['an unknown hash format', 'passwords.accept', ['bcrypt', 'md4'], 'passwords.accept[1]'],
    ['rehashOnLogin as text', 'passwords.rehashOnLogin', 'yes', 'passwords.rehashOnLogin'],
    ['importMode as text', 'importMode', 'yes', 'importMode'],
    ['an unknown store', 'stores.oracle', {}, 'stores.oracle'],
    ['a schema on MySQL', 'stores.mysql.schema', 'public', 'stores.mysql.schema'],
    ['an injected PostgreSQL schema', 'stores.postgres.schema', 'public; DROP', 'stores.postgres.schema'],
    ['a PostgreSQL driver that is not pg', 'stores.postgres.driver', 'postgres', 'stores.postgres.driver'],
    ['a mongodb field path with $', 'stores.mongodb.fields.email', '$email', 'stores.mongodb.fields.email'],
    ['no store', 'stores', {}, 'stores'],
  ])('config - should refuse %s, naming the field', (_, path, value, field) => {
    expectFieldError(edit(valid(), path, value), field);
  });

  it('config - should default the PostgreSQL schema to public', () => {
    const config = edit(valid(), 'stores.postgres.schema', REMOVE);
    expect(validateConfig(config).stores.postgres?.schema).toBe('public');
  });

  it('config - should require a salt column when salted digests are accepted', () => {
    const config = edit(valid(), 'passwords.accept', ['salted-digest']);
    edit(config, 'passwords.saltedDigest', { algorithm: 'sha256', saltPosition: 'before', encoding: 'hex' });
    edit(config, 'stores.mysql.columns.passwordSalt', REMOVE);
    expectFieldError(config, 'stores.mysql.columns.passwordSalt');
  });
});

function expectFieldError(config: unknown, field: string): void {
  let caught: unknown;
  try {
    validateConfig(config);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as ConfigError).field).toBe(field);
  expect((caught as ConfigError).message).toContain(field);
}
