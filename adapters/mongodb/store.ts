/**
 * MongoDB store. Filters and updates are built here from configured paths and values checked to be
 * strings: a caller object never becomes part of a query. Writes after a lookup address the document by
 * its exact stored id (with its BSON type), guarded by the email that found it.
 */
import { type Collection, type Document, type Filter, ObjectId } from 'mongodb';
import { notInBundle } from '../../core/bundling.ts';
import { KitError } from '../../core/errors.ts';
import type { IdentifierKind } from '../../core/identity.ts';
import type { Configuration, StoredUser, UserStore } from '../../core/store.ts';
import { generateId } from '../mapping/ids.ts';
import { type ClientPurpose, mongoIdCandidates, openClient, text } from './client.ts';
import { arrayPath, type MongoStoreConfig } from './config.ts';
import { ensureIndexes, fault, hasUniqueIndex, isDuplicateKey } from './indexes.ts';
import {
  elementIndex,
  elements,
  getPath,
  holds,
  idToString,
  mongoDocumentToUser,
  mongoProjection,
  newUserDocument,
  queryPath,
} from './mapping.ts';

export { mongoIdCandidates } from './client.ts';
export { prepareMongoCollection } from './indexes.ts';
export { type MongoUserDocument, mongoDocumentToUser } from './mapping.ts';

/** Documents a lookup reads before the kit keeps the exact match (MongoDB compares exactly already). */
const CANDIDATE_LIMIT = 10;
const USER_EXISTS = () => new KitError('user_exists', 'the user already exists');
const EMAIL_TAKEN = () => new KitError('email_taken', 'the new email belongs to another user');

export function createMongoStore(config: MongoStoreConfig, configuration: Configuration): UserStore {
  const f = config.fields;
  const handle = openClient(config, configuration);
  const projection = mongoProjection(f, config.active);
  const collectionFor = (purpose: ClientPurpose) =>
    (purpose === 'call' ? handle : openClient(config, configuration, purpose)).collection(config.collection);
  // A server-side limit on top of socketTimeoutMS, so the server stops work nobody waits for.
  const timed = { maxTimeMS: handle.queryTimeout };

  /** Runs driver work, turning faults into KitErrors that keep the cause. */
  const run = async <T>(
    work: (users: Collection<Document>) => Promise<T>,
    duplicate?: () => KitError,
    purpose: ClientPurpose = 'call',
  ): Promise<T> => {
    try {
      return await work(await collectionFor(purpose));
    } catch (error) {
      if (duplicate && isDuplicateKey(error)) throw duplicate();
      throw fault(error);
    }
  };
  // Only the writes that rely on uniqueness wait for the index check: login and get_user keep working
  // for a read-only database user.
  const uniqueIndexes = () =>
    config.emailIndex === 'unchecked'
      ? Promise.resolve()
      : handle.once(`indexes:${config.collection}:${config.emailIndex}:${f.email}:${f.username ?? ''}`, () =>
          run((users) => ensureIndexes(users, config, config.emailIndex === 'create')),
        );
  const byId = (id: unknown): Filter<Document> => ({ [f.id]: { $in: mongoIdCandidates(text(id, 'id')) } });
  const byUser = (user: StoredUser): Filter<Document> => ({
    [f.id]: user.ref,
    [queryPath(f.email)]: text(user.email, 'email'),
  });
  const touch = (now: Date) => Object.fromEntries((config.touch ?? []).map((path) => [path, now]));
  const update = async (
    filter: Filter<Document>,
    set: Document,
    extra: Document = {},
    duplicate?: () => KitError,
  ) =>
    (
      await run(
        (users) => users.updateOne(filter, { $set: { ...set, ...touch(new Date()) }, ...extra }, timed),
        duplicate,
      )
    ).matchedCount > 0;

  /**
   * Whether the database itself keeps `path` unique: checked once per container client. Only then is a
   * lookup a findOne by the index; otherwise duplicates may exist, and the kit reads them to refuse.
   */
  const uniquelyIndexed = (path: string) =>
    arrayPath(path)
      ? Promise.resolve(false)
      : handle.once(`unique:${config.collection}:${path}`, () => run((users) => hasUniqueIndex(users, path)));

  /**
   * Candidates for `value` at `path`: by equality (through the index), or with lookup 'lowercase' every
   * case-variant (an anchored, escaped case-insensitive match), so that twins are seen and refused.
   */
  const candidates = (path: string, value: string, kind: IdentifierKind) => {
    const escaped = text(value, kind).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = config.lookup === 'lowercase' ? { $regex: `^${escaped}$`, $options: 'i' } : value;
    return run((users) =>
      users.find({ [queryPath(path)]: match }, { projection, limit: CANDIDATE_LIMIT, ...timed }).toArray(),
    );
  };

  /** The one document whose stored value is exactly `value` after normalization. */
  const exact = async (path: string, value: string, kind: IdentifierKind): Promise<StoredUser | null> => {
    if (config.lookup !== 'lowercase' && (await uniquelyIndexed(path))) {
      const one = await run((users) =>
        users.findOne({ [path]: text(value, kind) }, { projection, ...timed }),
      );
      return one && holds(one, path, value, kind) ? mongoDocumentToUser(one, f, config.active) : null;
    }
    const found = await candidates(path, value, kind);
    if (found.length >= CANDIDATE_LIMIT) {
      throw new KitError(
        'ambiguous_user',
        `${found.length} or more stored users compare equal to this ${kind}`,
      );
    }
    const matches = found.filter((document) => holds(document, path, value, kind));
    if (matches.length > 1) {
      const ids = matches.map((document) => idToString(getPath(document, f.id))).join(', ');
      throw new KitError(
        'ambiguous_user',
        `users ${ids} share this ${kind}: resolve the duplicate in the store`,
      );
    }
    return matches[0] ? mongoDocumentToUser(matches[0], f, config.active) : null;
  };
  const findByEmail = (email: string) => exact(f.email, email, 'email');

  /**
   * Sets fields of the element of the email's array that holds the user's address (FerretDB has no
   * positional `$`): located by a read, written by index, guarded by that element's stored address.
   */
  const updateElement = async (
    user: StoredUser,
    set: Record<string, unknown>,
    duplicate?: () => KitError,
  ) => {
    const parts = arrayPath(f.email);
    if (!parts) throw new KitError('config_invalid', 'the email does not live in an array');
    const document = await run((users) =>
      users.findOne({ [f.id]: user.ref }, { projection: { [parts.array]: 1 }, ...timed }),
    );
    const index = document ? elementIndex(document, f.email, user.email) : -1;
    const element = document && index >= 0 ? elements(document, f.email)[index] : undefined;
    if (!element) return false;
    const at = (field: string) => `${parts.array}.${index}.${field}`;
    const filter = { [f.id]: user.ref, [at(parts.element)]: getPath(element, parts.element) };
    return update(
      filter,
      Object.fromEntries(Object.entries(set).map(([field, value]) => [at(field), value])),
      {},
      duplicate,
    );
  };

  /** Where email_verified lives: a constant, a field of the email's array element, or a path of its own. */
  const verifiedAt = (() => {
    const source = f.emailVerified;
    if (typeof source === 'object' && 'constant' in source)
      return { kind: 'constant', value: source.constant } as const;
    const path = typeof source === 'string' ? source : 'field' in source ? source.field : '';
    const element = arrayPath(path);
    if (element) return { kind: 'element', field: element.element } as const;
    const timestamp = typeof source === 'object' && 'codec' in source && source.codec === 'timestamp';
    return { kind: 'path', path, timestamp } as const;
  })();

  /** The $set (and $unset) recording `verified` at a path of its own; a timestamp is set to now or removed. */
  const verifiedWrite = (verified: boolean, now: Date): { set: Document; extra: Document } => {
    if (verifiedAt.kind !== 'path') return { set: {}, extra: {} };
    if (!verifiedAt.timestamp) return { set: { [verifiedAt.path]: verified }, extra: {} };
    return verified
      ? { set: { [verifiedAt.path]: now }, extra: {} }
      : { set: {}, extra: { $unset: { [verifiedAt.path]: '' } } };
  };

  const markEmailVerified = async (user: StoredUser) => {
    switch (verifiedAt.kind) {
      case 'constant':
        if (verifiedAt.value) return true;
        throw new KitError(
          'config_invalid',
          'this store has nowhere to record email verification (emailVerified is the constant false)',
        );
      case 'element':
        return updateElement(user, { [verifiedAt.field]: true });
      case 'path':
        if (!verifiedAt.timestamp) return update(byUser(user), { [verifiedAt.path]: true });
        // A timestamp keeps the first verification's time.
        return (
          (await update({ ...byUser(user), [verifiedAt.path]: null }, { [verifiedAt.path]: new Date() })) ||
          update(byUser(user), {})
        );
    }
  };

  /** The address and its flag in one write where they live together; a constant flag is left as it is. */
  const updateEmail = async (user: StoredUser, newEmail: string, verified: boolean) => {
    await uniqueIndexes();
    const address = text(newEmail, 'newEmail');
    const element = arrayPath(f.email);
    if (element) {
      const set = {
        [element.element]: address,
        ...(verifiedAt.kind === 'element' ? { [verifiedAt.field]: verified } : {}),
      };
      const moved = await updateElement(user, set, EMAIL_TAKEN);
      if (!moved || verifiedAt.kind !== 'path') return moved;
      const { set: flag, extra } = verifiedWrite(verified, new Date());
      return update(byUser({ ...user, email: address }), flag, extra);
    }
    const { set, extra } = verifiedWrite(verified, new Date());
    return update(byUser(user), { [f.email]: address, ...set }, extra, EMAIL_TAKEN);
  };

  return {
    verificationStored: !(typeof f.emailVerified === 'object' && 'constant' in f.emailVerified),
    async findByLogin(identifier) {
      const value = text(identifier, 'identifier');
      if (f.username !== undefined && !value.includes('@')) return exact(f.username, value, 'username');
      return findByEmail(value);
    },
    findByEmail,
    insert:
      typeof __CUSTOMDB_CREATES__ === 'undefined' || __CUSTOMDB_CREATES__
        ? async (user) => {
            const id = generateId(config.idGeneration) ?? new ObjectId();
            const document = newUserDocument(user, config, id, new Date());
            await uniqueIndexes();
            await run((users) => users.insertOne(document, timed), USER_EXISTS);
          }
        : notInBundle('insert'),
    markEmailVerified,
    async updatePasswordHash(user, passwordHash) {
      // A new hash carries its own salt: a legacy salt left behind would be misleading.
      const unset = f.passwordSalt ? { $unset: { [f.passwordSalt]: '' } } : {};
      return update(byUser(user), { [f.passwordHash]: text(passwordHash, 'passwordHash') }, unset);
    },
    updateEmail:
      typeof __CUSTOMDB_CHANGES_EMAIL__ === 'undefined' || __CUSTOMDB_CHANGES_EMAIL__
        ? async (user, newEmail, verified) => {
            if (typeof verified !== 'boolean')
              throw new KitError('invalid_input', 'verified must be a boolean');
            return updateEmail(user, newEmail, verified);
          }
        : notInBundle('updateEmail'),
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
      const unset =
        mark.passwordHash !== undefined && f.passwordSalt ? { $unset: { [f.passwordSalt]: '' } } : {};
      // Compare-and-set: only while the stored hash is still the one that was verified.
      return update(
        { [f.id]: user.ref, [f.passwordHash]: text(user.passwordHash, 'passwordHash') },
        set,
        unset,
      );
    },
    countUsers:
      typeof __CUSTOMDB_OFFLINE__ === 'undefined' || __CUSTOMDB_OFFLINE__
        ? // For an export's progress: the collection's metadata count, without scanning every document.
          () => run((users) => users.estimatedDocumentCount(timed))
        : notInBundle('countUsers'),
    streamAll:
      typeof __CUSTOMDB_OFFLINE__ === 'undefined' || __CUSTOMDB_OFFLINE__
        ? (pageSize = 1000) => streamAll(pageSize)
        : notInBundle('streamAll'),
  };

  async function* streamAll(pageSize: number): AsyncGenerator<StoredUser> {
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
        yield mongoDocumentToUser(document, f, config.active);
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }
}
