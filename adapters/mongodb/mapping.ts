/**
 * Pure parts of the MongoDB store: field paths, stored document → StoredUser, NewUser → document.
 * No driver import here, so every function is testable without a server.
 */
import type { FieldMap } from '../../core/config.ts';
import { KitError } from '../../core/errors.ts';
import { findBadMetadataKey, isJsonObject, metadataFromStore } from '../../core/metadata.ts';
import type { JsonObject, NewUser, StoredUser } from '../../core/store.ts';

/**
 * A user document as stored: any shape, read through the configured field paths (dotted paths
 * reach into sub-documents). `_id` is an ObjectId, or a legacy string or number.
 */
export type MongoUserDocument = { _id?: unknown } & Record<string, unknown>;

/** The value at a dotted path, or undefined when any step is missing or not a sub-document. */
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

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function storedBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** Pure: a stored document to the kit's StoredUser, read through the configured field paths. */
export function mongoDocumentToUser(document: MongoUserDocument, fields: FieldMap): StoredUser {
  const at = (path: string | undefined) => (path === undefined ? undefined : getPath(document, path));
  const id = idToString(at(fields.id));
  if (id === null) {
    throw new KitError(
      'config_invalid',
      `a stored user has no '${fields.id}': check stores.mongodb.fields.id`,
    );
  }
  return {
    id,
    ref: at(fields.id),
    email: nullableString(at(fields.email)) ?? '',
    emailVerified: storedBoolean(at(fields.emailVerified)),
    username: nullableString(at(fields.username)),
    passwordHash: nullableString(at(fields.passwordHash)),
    passwordSalt: nullableString(at(fields.passwordSalt)),
    name: nullableString(at(fields.name)),
    givenName: nullableString(at(fields.givenName)),
    familyName: nullableString(at(fields.familyName)),
    nickname: nullableString(at(fields.nickname)),
    picture: nullableString(at(fields.picture)),
    userMetadata: metadataFromStore(at(fields.userMetadata)),
    appMetadata: metadataFromStore(at(fields.appMetadata)),
  };
}

/** Reads only the mapped fields (never migratedAt); a path under a projected parent is left out. */
export function mongoProjection(fields: FieldMap): Record<string, 1> {
  const { migratedAt: _ignored, ...read } = fields;
  const paths = Object.values(read).filter((path): path is string => typeof path === 'string');
  const projection: Record<string, 1> = {};
  for (const path of paths) {
    // MongoDB refuses a projection holding both 'a' and 'a.b' (a path collision).
    if (!paths.some((other) => path.startsWith(`${other}.`))) projection[path] = 1;
  }
  return projection;
}

function metadataValue(value: JsonObject | null, name: string): JsonObject | null {
  if (value === null) return null;
  // The scripts checked this already; the adapter never trusts a caller object into a write.
  if (!isJsonObject(value) || findBadMetadataKey(value) !== null) {
    throw new KitError('invalid_input', `${name} must be an object without '.' or '$' keys`);
  }
  return value;
}

/** The document create writes: only the mapped fields, never the request object. */
export function newUserDocument(user: NewUser, fields: FieldMap): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  if (typeof user.email !== 'string' || typeof user.passwordHash !== 'string') {
    throw new KitError('invalid_input', 'email and password hash must be strings');
  }
  if (user.username !== null && typeof user.username !== 'string') {
    throw new KitError('invalid_input', 'username must be a string');
  }
  setPath(document, fields.email, user.email);
  setPath(document, fields.passwordHash, user.passwordHash);
  setPath(document, fields.emailVerified, user.emailVerified === true);
  // An absent username is left out (not null), so the username index lets many users lack one.
  if (fields.username && user.username !== null) setPath(document, fields.username, user.username);
  const userMetadata = metadataValue(user.userMetadata, 'user_metadata');
  const appMetadata = metadataValue(user.appMetadata, 'app_metadata');
  if (fields.userMetadata && userMetadata) setPath(document, fields.userMetadata, userMetadata);
  if (fields.appMetadata && appMetadata) setPath(document, fields.appMetadata, appMetadata);
  return document;
}
