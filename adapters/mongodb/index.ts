/** The MongoDB adapter, described once: everything else in the kit reads these facts. */
import { SHARED_SETTINGS_KEYS } from '../client-cache.ts';
import { defineAdapter } from '../descriptor.ts';
import { type MongoStoreInput, validateMongoStore } from './config.ts';

export const mongodb = defineAdapter({
  name: 'mongodb',
  title: 'MongoDB',
  driverPackage: 'mongodb',
  configuration: {
    MONGODB_URL: {
      secret: true,
      canary:
        'mongodb://kit-canary-mongodb-user:kit-canary-mongodb-Pa55word@mongo.canary.invalid:27017/kit_canary_db',
      description: 'mongodb://user:password@host:27017/?authSource=admin (or mongodb+srv://…)',
    },
    MONGODB_DATABASE: {
      secret: false,
      canary: '',
      description: 'optional; overrides stores.mongodb.database',
    },
    ...SHARED_SETTINGS_KEYS,
  },
  configurationSummary: 'MONGODB_URL (and optionally MONGODB_DATABASE)',
  validateConfig: validateMongoStore,
  input: undefined as MongoStoreInput | undefined,
  fieldsKey: 'fields',
  fieldsOf: (config) => config.fields,
  store: { source: 'adapters/mongodb/store.ts', factory: 'createMongoStore' },
  capabilities: { transactions: false, caseInsensitiveText: false, schemaless: true },
  introspection: async () => (await import('./introspect.ts')).mongodbIntrospection,
  testing: async () => (await import('./testing.ts')).mongodbTesting,
});
