/**
 * The project's copies of Auth0's stock templates (bench/stock/<adapter>/<script>.js, see its README):
 * the other arm of the compare section, selected by the adapter's descriptor name.
 */
import { readFileSync } from 'node:fs';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import type { ScriptName } from '../build/scripts.ts';
import { Auth0Container } from '../runtime/container.ts';

/** What the templates require besides the adapter's driver. */
export const STOCK_MODULES = ['bcrypt'] as const;

/** The paste-ready text of `adapter`'s stock `script`. */
export function stockScript(adapter: AdapterDescriptor, script: ScriptName): string {
  return readFileSync(new URL(`./stock/${adapter.name}/${script}.js`, import.meta.url), 'utf8');
}

/** A container whose require() serves what a stock template needs: the driver and native bcrypt. */
export function stockContainer(
  adapter: AdapterDescriptor,
  configuration: Readonly<Record<string, string>>,
): Auth0Container {
  return new Auth0Container({ configuration, allowedModules: [adapter.driverPackage, ...STOCK_MODULES] });
}
