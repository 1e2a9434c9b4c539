/**
 * What every deploy format ships, decided once: the adapter's seven built scripts (read from dist/, the
 * files `customdb build` checked), the connection options the config implies, and the names of the
 * `configuration` keys the scripts read. Names only: no format ever sees a configuration value.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { type ConfiguredStore, configuredStores, type KitConfig } from '../../build/config.ts';
import { SCRIPT_NAMES, type ScriptName } from '../../build/scripts.ts';

/** A refusal the user can act on: printed as one line, exit status 1. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}

export interface ConnectionOptions {
  enabledDatabaseCustomization: true;
  import_mode: boolean;
  requires_username?: true;
}

export interface DeployPlan {
  adapter: AdapterDescriptor;
  scripts: Record<ScriptName, string>;
  options: ConnectionOptions;
  /** Every `configuration` key the adapter's scripts read, in the descriptor's order. */
  configurationKeys: string[];
}

/** The configured store `--adapter` names; without the flag, the only one. */
export function chooseStore(config: KitConfig, adapterName: string | undefined): ConfiguredStore {
  const stores = configuredStores(config);
  const names = stores.map((configured) => configured.adapter.name);
  if (adapterName === undefined) {
    const [only] = stores;
    if (only && stores.length === 1) return only;
    throw new DeployError(`--adapter is required: the config has stores ${names.join(', ')}`);
  }
  const chosen = stores.find((configured) => configured.adapter.name === adapterName);
  if (!chosen)
    throw new DeployError(`--adapter ${adapterName}: the config has only stores ${names.join(', ')}`);
  return chosen;
}

export async function planDeploy(
  config: KitConfig,
  configured: ConfiguredStore,
  distDir: string,
): Promise<DeployPlan> {
  const { adapter, store } = configured;
  const scripts = {} as Record<ScriptName, string>;
  for (const script of SCRIPT_NAMES) {
    const file = resolve(distDir, adapter.name, `${script}.js`);
    if (!existsSync(file)) throw new DeployError(`${file} not found: run customdb build first`);
    scripts[script] = await readFile(file, 'utf8');
  }
  const options: ConnectionOptions = {
    enabledDatabaseCustomization: true,
    import_mode: config.importMode ?? false,
    ...(adapter.fieldsOf(store).username ? { requires_username: true as const } : {}),
  };
  return { adapter, scripts, options, configurationKeys: Object.keys(adapter.configuration) };
}

/** Auth0's rule for connection names (letters, digits, inner dashes); it also keeps paths inside --out. */
export function connectionName(value: string | undefined): string {
  if (value === undefined) throw new DeployError('--connection-name is required for this format');
  if (!/^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/.test(value) || value.length > 128) {
    throw new DeployError(
      `--connection-name ${JSON.stringify(value)}: use letters, digits and inner dashes (at most 128)`,
    );
  }
  return value;
}

/** Writes `<dir>/<script>.js` for all seven scripts, byte for byte as built; returns the paths. */
export async function writeScripts(dir: string, plan: DeployPlan): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const script of SCRIPT_NAMES) {
    const file = join(dir, `${script}.js`);
    await writeFile(file, plan.scripts[script]);
    files.push(file);
  }
  return files;
}

/** `customScripts` as the Deploy CLI reads it: every key to its file, relative to `prefix`. */
export function scriptPaths(prefix: string): Record<ScriptName, string> {
  return Object.fromEntries(SCRIPT_NAMES.map((script) => [script, `${prefix}${script}.js`])) as Record<
    ScriptName,
    string
  >;
}

/** `configuration` as Deploy CLI keyword replacement fills it: `"##KEY##"` for every key, never a value. */
export function placeholders(plan: DeployPlan): Record<string, string> {
  return Object.fromEntries(plan.configurationKeys.map((key) => [key, `##${key}##`]));
}
