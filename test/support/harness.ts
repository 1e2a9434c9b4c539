/**
 * The conformance harness: one simulated Auth0 container per backend suite, the suite's built bundles,
 * raw probes from the adapter's testing part, and unique emails that are cleaned after every test.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { findAdapter } from '../../adapters/registry.ts';
import type { AdapterTesting, Probe, SeedUser, TestServer } from '../../adapters/testing/types.ts';
import type { KitConfig } from '../../build/config.ts';
import type { ScriptName } from '../../build/scripts.ts';
import type { StoreConfigBase } from '../../core/config.ts';
import { Auth0Container, type ContainerOptions, type Invocation } from '../../runtime/container.ts';
import { storeOf } from './backends.ts';

export const PASSWORD = 'correct horse battery staple';

export class Harness {
  readonly emails = new Set<string>();
  container: Auth0Container;

  private constructor(
    readonly server: TestServer,
    readonly adapter: AdapterDescriptor,
    readonly testing: AdapterTesting,
    readonly config: KitConfig,
    readonly probe: Probe,
  ) {
    this.container = this.newContainer();
  }

  static async open(server: TestServer): Promise<Harness> {
    const adapter = findAdapter(server.adapter);
    if (!adapter) throw new Error(`no adapter named ${server.adapter}`);
    const testing = await adapter.testing();
    const config = inject('suiteConfig');
    return new Harness(server, adapter, testing, config, testing.openProbe(server, storeOf(config, adapter)));
  }

  /** The adapter's store block in the suite config. */
  get store(): StoreConfigBase {
    return storeOf(this.config, this.adapter);
  }

  /** Auth0's `configuration` that reaches this suite's server. */
  get configuration(): Record<string, string> {
    return this.testing.configuration(this.server);
  }

  newContainer(options: Partial<ContainerOptions> = {}): Auth0Container {
    return new Auth0Container({ configuration: this.configuration, ...options });
  }

  /** The paste-ready text of a built script, from the suite's build or another `dir`. */
  script(name: ScriptName, dir = inject('distDir')): string {
    return readFileSync(join(dir, this.adapter.name, `${name}.js`), 'utf8');
  }

  call(name: ScriptName, ...args: unknown[]): Promise<Invocation> {
    return this.callIn(this.container, name, ...args);
  }

  callIn(container: Auth0Container, name: ScriptName, ...args: unknown[]): Promise<Invocation> {
    return container.invoke(this.script(name), args, `${this.adapter.name}/${name}`);
  }

  /** A unique address for this test, removed from the store after it. */
  email(tag: string): string {
    return this.track(`${tag}-${randomUUID().slice(0, 8)}@example.test`);
  }

  track(email: string): string {
    // As typed and as create stores it: exact-comparing stores hold one or the other.
    this.emails.add(email);
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

  /** The suite config with only this adapter's store, moved to its own table or collection. */
  ownStore(name: string, base: KitConfig = this.config): KitConfig {
    return {
      ...base,
      stores: { [this.adapter.name]: this.testing.withName(storeOf(base, this.adapter), name) },
    };
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
  for (const server of inject('servers')) {
    describe(`${title} [${server.adapter}: ${server.label}]`, () => {
      let harness: Harness | undefined;
      beforeAll(async () => {
        harness = await Harness.open(server);
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
