/** The PostgreSQL adapter, described once: everything else in the kit reads these facts. */
import { SHARED_SETTINGS_KEYS } from '../client-cache.ts';
import { defineAdapter } from '../descriptor.ts';
import { validateSqlStore } from '../sql/config.ts';
import type { SqlStoreConfig, SqlStoreInput } from '../sql/dialect.ts';
import { serverAddressKeys } from '../sql/settings.ts';

/** The presets whose framework runs on this database. */
export const POSTGRES_PRESETS = ['django', 'laravel'] as const;

export const postgres = defineAdapter({
  name: 'postgres',
  title: 'PostgreSQL',
  driverPackage: 'pg',
  configuration: { ...serverAddressKeys('POSTGRES', 'postgres', 5432), ...SHARED_SETTINGS_KEYS },
  configurationSummary:
    'POSTGRES_URL, or POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DATABASE',
  validateConfig: (value, field): SqlStoreConfig =>
    validateSqlStore(value, field, {
      driverPackage: 'pg',
      defaultSchema: 'public',
      presets: POSTGRES_PRESETS,
    }),
  input: undefined as SqlStoreInput | undefined,
  fieldsKey: 'columns',
  fieldsOf: (config) => config.columns,
  store: { source: 'adapters/postgres/store.ts', factory: 'createPostgresStore' },
  capabilities: { transactions: true, caseInsensitiveText: false, schemaless: false },
  introspection: async () => (await import('./introspect.ts')).postgresIntrospection,
  testing: async () => (await import('./testing.ts')).postgresTesting,
});
