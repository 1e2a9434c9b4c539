/**
 * MongoDB store over the official driver, using only API common to driver majors 4 to 7 (which
 * version Auth0 serves is unconfirmed). Filters and updates are built here from configured paths
 * and values checked to be strings: a caller object never becomes part of a query.
 */
import { type Collection, type Document, type Filter, MongoClient, ObjectId } from 'mongodb';
import { KitError } from '../../core/errors.ts';
import { type IdentifierKind, isSameIdentity } from '../../core/identity.ts';
import type { StoredUser, UserStore } from '../../core/store.ts';
import { cachedClient, connectionSettings, requiredSetting } from '../client-cache.ts';
import type { MongoStoreConfig } from './config.ts';
import { ensureIndexes, fault, isDuplicateKey, messageOf } from './indexes.ts';
import {
  getPath,
  idToString,
  mongoDocumentToUser,
  mongoProjection,
  newUserDocument,
  setPath,
} from './mapping.ts';

/** Documents a lookup reads before the kit keeps the exact match (MongoDB compares exactly already). */
const CANDIDATE_LIMIT = 10;

export { prepareMongoCollection } from './indexes.ts';
export { type MongoUserDocument, mongoDocumentToUser } from './mapping.ts';

/** Every value that reaches a filter is checked again here, so `{ "$ne": null }` never becomes an operator. */
function text(value: unknown, name: string): string {
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

interface MongoHandle {
  queryTimeout: number;
  collection(name: string): Promise<Collection<Document>>;
  /** Runs `task` once per client and key; a failure is forgotten so that the next call retries. */
  once(key: string, task: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * 'call' clients serve Auth0 script calls and time out within the call's budget. The 'stream' client
 * serves only the offline export: a sorted cursor's first batch may take the server longer than any
 * call (FerretDB sorts the whole collection first), so it has no socket timeout.
 */
type ClientPurpose = 'call' | 'stream';

function openClient(
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
    const tasks = new Map<string, Promise<void>>();
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
      once(key, task) {
        let pending = tasks.get(key);
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

export function createMongoStore(
  config: MongoStoreConfig,
  configuration: Readonly<Record<string, string>>,
): UserStore {
  const f = config.fields;
  const handle = openClient(config, configuration);
  const projection = mongoProjection(f);
  const collectionFor = (purpose: ClientPurpose) =>
    (purpose === 'call' ? handle : openClient(config, configuration, purpose)).collection(config.collection);
  // A server-side limit on top of socketTimeoutMS, so the server stops work nobody waits for.
  const timed = { maxTimeMS: handle.queryTimeout };

  /** Runs driver work, turning faults into KitErrors that keep the cause. */
  const run = async <T>(
    work: (users: Collection<Document>) => Promise<T>,
    duplicate?: KitError,
    purpose: ClientPurpose = 'call',
  ): Promise<T> => {
    try {
      return await work(await collectionFor(purpose));
    } catch (error) {
      if (duplicate && isDuplicateKey(error)) throw duplicate;
      throw fault(error);
    }
  };
  // Only the writes that rely on uniqueness wait for the index check: login and get_user keep working
  // for a read-only database user.
  const uniqueIndexes = () =>
    handle.once(`indexes:${config.collection}:${config.emailIndex}:${f.email}:${f.username ?? ''}`, () =>
      run((users) => ensureIndexes(users, config, config.emailIndex === 'create')),
    );
  const byId = (id: unknown): Filter<Document> => ({ [f.id]: { $in: mongoIdCandidates(text(id, 'id')) } });
  // Writes after a lookup address the document by its exact stored id (with its BSON type), guarded by
  // the email that found it: a concurrent change_email makes the write miss rather than hit another user.
  const byUser = (user: StoredUser): Filter<Document> => ({
    [f.id]: user.ref,
    [f.email]: text(user.email, 'email'),
  });
  const matched = (result: { matchedCount: number }) => result.matchedCount > 0;
  /** The one document whose stored value is exactly `value` after normalization. */
  const exact = async (path: string, value: string, kind: IdentifierKind): Promise<StoredUser | null> => {
    const found = await run((users) =>
      users.find({ [path]: text(value, kind) }, { projection, limit: CANDIDATE_LIMIT, ...timed }).toArray(),
    );
    const matches = found.filter((document) => isSameIdentity(getPath(document, path), value, kind));
    if (matches.length > 1) {
      const ids = matches.map((document) => idToString(getPath(document, f.id))).join(', ');
      throw new KitError(
        'ambiguous_user',
        `users ${ids} share this ${kind}: resolve the duplicate in the store`,
      );
    }
    return matches[0] ? mongoDocumentToUser(matches[0], f) : null;
  };
  const findByEmail = (email: string) => exact(f.email, email, 'email');

  return {
    async findByLogin(identifier) {
      const value = text(identifier, 'identifier');
      if (f.username !== undefined && !value.includes('@')) return exact(f.username, value, 'username');
      return findByEmail(value);
    },
    findByEmail,
    async insert(user) {
      const document = newUserDocument(user, f);
      if (f.id !== '_id') {
        // A custom id field still needs a value for new users: the document's own ObjectId, as hex.
        const id = new ObjectId();
        document._id = id;
        setPath(document, f.id, id.toHexString());
      }
      await uniqueIndexes();
      await run(
        (users) => users.insertOne(document, timed),
        new KitError('user_exists', 'the user already exists'),
      );
    },
    async markEmailVerified(user) {
      return matched(
        await run((users) => users.updateOne(byUser(user), { $set: { [f.emailVerified]: true } }, timed)),
      );
    },
    async updatePasswordHash(user, passwordHash) {
      const update: Document = { $set: { [f.passwordHash]: text(passwordHash, 'passwordHash') } };
      // A bcrypt hash carries its own salt: a legacy salt left behind would be misleading.
      if (f.passwordSalt) update.$unset = { [f.passwordSalt]: '' };
      return matched(await run((users) => users.updateOne(byUser(user), update, timed)));
    },
    async updateEmail(user, newEmail, verified) {
      if (typeof verified !== 'boolean') throw new KitError('invalid_input', 'verified must be a boolean');
      const update = { $set: { [f.email]: text(newEmail, 'newEmail'), [f.emailVerified]: verified } };
      await uniqueIndexes();
      const taken = new KitError('email_taken', 'the new email belongs to another user');
      return matched(await run((users) => users.updateOne(byUser(user), update, timed), taken));
    },
    async deleteById(id) {
      // One user_id may name several stored forms ('42', 42, an ObjectId's hex): delete only when exactly
      // one document answers, by its exact id, never whichever the server meets first.
      const found = await run((users) =>
        users.find(byId(id), { projection: { [f.id]: 1 }, limit: 2, ...timed }).toArray(),
      );
      if (found.length > 1) throw new KitError('ambiguous_user', `several stored ids have the form ${id}`);
      const only = found[0];
      if (!only) return false;
      return (await run((users) => users.deleteOne({ [f.id]: getPath(only, f.id) }, timed))).deletedCount > 0;
    },
    async recordMigration(user, mark) {
      const set: Document = {};
      if (mark.passwordHash !== undefined) set[f.passwordHash] = text(mark.passwordHash, 'passwordHash');
      if (mark.migratedAt !== undefined && f.migratedAt) set[f.migratedAt] = mark.migratedAt;
      if (Object.keys(set).length === 0 || user.passwordHash === null) return false;
      const update: Document = { $set: set };
      if (mark.passwordHash !== undefined && f.passwordSalt) update.$unset = { [f.passwordSalt]: '' };
      // Compare-and-set: only while the stored hash is still the one that was verified.
      const filter = { [f.id]: user.ref, [f.passwordHash]: text(user.passwordHash, 'passwordHash') };
      return matched(await run((users) => users.updateOne(filter, update, timed)));
    },
    async countUsers() {
      // For an export's progress: the collection's metadata count, without scanning every document.
      return run((users) => users.estimatedDocumentCount(timed));
    },
    async *streamAll(pageSize = 1000) {
      if (!Number.isInteger(pageSize) || pageSize < 1)
        throw new KitError('invalid_input', 'pageSize must be a positive integer');
      // A cursor in id order rather than `$gt` keyset pages: ids may mix BSON types (ObjectId, string,
      // number). No maxTimeMS: it would bound the whole walk. Offline only, on the 'stream' client.
      const cursor = await run(
        async (users) =>
          users
            .find({}, { projection })
            .sort({ [f.id]: 1 })
            .batchSize(pageSize),
        undefined,
        'stream',
      );
      try {
        for (;;) {
          const document = await run(() => cursor.next(), undefined, 'stream');
          if (document === null) return;
          yield mongoDocumentToUser(document, f);
        }
      } finally {
        await cursor.close().catch(() => undefined);
      }
    },
  };
}
