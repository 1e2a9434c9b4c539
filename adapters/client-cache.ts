/**
 * One database client per Auth0 container, cached on Auth0's `global` (it survives between calls
 * until the container is recycled). The key hashes the connection settings, so a changed
 * `configuration` gets a new client instead of silently reusing the old database.
 */
import { createHash } from 'node:crypto';
import { KitError } from '../core/errors.ts';
import type { ConfigurationKey } from './descriptor.ts';

export interface CachedClient {
  close(): Promise<void>;
}

interface Registry {
  clients: Map<string, CachedClient>;
  /** For hosts and tests that end a container: closes every client this kit opened. */
  closeAll(): Promise<void>;
}

/** Clients of one build share a registry; another build (other code) gets its own, never a foreign client. */
const REGISTRY_PREFIX = '__auth0CustomdbKit';
let generation = '';

/** Called once by a bundle's module: the hash of the code its cached clients come from. */
export function useClientGeneration(build: string): void {
  generation = build;
}

// Auth0 exposes the container-lived object as the free variable `global`; inside node:vm the
// context's own globalThis is fresh per call, so `globalThis` would not persist.
function registry(): Registry {
  const holder = global as unknown as Record<string, Registry | undefined>;
  const key = generation ? `${REGISTRY_PREFIX}:${generation}` : REGISTRY_PREFIX;
  let found = holder[key];
  if (!found) {
    const clients = new Map<string, CachedClient>();
    found = {
      clients,
      async closeAll() {
        const all = [...clients.values()];
        clients.clear();
        await Promise.allSettled(all.map((client) => client.close()));
      },
    };
    holder[key] = found;
  }
  return found;
}

/** For a process that is not an Auth0 container (the CLI): close every client before exiting. */
export async function closeAllClients(): Promise<void> {
  await registry().closeAll();
}

export function cachedClient<T extends CachedClient>(kind: string, settings: unknown, open: () => T): T {
  const key = `${kind}:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`;
  const clients = registry().clients;
  let client = clients.get(key) as T | undefined;
  if (!client) {
    client = open();
    clients.set(key, client);
  }
  return client;
}

export function requiredSetting(configuration: Readonly<Record<string, string>>, key: string): string {
  const value = configuration[key];
  if (typeof value !== 'string' || value === '') {
    throw new KitError(
      'config_invalid',
      `configuration.${key} is missing: add it to the connection's settings`,
    );
  }
  return value;
}

/** Reads an optional positive integer setting from `configuration`, naming the key when it is malformed. */
export function integerSetting(
  configuration: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
  max: number,
): number {
  const raw = configuration[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new KitError('config_invalid', `configuration.${key} must be an integer from 1 to ${max}`);
  }
  return value;
}

/** The settings every adapter reads besides its server's address, checked and bounded. */
export function connectionSettings(configuration: Readonly<Record<string, string>>) {
  return {
    poolSize: integerSetting(configuration, 'DB_POOL_SIZE', DEFAULT_POOL_SIZE, 50),
    connectTimeout: integerSetting(configuration, 'DB_CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS, 15000),
    queryTimeout: integerSetting(configuration, 'DB_QUERY_TIMEOUT_MS', DEFAULT_QUERY_TIMEOUT_MS, 15000),
  };
}

/** Connection timeouts stay well under Auth0's ~20 s per call, so a dead database yields an error. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_QUERY_TIMEOUT_MS = 8000;
/** Auth0 allows ~250 in-flight extensibility requests per tenant: keep a handful of connections. */
export const DEFAULT_POOL_SIZE = 3;

/** The settings every adapter's scripts read besides the server's address. */
export const SHARED_SETTINGS_KEYS: Readonly<Record<string, ConfigurationKey>> = {
  CALL_DEADLINE_MS: {
    secret: false,
    canary: '',
    description:
      'every call answers within this many ms; default 15000, at most 19000 (Auth0 stops at ~20 s)',
  },
  DB_CONNECT_TIMEOUT_MS: {
    secret: false,
    canary: '',
    description: 'connecting, and waiting for a free pooled connection; default 5000, at most 15000',
  },
  DB_QUERY_TIMEOUT_MS: { secret: false, canary: '', description: 'default 8000, at most 15000' },
  DB_POOL_SIZE: { secret: false, canary: '', description: 'connections per Auth0 container, default 3' },
};
