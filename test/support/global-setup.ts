/**
 * Once per test run: build the suite's bundles (the suite runs what users paste, never stale files),
 * start or find a server for every selected adapter (in parallel: they share nothing), and create each
 * store. A server that is asked for and cannot start fails the run with its reason.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import type { RunningServer, TestServer } from '../../adapters/testing/types.ts';
import { buildAll } from '../../build/bundle.ts';
import type { KitConfig } from '../../build/config.ts';
import { selectedAdapters, storeOf, suiteConfig } from './backends.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    servers: TestServer[];
    suiteConfig: KitConfig;
    root: string;
    /** Where the suite's bundles are: `<distDir>/<adapter>/<script>.js`. */
    distDir: string;
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;

async function start(adapter: AdapterDescriptor, config: KitConfig): Promise<RunningServer> {
  const testing = await adapter.testing();
  const server = await testing.provision();
  try {
    await testing.prepare(server, storeOf(config, adapter));
    return server;
  } catch (error) {
    await server[Symbol.asyncDispose]();
    throw error;
  }
}

function serverData({
  adapter,
  url,
  label,
  storesDottedKeys,
  enforcesArrayUniqueIndexes,
  atomicConditionalUpdates,
}: TestServer): TestServer {
  return { adapter, url, label, storesDottedKeys, enforcesArrayUniqueIndexes, atomicConditionalUpdates };
}

export default async function setup(project: TestProject) {
  const adapters = selectedAdapters();
  const config = await suiteConfig(adapters);
  const distDir = join(ROOT, '.cache', 'test-dist');
  await buildAll({ root: ROOT, config, outDir: distDir });

  const outcomes = await Promise.allSettled(adapters.map((adapter) => start(adapter, config)));
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failed = outcomes.flatMap((outcome, i) =>
    outcome.status === 'rejected' ? [`${adapters[i]?.name}: ${String(outcome.reason)}`] : [],
  );
  if (failed.length > 0) {
    await Promise.allSettled(started.map((server) => server[Symbol.asyncDispose]()));
    throw new Error(`customdb tests: cannot start every backend asked for\n${failed.join('\n')}`);
  }
  for (const server of started)
    console.log(`customdb tests: ${server.adapter} suite runs against ${server.label}`);

  project.provide('servers', started.map(serverData));
  project.provide('suiteConfig', config);
  project.provide('root', ROOT);
  project.provide('distDir', distDir);
  return async () => {
    try {
      // Every test seeds and cleans its own rows: whatever is left is a test that forgot to.
      const left: string[] = [];
      for (const [i, server] of started.entries()) {
        const adapter = adapters[i] as AdapterDescriptor;
        const probe = (await adapter.testing()).openProbe(server, storeOf(config, adapter));
        const rows = await probe.total().finally(() => probe.close());
        if (rows > 0) left.push(`${rows} users in the ${adapter.name} store`);
      }
      if (left.length > 0) {
        // Vitest only logs an error thrown here; the exit code is what fails a CI run.
        console.error(`\ncustomdb tests FAILED: tests left data behind: ${left.join(', ')}\n`);
        process.exitCode = 1;
      }
    } finally {
      await Promise.allSettled(started.map((server) => server[Symbol.asyncDispose]()));
    }
  };
}
