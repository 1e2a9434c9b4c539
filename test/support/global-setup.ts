/**
 * Once per test run: build the bundles into dist/ (the suite runs what users paste, never stale
 * files), start or find each backend's server, and create the store schema from the config.
 */
import type { TestProject } from 'vitest/node';
import { buildAll, loadConfig } from '../../build/bundle.ts';
import type { AdapterName } from '../../build/config.ts';
import { type Backend, type Database, PROVISIONERS } from './databases.ts';
import { prepareStore } from './probes.ts';

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
    await Promise.allSettled(started.map((database) => database[Symbol.asyncDispose]()));
  };
}
