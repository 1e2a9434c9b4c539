/**
 * The one list of adapters. Adding a database is a folder `adapters/<name>/` with a descriptor and one
 * line here; the build, the bundle checks, the runtime emulator, the CLI and the tests read it from here.
 */
import { pathToFileURL } from 'node:url';
import type { StoreConfigBase } from '../core/config.ts';
import type { Configuration, UserStore } from '../core/store.ts';
import type { AdapterDescriptor, StoreFactory } from './descriptor.ts';
import { mongodb } from './mongodb/index.ts';
import { mysql } from './mysql/index.ts';
import { postgres } from './postgres/index.ts';

export const ADAPTERS = [mysql, postgres, mongodb] as const;

export type Adapter = (typeof ADAPTERS)[number];
export type AdapterName = Adapter['name'];
/** The `stores` block of a validated config: any of the registered adapters, each optional. */
export type StoresConfig = {
  [A in Adapter as A['name']]?: A extends AdapterDescriptor<string, infer Config, unknown> ? Config : never;
};
/** The `stores` block as a user writes it in customdb.config.ts. */
export type StoresInput = {
  [A in Adapter as A['name']]?: A extends AdapterDescriptor<string, StoreConfigBase, infer Input>
    ? Input
    : never;
};

export const ADAPTER_NAMES: readonly AdapterName[] = ADAPTERS.map((adapter) => adapter.name);

/** The descriptor named `name` (a CLI flag, an environment list), or null. */
export function findAdapter(name: string): AdapterDescriptor | null {
  return (ADAPTERS as readonly AdapterDescriptor[]).find((adapter) => adapter.name === name) ?? null;
}

const REPO_ROOT = new URL('..', import.meta.url);

/** Opens an adapter's store outside Auth0 (the CLI), through the same module the bundles inline. */
export async function openStore(
  adapter: AdapterDescriptor,
  config: unknown,
  configuration: Configuration,
): Promise<UserStore> {
  const module = (await import(
    pathToFileURL(new URL(adapter.store.source, REPO_ROOT).pathname).href
  )) as Record<string, StoreFactory<unknown>>;
  const factory = module[adapter.store.factory];
  if (typeof factory !== 'function') {
    throw new Error(`adapters/${adapter.name}: ${adapter.store.source} exports no ${adapter.store.factory}`);
  }
  return factory(config, configuration);
}
