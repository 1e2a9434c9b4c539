/**
 * The MongoDB client of one Auth0 container, over the official driver (only API common to driver majors
 * 4 to 7: which version Auth0 serves is unconfirmed), cached on Auth0's `global`.
 */
import { type Collection, type Document, MongoClient, ObjectId } from 'mongodb';
import { KitError } from '../../core/errors.ts';
import { cachedClient, connectionSettings, requiredSetting } from '../client-cache.ts';
import type { MongoStoreConfig } from './config.ts';
import { fault, messageOf } from './indexes.ts';

/** Every value that reaches a filter is checked again here, so `{ "$ne": null }` never becomes an operator. */
export function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new KitError('invalid_input', `${name} must be a string`);
  return value;
}

/** Every stored form the id login returned could come from: the string, an ObjectId, a number. */
export function mongoIdCandidates(id: string): (string | number | ObjectId)[] {
  const candidates: (string | number | ObjectId)[] = [text(id, 'id')];
  // Only the exact forms the kit emits (lowercase hex, canonical digits) so that a look-alike id misses.
  if (/^[0-9a-f]{24}$/.test(id)) candidates.push(new ObjectId(id));
  if (/^(0|-?[1-9][0-9]*)$/.test(id) && Number.isSafeInteger(Number(id))) candidates.push(Number(id));
  return candidates;
}

export interface MongoHandle {
  queryTimeout: number;
  collection(name: string): Promise<Collection<Document>>;
  /** Runs `task` once per client and key; a failure is forgotten so that the next call retries. */
  once<T>(key: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * 'call' clients serve Auth0 script calls and time out within the call's budget. The 'stream' client
 * serves only the offline export: a sorted cursor's first batch may take the server longer than any
 * call (FerretDB sorts the whole collection first), so it has no socket timeout.
 */
export type ClientPurpose = 'call' | 'stream';

export function openClient(
  config: MongoStoreConfig,
  configuration: Readonly<Record<string, string>>,
  purpose: ClientPurpose = 'call',
): MongoHandle {
  const settings = {
    purpose,
    url: requiredSetting(configuration, 'MONGODB_URL'),
    database: configuration.MONGODB_DATABASE || config.database,
    ...connectionSettings(configuration),
  };
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(settings.database)) {
    throw new KitError(
      'config_invalid',
      'configuration.MONGODB_DATABASE must be a database name of [A-Za-z0-9_-]',
    );
  }
  return cachedClient('mongodb', settings, () => {
    let client: MongoClient | null = null;
    let connecting: Promise<MongoClient> | null = null;
    const tasks = new Map<string, Promise<unknown>>();
    const start = async () => {
      let created: MongoClient;
      try {
        created = new MongoClient(settings.url, {
          appName: 'auth0-customdb-kit',
          serverSelectionTimeoutMS: settings.connectTimeout,
          connectTimeoutMS: settings.connectTimeout,
          socketTimeoutMS: purpose === 'call' ? settings.queryTimeout : 0,
          maxPoolSize: settings.poolSize,
          // No call is refused for a queue count; waiting for a pooled connection is bounded by time.
          waitQueueTimeoutMS: settings.connectTimeout,
          // Auth0 may freeze a container between calls: do not keep idle sockets around for long.
          maxIdleTimeMS: 30_000,
        });
      } catch (error) {
        throw new KitError('config_invalid', `configuration.MONGODB_URL is not usable: ${messageOf(error)}`, {
          cause: error,
        });
      }
      client = created;
      try {
        // Drivers before 4.7 do not connect on first use: connect once per client, on every major.
        await created.connect();
        return created;
      } catch (error) {
        client = null;
        await created.close().catch(() => undefined);
        throw error;
      }
    };
    return {
      queryTimeout: settings.queryTimeout,
      async collection(name) {
        connecting ??= start().catch((error: unknown) => {
          connecting = null;
          throw fault(error);
        });
        return (await connecting).db(settings.database).collection(name);
      },
      once<T>(key: string, task: () => Promise<T>) {
        let pending = tasks.get(key) as Promise<T> | undefined;
        if (!pending) {
          pending = task().catch((error: unknown) => {
            tasks.delete(key);
            throw error;
          });
          tasks.set(key, pending);
        }
        return pending;
      },
      async close() {
        const open = client;
        client = null;
        connecting = null;
        tasks.clear();
        await open?.close();
      },
    };
  });
}
