/**
 * What an adapter is, as data: one descriptor per database in `adapters/<name>/index.ts`, listed in
 * `adapters/registry.ts`. The build, the bundle checks, the runtime emulator, the CLI and the test
 * matrix read every adapter fact from here; none of them names an adapter.
 */
import type { FieldMap, StoreConfigBase } from '../core/config.ts';
import type { Configuration, UserStore } from '../core/store.ts';
import type { AdapterIntrospection } from './introspection/types.ts';
import type { AdapterTesting } from './testing/types.ts';

/** Differences between databases that scripts and tests may depend on, declared rather than guessed. */
export interface Capabilities {
  /** Multi-statement transactions. */
  transactions: boolean;
  /**
   * Text comparisons ignore case in the store's default schema (MySQL's *_ci collations), so a legacy
   * mixed-case address still matches a lowercased lookup.
   */
  caseInsensitiveText: boolean;
  /** Documents take any field: a write cannot fail on an unknown column. */
  schemaless: boolean;
}

/** One key of Auth0's `configuration` the adapter's scripts read. */
export interface ConfigurationKey {
  /** Holds a credential or a URL that may carry one: never printed, never in a bundle. */
  secret: boolean;
  /** A distinctive stand-in value: the bundle checks refuse any bundle that contains it. */
  canary: string;
  description: string;
}

export interface AdapterDescriptor<
  Name extends string = string,
  Config extends StoreConfigBase = StoreConfigBase,
  Input = unknown,
> {
  /** Type only: what a user writes under `stores.<name>` (a preset fills the rest). Always undefined. */
  readonly input?: Input;
  /** The key under `stores` in the config, the `dist/<name>/` folder and the `--adapter` value. */
  name: Name;
  /** For people: 'MySQL / MariaDB'. */
  title: string;
  /** The npm package the scripts `require()` at run time; a config may pin it as `<package>@x.y.z`. */
  driverPackage: string;
  /** Every `configuration` key the store reads. */
  configuration: Readonly<Record<string, ConfigurationKey>>;
  /** One line for a bundle's header: which keys to set. */
  configurationSummary: string;
  /** Validates the untrusted `stores.<name>` block; errors name the field at fault. */
  validateConfig(value: unknown, field: string): Config;
  /** The profile-part map inside a validated store config, and its key there ('columns', 'fields'). */
  fieldsOf(config: Config): FieldMap;
  fieldsKey: string;
  /** The store's runtime module (relative to the repository root) and its factory export, for bundles. */
  store: { source: string; factory: string };
  capabilities: Capabilities;
  /** The test part: servers, probes, fixtures. Loaded only by tests, benchmarks and `customdb try`. */
  testing(): Promise<AdapterTesting<Config>>;
  /** Schema reading for `customdb init` and `customdb doctor`. Loaded only by the CLI. */
  introspection?(): Promise<AdapterIntrospection<Config>>;
}

/** The factory a store module exports: a config block and Auth0's `configuration` to a UserStore. */
export type StoreFactory<Config> = (config: Config, configuration: Configuration) => UserStore;

/** Keeps the descriptor's literal name type, so the config file's `stores` can be typed from the registry. */
export function defineAdapter<const Name extends string, Config extends StoreConfigBase, Input>(
  descriptor: AdapterDescriptor<Name, Config, Input>,
): AdapterDescriptor<Name, Config, Input> {
  return descriptor;
}
