/**
 * The kit's one config file (`customdb.config.ts` at the repo root) and its validation. The config holds
 * names only (tables, columns, formats); it is inlined into every bundle. Each `stores.<name>` block is
 * validated by its adapter's descriptor.
 */
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTERS, findAdapter, type StoresConfig, type StoresInput } from '../adapters/registry.ts';
import {
  ConfigError,
  type FieldMap,
  type KitConfigOf,
  oneOf,
  type PasswordConfig,
  type PasswordConfigInput,
  passwordConfig,
  record,
  type StoreConfigBase,
} from '../core/config.ts';

export type { AdapterName } from '../adapters/registry.ts';
export { ConfigError, type FieldMap, type PasswordConfig };

/** A validated config: presets laid under every store, defaults filled in. */
export type KitConfig = KitConfigOf<StoresConfig>;
/** The config file as a user writes it. */
export type KitConfigInput = Omit<KitConfigOf<StoresInput>, 'passwords'> & {
  passwords?: PasswordConfigInput;
};

export function defineConfig(config: KitConfigInput): KitConfigInput {
  return config;
}

const names = ADAPTERS.map((adapter) => adapter.name);

/** Today's behaviour for a config that says nothing: bcrypt in, bcrypt out, nothing rewritten. */
const DEFAULT_PASSWORDS = { bcryptCost: 10, accept: ['bcrypt'], rehashOnLogin: false };

/** Validates an untrusted config value; every error names the field at fault. */
export function validateConfig(value: unknown): KitConfig {
  const c = record(value, 'config');
  if (typeof c.userIdPrefix !== 'string' || !/^[A-Za-z0-9_|:.-]{0,32}$/.test(c.userIdPrefix)) {
    throw new ConfigError(
      'userIdPrefix',
      "must be a string of up to 32 characters from [A-Za-z0-9_|:.-] ('' for none)",
    );
  }
  if (c.importMode !== undefined && typeof c.importMode !== 'boolean') {
    throw new ConfigError('importMode', 'must be true or false (default false)');
  }
  const topLevel = c.passwords === undefined ? {} : record(c.passwords, 'passwords');
  const passwords = passwordConfig({ ...DEFAULT_PASSWORDS, ...topLevel }, 'passwords');
  const stores = record(c.stores, 'stores');
  const out: Record<string, unknown> = {};
  for (const [name, block] of Object.entries(stores)) {
    const adapter = findAdapter(oneOf(name, `stores.${name}`, names));
    if (!adapter || block === undefined) continue;
    const store = adapter.validateConfig(block, `stores.${name}`);
    // This store's policy: the defaults, the config's, then its preset's and its own, key by key.
    const own = store.passwords === undefined ? {} : record(store.passwords, `stores.${name}.passwords`);
    store.passwords = passwordConfig({ ...passwords, ...own }, `stores.${name}.passwords`);
    if (store.passwords.accept.includes('salted-digest') && !adapter.fieldsOf(store).passwordSalt) {
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
  return {
    userIdPrefix: c.userIdPrefix,
    passwords,
    importMode: c.importMode ?? false,
    stores: out as StoresConfig,
  };
}

export interface ConfiguredStore {
  adapter: AdapterDescriptor;
  store: StoreConfigBase;
  /** The store's effective password policy (validated). */
  passwords: PasswordConfig;
}

/** The configured stores, each with its adapter and password policy, in registry order. */
export function configuredStores(config: KitConfig): ConfiguredStore[] {
  return (ADAPTERS as readonly AdapterDescriptor[]).flatMap((adapter) => {
    const store = (config.stores as Record<string, StoreConfigBase | undefined>)[adapter.name];
    return store === undefined ? [] : [{ adapter, store, passwords: store.passwords ?? config.passwords }];
  });
}
