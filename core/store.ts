/**
 * The one interface every store adapter implements. Methods are named after what a script
 * intends; "not found" is `null` or `false`, never an exception. Adapters throw only KitError.
 */

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A user as the kit sees it, whatever the store's column or field names are. */
export interface StoredUser {
  /** The store's primary key in string form (ObjectId hex, integer digits, legacy string). */
  id: string;
  /** The adapter's own handle of this record (the id as stored, with its type): writes after a read use it. */
  ref: unknown;
  email: string;
  emailVerified: boolean;
  username: string | null;
  passwordHash: string | null;
  /** Only for legacy salted digests that keep the salt apart from the hash. */
  passwordSalt: string | null;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  nickname: string | null;
  picture: string | null;
  userMetadata: JsonObject | null;
  /** The store's app-level data: Auth0's app_metadata. */
  appMetadata: JsonObject | null;
  /** False when the store's active predicate says the user may not log in (a disabled account). */
  active: boolean;
  /** True when the store records migration and this user's mark is missing: login writes it once. */
  needsMigrationMark: boolean;
}

/** What create writes. The id comes from the store (or the kit, where the framework makes its own). */
export interface NewUser {
  email: string;
  username: string | null;
  passwordHash: string;
  emailVerified: boolean;
  /** Name parts, when Auth0 sends them: some stores derive required columns from them. */
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  nickname: string | null;
  userMetadata: JsonObject | null;
  appMetadata: JsonObject | null;
}

export interface MigrationMark {
  /** Replace the password hash, e.g. a legacy digest rehashed as bcrypt. */
  passwordHash?: string;
  /** Record that the user reached Auth0. */
  migratedAt?: Date;
}

/**
 * Lookups take identifiers already normalized (core/identity.ts) and answer only the record whose stored
 * value has the same normal form, whatever the database's collation says. Writes go by the record a
 * lookup returned (its `ref`), guarded by the value that found it: one address never writes another row.
 */
export interface UserStore {
  /** False when the store keeps email_verified as a constant: verify and change_email cannot record it. */
  readonly verificationStored: boolean;
  /** login and get_user: an email, or a username when the identifier has no '@'. */
  findByLogin(identifier: string): Promise<StoredUser | null>;
  /** verify, change_password, change_email: by email only. */
  findByEmail(email: string): Promise<StoredUser | null>;
  /** Refuses a duplicate email or username with KitError('user_exists'), decided by the database. */
  insert(user: NewUser): Promise<void>;
  /** False when the user is gone or their email changed since the lookup. */
  markEmailVerified(user: StoredUser): Promise<boolean>;
  /** Unconditional on the hash: a password change always wins over a concurrent rehash. */
  updatePasswordHash(user: StoredUser, passwordHash: string): Promise<boolean>;
  /** Refuses an address held by another user with KitError('email_taken'). */
  updateEmail(user: StoredUser, newEmail: string, verified: boolean): Promise<boolean>;
  /** `id` is the store id (prefix already removed). An id the store cannot hold is simply not found. */
  deleteById(id: string): Promise<boolean>;
  /** Compare-and-set: writes only while the stored hash is still `user.passwordHash` (the one verified). */
  recordMigration(user: StoredUser, mark: MigrationMark): Promise<boolean>;
  /** How many users the store holds (for an export's progress). */
  countUsers(): Promise<number>;
  /** Every user, in id order, a page at a time: memory stays flat with store size. */
  streamAll(pageSize?: number): AsyncIterable<StoredUser>;
}

/** The connection's settings as Auth0 hands them to every call: key → string. Secrets live here only. */
export type Configuration = Readonly<Record<string, string>>;

/** Opens (or reuses) the store for one script call from Auth0's `configuration`. */
export type OpenStore = (configuration: Configuration) => UserStore;
