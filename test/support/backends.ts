/**
 * Which adapters the suite runs on, chosen by the environment (never by the user's customdb.config.ts):
 * CUSTOMDB_TEST_BACKENDS=<name>,<name>…; default every registered adapter. A name that is not an adapter
 * fails the run: a typo must not quietly test less.
 */

import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { ADAPTER_NAMES, ADAPTERS, findAdapter } from '../../adapters/registry.ts';
import type { TestParts } from '../../adapters/testing/types.ts';
import type { KitConfig } from '../../build/config.ts';
import type { StoreConfigBase } from '../../core/config.ts';
import { passwordConfig } from '../../core/passwords.ts';

export function selectedAdapters(raw = process.env.CUSTOMDB_TEST_BACKENDS): AdapterDescriptor[] {
  if (raw === undefined || raw.trim() === '') return [...ADAPTERS];
  return raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const adapter = findAdapter(name);
      if (!adapter) {
        throw new Error(
          `CUSTOMDB_TEST_BACKENDS names '${name}', which is not an adapter (${ADAPTER_NAMES.join(', ')})`,
        );
      }
      return adapter;
    });
}

/** The profile parts the suite maps: the same names serve as SQL columns and document fields. */
export const SUITE_PARTS: TestParts = {
  email: 'email',
  passwordHash: 'password_hash',
  emailVerified: 'email_verified',
  username: 'username',
  name: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  nickname: 'nickname',
  picture: 'picture',
  userMetadata: 'user_metadata',
  appMetadata: 'metadata',
  passwordSalt: 'password_salt',
  migratedAt: 'migrated_at',
};

/** The config the suite builds its bundles from: every selected adapter's suite store. */
export async function suiteConfig(adapters: readonly AdapterDescriptor[]): Promise<KitConfig> {
  const stores: Record<string, StoreConfigBase> = {};
  for (const adapter of adapters) stores[adapter.name] = (await adapter.testing()).storeConfig(SUITE_PARTS);
  return {
    userIdPrefix: 'legacy|',
    passwords: passwordConfig({ bcryptCost: 10, accept: ['bcrypt'], rehashOnLogin: false }, 'passwords'),
    stores: stores as KitConfig['stores'],
  };
}

/** The store block of `adapter` in a config. */
export function storeOf<C extends StoreConfigBase = StoreConfigBase>(
  config: KitConfig,
  adapter: AdapterDescriptor,
): C {
  const store = (config.stores as Record<string, unknown>)[adapter.name];
  if (store === undefined) throw new Error(`the config has no stores.${adapter.name}`);
  return store as C;
}
