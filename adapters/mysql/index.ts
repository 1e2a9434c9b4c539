/** The MySQL / MariaDB adapter, described once: everything else in the kit reads these facts. */
import { SHARED_SETTINGS_KEYS } from '../client-cache.ts';
import { defineAdapter } from '../descriptor.ts';
import { validateSqlStore } from '../sql/config.ts';
import type { SqlStoreConfig, SqlStoreInput } from '../sql/dialect.ts';
import { serverAddressKeys } from '../sql/settings.ts';

/** The presets whose framework runs on this database. */
export const MYSQL_PRESETS = ['wordpress', 'django', 'laravel'] as const;

export const mysql = defineAdapter({
  name: 'mysql',
  title: 'MySQL / MariaDB',
  driverPackage: 'mysql2',
  configuration: { ...serverAddressKeys('MYSQL', 'mysql', 3306), ...SHARED_SETTINGS_KEYS },
  configurationSummary: 'MYSQL_URL, or MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE',
  validateConfig: (value, field): SqlStoreConfig =>
    validateSqlStore(value, field, { driverPackage: 'mysql2', presets: MYSQL_PRESETS }),
  input: undefined as SqlStoreInput | undefined,
  fieldsKey: 'columns',
  fieldsOf: (config) => config.columns,
  store: { source: 'adapters/mysql/store.ts', factory: 'createMysqlStore' },
  capabilities: { transactions: true, caseInsensitiveText: true, schemaless: false },
  introspection: async () => (await import('./introspect.ts')).mysqlIntrospection,
  testing: async () => (await import('./testing.ts')).mysqlTesting,
});
