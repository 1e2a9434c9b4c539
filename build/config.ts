/**
 * The kit's one config file (`customdb.config.ts` at the repo root) and its validation. The config holds
 * names only (tables, columns, formats); it is inlined into every bundle. Each `stores.<name>` block is
 * validated by its adapter's descriptor.
 */
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTERS, findAdapter, type StoresConfig } from '../adapters/registry.ts';
import {
  ConfigError,
  type FieldMap,
  type KitConfigOf,
  oneOf,
  type PasswordConfig,
  passwordConfig,
  record,
  type StoreConfigBase,
} from '../core/config.ts';

export type { AdapterName } from '../adapters/registry.ts';
export { ConfigError, type FieldMap, type PasswordConfig };

export type KitConfig = KitConfigOf<StoresConfig>;

export function defineConfig(config: KitConfig): KitConfig {
  return config;
}

const names = ADAPTERS.map((adapter) => adapter.name);

/** Validates an untrusted config value; every error names the field at fault. */
export function validateConfig(value: unknown): KitConfig {
  const c = record(value, 'config');
  if (typeof c.userIdPrefix !== 'string' || !/^[A-Za-z0-9_|:.-]{0,32}$/.test(c.userIdPrefix)) {
    throw new ConfigError(
      'userIdPrefix',
      "must be a string of up to 32 characters from [A-Za-z0-9_|:.-] ('' for none)",
    );
  }
  const passwords = passwordConfig(c.passwords, 'passwords');
  const stores = record(c.stores, 'stores');
  const out: Record<string, unknown> = {};
  for (const [name, block] of Object.entries(stores)) {
    const adapter = findAdapter(oneOf(name, `stores.${name}`, names));
    if (!adapter || block === undefined) continue;
    const store = adapter.validateConfig(block, `stores.${name}`);
    if (passwords.accept.includes('salted-digest') && !adapter.fieldsOf(store).passwordSalt) {
      throw new ConfigError(
        `stores.${name}.${adapter.fieldsKey}.passwordSalt`,
        "is required when passwords.accept has 'salted-digest'",
      );
    }
    out[name] = store;
  }
  if (Object.keys(out).length === 0) {
    throw new ConfigError('stores', `must configure at least one of ${names.join(', ')}`);
  }
  return { userIdPrefix: c.userIdPrefix, passwords, stores: out as StoresConfig };
}

/** The configured stores, each with its adapter, in registry order. */
export function configuredStores(
  config: KitConfig,
): { adapter: AdapterDescriptor; store: StoreConfigBase }[] {
  return (ADAPTERS as readonly AdapterDescriptor[]).flatMap((adapter) => {
    const store = (config.stores as Record<string, StoreConfigBase | undefined>)[adapter.name];
    return store === undefined ? [] : [{ adapter, store }];
  });
}
