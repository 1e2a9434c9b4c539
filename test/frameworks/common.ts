/** What every framework store shares: refusing users the model cannot hold, and stores run by a helper. */
import type { TestServer } from '../../adapters/testing/types.ts';
import { connectionEnv, databaseOps, withDatabase } from './databases.ts';
import { callHelper, type Helper, requirePackages } from './process.ts';
import type {
  FrameworkInstance,
  FrameworkName,
  FrameworkStore,
  FrameworkTraits,
  FrameworkUser,
  PasswordVerdict,
  StoreOptions,
} from './types.ts';

/** Throws, naming the parts, when a user holds what the framework's model does not. */
export function refuseUnheld(framework: FrameworkName, traits: FrameworkTraits, user: FrameworkUser): void {
  if (traits.username === 'required' && !user.username) throw new Error(`${framework} users need a username`);
  const unheld = [
    traits.username === 'none' && user.username !== undefined && 'username',
    !traits.names && (user.givenName !== undefined || user.familyName !== undefined) && 'names',
    !traits.active && user.active !== undefined && 'active flag',
    !traits.verified && user.verified !== undefined && 'verified flag',
    !traits.roles && user.roles !== undefined && 'roles',
  ].filter((part): part is string => typeof part === 'string');
  if (unheld.length > 0) throw new Error(`${framework} users hold no ${unheld.join(', ')}`);
}

/** The database a store gets unless told: its own, so that its tables never meet the suite's. */
export function storeDatabase(framework: FrameworkName, options: StoreOptions): string {
  return options.database ?? `customdb_${framework}`;
}

export function requireAdapter(store: Pick<FrameworkStore, 'framework' | 'adapters'>, server: TestServer) {
  if (!store.adapters.includes(server.adapter)) {
    throw new Error(`${store.framework} runs on ${store.adapters.join(', ')}, not ${server.adapter}`);
  }
}

export interface HelperStoreSpec extends Pick<FrameworkStore, 'framework' | 'adapters' | 'traits'> {
  interpreter: Helper['interpreter'];
  script: string;
  /** Debian packages the helper needs on every server, and per adapter (database drivers). */
  packages: readonly string[];
  adapterPackages: Record<string, readonly string[]>;
  /** Helper variables naming the framework's driver for an adapter, its prefix and the like. */
  env(adapter: string, options: StoreOptions): Record<string, string>;
  table(options: StoreOptions): string;
  /** The helper's seed input: the user as the framework's form would send it. */
  seedInput?(user: FrameworkUser): Record<string, unknown>;
}

/** A framework whose own code runs in a PHP or Python helper, on an SQL server. */
export function helperStore(spec: HelperStoreSpec): FrameworkStore {
  const store: FrameworkStore = {
    framework: spec.framework,
    adapters: spec.adapters,
    traits: spec.traits,
    async version() {
      await requirePackages(spec.packages);
      return callHelper<string>({ interpreter: spec.interpreter, script: spec.script, env: {} }, 'version');
    },
    on(server, options = {}): FrameworkInstance {
      requireAdapter(store, server);
      const database = storeDatabase(spec.framework, options);
      const own = withDatabase(server, database);
      const ops = databaseOps(server);
      const table = spec.table(options);
      const helper: Helper = {
        interpreter: spec.interpreter,
        script: spec.script,
        env: { ...connectionEnv(own, ops.defaultPort), ...spec.env(server.adapter, options) },
      };
      return {
        server: own,
        database,
        table,
        async create() {
          await requirePackages([...spec.packages, ...(spec.adapterPackages[server.adapter] ?? [])]);
          await ops.recreate(own);
          return callHelper<string[]>(helper, 'create');
        },
        async seedUser(user) {
          refuseUnheld(spec.framework, spec.traits, user);
          return callHelper<string>(helper, 'seed', spec.seedInput?.(user) ?? user);
        },
        checkPassword: (login, password) => callHelper<PasswordVerdict>(helper, 'check', { login, password }),
        readUser: (login) => callHelper<Record<string, unknown> | null>(helper, 'read', { login }),
        uniqueKeys: () => ops.uniqueKeys(own, table),
        drop: () => ops.drop(own),
      };
    },
  };
  return store;
}
