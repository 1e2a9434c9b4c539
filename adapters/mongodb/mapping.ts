/**
 * Pure parts of the MongoDB store: paths (dotted, and `<array>.$.<field>` for an element), stored
 * document → StoredUser, NewUser → document. No driver import here, so every function is testable alone.
 */
import { KitError } from '../../core/errors.ts';
import { type IdentifierKind, isSameIdentity } from '../../core/identity.ts';
import type { FieldMap } from '../../core/mapping.ts';
import { isJsonObject } from '../../core/metadata.ts';
import type { NewUser, StoredUser } from '../../core/store.ts';
import { fieldsRead, readStoredUser } from '../mapping/read.ts';
import { plannedCreate } from '../mapping/write.ts';
import { arrayPath, type MongoStoreConfig } from './config.ts';

/**
 * A user document as stored: any shape, read through the configured field paths. `_id` is an ObjectId,
 * or a legacy (or framework-made) string or number.
 */
export type MongoUserDocument = { _id?: unknown } & Record<string, unknown>;

/** The value at a dotted path (array indexes included), or undefined when any step is missing. */
export function getPath(document: Record<string, unknown>, path: string): unknown {
  let value: unknown = document;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Writes at a dotted path, creating sub-documents: insertOne stores a dotted key literally. */
export function setPath(document: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = document;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (!isJsonObject(next)) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1) as string] = value;
}

/** The path a query or an index uses: `emails.$.address` matches any element as `emails.address`. */
export const queryPath = (path: string) => path.replace('.$.', '.');

/** The elements of the array an element path names (empty when absent). */
export function elements(document: Record<string, unknown>, path: string): Record<string, unknown>[] {
  const parts = arrayPath(path);
  const array = parts ? getPath(document, parts.array) : undefined;
  return Array.isArray(array) ? array.filter(isJsonObject) : [];
}

/** A field of the profile: for an element path, the first element's (the profile's email is the first). */
export function readField(document: Record<string, unknown>, path: string): unknown {
  const parts = arrayPath(path);
  if (!parts) return getPath(document, path);
  const [first] = elements(document, path);
  return first ? getPath(first, parts.element) : undefined;
}

/** Whether the document holds `value` at `path` (any element of an array path), after normalization. */
export function holds(
  document: Record<string, unknown>,
  path: string,
  value: string,
  kind: IdentifierKind,
): boolean {
  const parts = arrayPath(path);
  if (!parts) return isSameIdentity(getPath(document, path), value, kind);
  return elements(document, path).some((element) =>
    isSameIdentity(getPath(element, parts.element), value, kind),
  );
}

/** The index of the element holding `value` at an element path, or -1. */
export function elementIndex(document: Record<string, unknown>, path: string, value: string): number {
  const parts = arrayPath(path);
  if (!parts) return -1;
  return elements(document, path).findIndex((element) =>
    isSameIdentity(getPath(element, parts.element), value, 'email'),
  );
}

/** ObjectId across bson majors (its _bsontype was 'ObjectID' before bson 5). */
function isObjectIdLike(value: unknown): value is { toHexString(): string } {
  const bsontype = (value as { _bsontype?: unknown } | null)?._bsontype;
  return (
    (bsontype === 'ObjectId' || bsontype === 'ObjectID') &&
    typeof (value as { toHexString?: unknown }).toHexString === 'function'
  );
}

/** The string form of a stored id: ObjectId → its hex, a legacy string or number → String(). */
export function idToString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isObjectIdLike(value)) return value.toHexString();
  return String(value);
}

/** Pure: a stored document to the kit's StoredUser, read through the configured field paths. */
export function mongoDocumentToUser(
  document: MongoUserDocument,
  fields: FieldMap,
  active?: MongoStoreConfig['active'],
): StoredUser {
  const ref = getPath(document, fields.id);
  const id = idToString(ref);
  if (id === null) {
    throw new KitError(
      'config_invalid',
      `a stored user has no '${fields.id}': check stores.mongodb.fields.id`,
    );
  }
  const access = { field: (path: string) => readField(document, path), meta: () => undefined };
  return readStoredUser(fields, access, { id, ref }, active);
}

/** Reads only the mapped fields (never migratedAt); an element path reads its whole array. */
export function mongoProjection(fields: FieldMap, active?: MongoStoreConfig['active']): Record<string, 1> {
  const paths = fieldsRead(fields, active).map((path) => arrayPath(path)?.array ?? path);
  const projection: Record<string, 1> = {};
  for (const path of paths) {
    // MongoDB refuses a projection holding both 'a' and 'a.b' (a path collision).
    if (!paths.some((other) => path.startsWith(`${other}.`))) projection[path] = 1;
  }
  return projection;
}

/** The document create writes: the plan's fields at their paths, element paths as the array's first element. */
export function newUserDocument(
  user: NewUser,
  config: MongoStoreConfig,
  id: unknown,
  now: Date,
): Record<string, unknown> {
  if (typeof user.email !== 'string' || typeof user.passwordHash !== 'string') {
    throw new KitError('invalid_input', 'email and password hash must be strings');
  }
  const idText = idToString(id);
  const plan = plannedCreate(config.fields, user, {
    defaults: config.defaults,
    metaDefaults: undefined,
    id: idText,
    now,
  });
  const document: Record<string, unknown> = {};
  const element: Record<string, unknown> = {};
  for (const [path, value] of plan.fields) {
    // An absent username is left out (not null), so the username index lets many users lack one.
    if (value === null && path === config.fields.username) continue;
    const parts = arrayPath(path);
    if (parts) setPath(element, parts.element, value);
    else setPath(document, path, path === config.fields.id ? id : value);
  }
  const array = arrayPath(config.fields.email)?.array;
  if (array) setPath(document, array, [element]);
  setPath(document, config.fields.id, id);
  for (const path of config.touch ?? [])
    if (getPath(document, path) === undefined) setPath(document, path, now);
  return document;
}
