/**
 * Once per test run: build the bundles into dist/ (the suite runs what users paste, never stale
 * files), start or find each backend's server, and create the store schema from the config.
 */
import type { TestProject } from 'vitest/node';
import { buildAll, loadConfig } from '../../build/bundle.ts';
import type { AdapterName } from '../../build/config.ts';
import { type Backend, type Database, PROVISIONERS } from './databases.ts';
import { openProbe, prepareStore } from './probes.ts';

export interface ProvidedDatabase {
  backend: Backend;
  url: string;
  label: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databases: ProvidedDatabase[];
    root: string;
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;

export default async function setup(project: TestProject) {
  const config = await loadConfig(ROOT);
  const built = await buildAll({ root: ROOT });
  const backends = [...new Set(built.map((script) => script.adapter as AdapterName))];
  const started: Database[] = [];
  try {
    for (const backend of backends) {
      const database = await PROVISIONERS[backend]();
      started.push(database);
      await prepareStore(backend, database.url, config);
      console.log(`customdb tests: ${backend} suite runs against ${database.label}`);
    }
  } catch (error) {
    await Promise.allSettled(started.map((database) => database[Symbol.asyncDispose]()));
    throw error;
  }
  project.provide(
    'databases',
    started.map(({ backend, url, label }) => ({ backend, url, label })),
  );
  project.provide('root', ROOT);
  return async () => {
    try {
      // Every test seeds and cleans its own rows: whatever is left is a test that forgot to.
      const left: string[] = [];
      for (const database of started) {
        const probe = openProbe(database.backend, database.url, config);
        const rows = await probe.total().finally(() => probe.close());
        if (rows > 0) left.push(`${rows} users in the ${database.backend} store`);
      }
      if (left.length > 0) {
        // Vitest only logs an error thrown here; the exit code is what fails a CI run.
        console.error(`\ncustomdb tests FAILED: tests left data behind: ${left.join(', ')}\n`);
        process.exitCode = 1;
      }
    } finally {
      await Promise.allSettled(started.map((database) => database[Symbol.asyncDispose]()));
    }
  };
}
