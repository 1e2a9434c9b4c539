/**
 * The conformance harness: one simulated Auth0 container per backend suite, the built bundles
 * from dist/, raw probes, and unique emails that are cleaned after every test.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest';
import { loadConfig } from '../../build/bundle.ts';
import type { KitConfig } from '../../build/config.ts';
import type { ScriptName } from '../../build/scripts.ts';
import { Auth0Container, type ContainerOptions, type Invocation } from '../../runtime/container.ts';
import { type Backend, TEST_DATABASE } from './databases.ts';
import type { ProvidedDatabase } from './global-setup.ts';
import { openProbe, type Probe, type SeedUser } from './probes.ts';

export const PASSWORD = 'correct horse battery staple';

export function configurationFor(database: ProvidedDatabase): Record<string, string> {
  return database.backend === 'mysql'
    ? { MYSQL_URL: database.url }
    : { MONGODB_URL: database.url, MONGODB_DATABASE: TEST_DATABASE };
}

export class Harness {
  readonly emails = new Set<string>();
  container: Auth0Container;

  private constructor(
    readonly database: ProvidedDatabase,
    readonly config: KitConfig,
    readonly probe: Probe,
    readonly root: string,
  ) {
    this.container = this.newContainer();
  }

  static async open(database: ProvidedDatabase): Promise<Harness> {
    const root = inject('root');
    const config = await loadConfig(root);
    return new Harness(database, config, openProbe(database.backend, database.url, config), root);
  }

  get backend(): Backend {
    return this.database.backend;
  }

  newContainer(options: Partial<ContainerOptions> = {}): Auth0Container {
    return new Auth0Container({ configuration: configurationFor(this.database), ...options });
  }

  /** The paste-ready text of a built script. */
  script(name: ScriptName): string {
    return readFileSync(join(this.root, 'dist', this.backend, `${name}.js`), 'utf8');
  }

  call(name: ScriptName, ...args: unknown[]): Promise<Invocation> {
    return this.callIn(this.container, name, ...args);
  }

  callIn(container: Auth0Container, name: ScriptName, ...args: unknown[]): Promise<Invocation> {
    return container.invoke(this.script(name), args, `${this.backend}/${name}`);
  }

  /** A unique address for this test, removed from the store after it. */
  email(tag: string): string {
    return this.track(`${tag}-${randomUUID().slice(0, 8)}@example.test`);
  }

  track(email: string): string {
    this.emails.add(email.toLowerCase());
    return email;
  }

  /** Inserts a user directly (bcrypt of PASSWORD unless a hash is given) and returns its store id. */
  seed(user: Partial<SeedUser> & { email: string }): Promise<string> {
    this.track(user.email);
    return this.probe.seed({ passwordHash: bcrypt.hashSync(PASSWORD, 4), ...user });
  }

  userId(storeId: string): string {
    return `${this.config.userIdPrefix}${storeId}`;
  }

  async cleanup(): Promise<void> {
    await this.probe.removeEmails([...this.emails]);
    this.emails.clear();
  }

  async close(): Promise<void> {
    await this.container[Symbol.asyncDispose]();
    await this.probe.close();
  }
}

/** The same suite over every provisioned backend: a matrix, not a copy. */
export function describeEachBackend(title: string, body: (harness: () => Harness) => void): void {
  for (const database of inject('databases')) {
    describe(`${title} [${database.backend}: ${database.label}]`, () => {
      let harness: Harness | undefined;
      beforeAll(async () => {
        harness = await Harness.open(database);
      });
      afterEach(async () => {
        if (!harness) return;
        await harness.cleanup();
        expect(harness.container.violations, 'callback contract breaches').toEqual([]);
      });
      afterAll(async () => {
        await harness?.close();
      });
      body(() => {
        if (!harness) throw new Error('harness not open');
        return harness;
      });
    });
  }
}

/** Auth0 serializes what the scripts return; compare results as that JSON. */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
