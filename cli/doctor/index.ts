/**
 * `customdb doctor [--adapter A] --configuration FILE`: connects to the configured store as the scripts
 * would and reports what will hurt in Auth0. Exit status 1 when something blocks a migration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeAllClients } from '../../adapters/client-cache.ts';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { buildAll, loadConfig } from '../../build/bundle.ts';
import { BundleCheckError, MAX_SCRIPT_BYTES } from '../../build/checks.ts';
import { configuredStores, type KitConfig } from '../../build/config.ts';
import type { Configuration } from '../../core/store.ts';
import { openConfiguredStore, progressLine, readConfiguration } from '../export.ts';
import { census } from './census.ts';
import { type DoctorReport, exitCode, type Finding, renderReport } from './report.ts';
import { plainField, schemaFindings } from './schema.ts';

export interface DoctorOptions {
  root: string;
  config: KitConfig;
  adapter: AdapterDescriptor;
  configuration: Configuration;
  /** Draws progress on stderr while the users are read. */
  tty?: boolean;
}

/** Every script of this store built into a scratch folder: sizes, or the build check that failed. */
async function bundleSizes(
  options: DoctorOptions,
  store: unknown,
): Promise<[Record<string, number>, Finding[]]> {
  const outDir = await mkdtemp(join(tmpdir(), 'customdb-doctor-'));
  try {
    const config = { ...options.config, stores: { [options.adapter.name]: store } };
    const built = await buildAll({ root: options.root, config, outDir });
    return [Object.fromEntries(built.map((script) => [`${script.script}.js`, script.bytes])), []];
  } catch (error) {
    if (!(error instanceof BundleCheckError)) throw error;
    return [{}, [{ severity: 'block', message: `bundles: ${error.message}` }]];
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { adapter, config, configuration } = options;
  const configured = configuredStores(config).find((entry) => entry.adapter.name === adapter.name);
  if (!configured) throw new Error(`customdb config has no stores.${adapter.name}`);
  const where = `stores.${adapter.name}`;
  const fields = adapter.fieldsOf(configured.store);
  const introspection = await adapter.introspection?.();
  const facts = await introspection?.readConfigured(configured.store, configuration);
  const findings: Finding[] = [];
  if (introspection && !facts)
    findings.push({ severity: 'block', message: `${where}: its table or collection does not exist` });
  if (introspection && facts)
    findings.push(...schemaFindings(where, facts, fields, introspection.guardsUniqueness(configured.store)));
  const emailName = plainField(fields, 'email');
  const emailCollation = facts?.fields.find((f) => f.name === emailName)?.collation ?? null;
  const store = await openConfiguredStore(config, adapter, configuration);
  const started = performance.now();
  try {
    const total = options.tty ? await store.countUsers() : null;
    const draw = (done: number) => {
      if (options.tty)
        process.stderr.write(`\r${progressLine(done, total, performance.now() - started)}\x1b[K`);
    };
    const counted = await census(where, store.streamAll(), configured.passwords, emailCollation, draw);
    if (options.tty) process.stderr.write('\n');
    const [bundles, bundleFindings] = await bundleSizes(options, configured.store);
    return {
      title: `${adapter.title} (${where})`,
      findings: [...findings, ...counted.findings, ...bundleFindings],
      hashes: counted.hashes,
      unaccepted: counted.unaccepted,
      users: counted.users,
      bundles,
    };
  } finally {
    await closeAllClients();
  }
}

export async function runDoctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { adapter: { type: 'string' }, configuration: { type: 'string' }, config: { type: 'string' } },
  });
  const root = process.cwd();
  const config = await loadConfig(root, values.config);
  const stores = configuredStores(config);
  const chosen = stores.filter(
    (entry) => values.adapter === undefined || entry.adapter.name === values.adapter,
  );
  const [entry] = chosen;
  if (!entry || chosen.length > 1) {
    const names = stores.map((s) => s.adapter.name).join('|');
    process.stderr.write(
      `usage: customdb doctor --adapter ${names} [--configuration FILE] [--config FILE]\n`,
    );
    return 2;
  }
  const configuration = readConfiguration(entry.adapter, values.configuration, root);
  const report = await runDoctor({
    root,
    config,
    adapter: entry.adapter,
    configuration,
    tty: process.stderr.isTTY === true,
  });
  process.stdout.write(renderReport(report, MAX_SCRIPT_BYTES));
  return exitCode(report);
}
