/**
 * The testing part of an adapter descriptor: how the conformance suite gets a real server, seeds it and
 * reads it back with its own raw queries (never through the adapter under test).
 */
import type { FieldMap, StoreConfigBase } from '../../core/config.ts';

/** A server the suite runs against, as plain data (it crosses from vitest's setup to the test files). */
export interface TestServer {
  /** The adapter's descriptor name. */
  adapter: string;
  /** A URL with a database the tests own. */
  url: string;
  /** Names the server, e.g. 'MariaDB 10.11.19 (local mariadbd on port 41235)'. */
  label: string;
  /** Whether this server stores metadata keys containing '.' (FerretDB v1 cannot; MongoDB 5+ and SQL JSON can). */
  storesDottedKeys: boolean;
  /** Whether a unique index over an array path holds (FerretDB v1 creates it but does not enforce it). */
  enforcesArrayUniqueIndexes: boolean;
  /**
   * Whether a conditional update is atomic (MongoDB and SQL are; FerretDB v1 over SQLite reads and then
   * rewrites the document, so a concurrent write can be lost under load).
   */
  atomicConditionalUpdates: boolean;
}

export interface RunningServer extends TestServer, AsyncDisposable {}

/** A stored user as a probe reads it, by profile part. */
export interface RawUser {
  id: string;
  email: string;
  passwordHash: string | null;
  emailVerified: boolean;
  username: string | null;
  name: string | null;
  userMetadata: unknown;
  appMetadata: unknown;
  passwordSalt: string | null;
  migratedAt: Date | null;
  /** Every column or field as stored, to look for what must never be there. */
  raw: Record<string, unknown>;
}

export interface SeedUser {
  email: string;
  passwordHash: string | null;
  emailVerified?: boolean;
  username?: string | null;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  nickname?: string | null;
  picture?: string | null;
  /** Stored exactly as given: an object is stored as JSON/sub-document, a string as text. */
  userMetadata?: unknown;
  appMetadata?: unknown;
  passwordSalt?: string | null;
  /** The id to store instead of a generated one (a legacy string or number id). */
  storeId?: string | number;
}

export interface Probe {
  seed(user: SeedUser): Promise<string>;
  /** Bulk insert for large stores (export tests, benchmarks). */
  seedMany(users: readonly SeedUser[]): Promise<void>;
  find(email: string): Promise<RawUser | null>;
  findById(id: string): Promise<RawUser | null>;
  /** Users whose email is one of these: the suite checks nothing was added or lost. */
  countEmails(emails: string[]): Promise<number>;
  total(): Promise<number>;
  removeEmails(emails: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Profile parts the suite maps, by the names its test store uses (the id is the adapter's own). */
export type TestParts = Omit<FieldMap, 'id'>;

export interface ScratchDatabase extends AsyncDisposable {
  url: string;
  load(fixture: string): Promise<void>;
}

export interface AdapterTesting<Config extends StoreConfigBase = StoreConfigBase> {
  /** The environment variable that names a server URL to use instead of starting one. */
  urlVariable: string;
  /** An environment URL, else testcontainers where Docker answers, else a throwaway local server. */
  provision(): Promise<RunningServer>;
  /** The store the conformance suite runs on: every part in `parts` mapped. */
  storeConfig(parts: TestParts): Config;
  /** The same store config moved to its own table or collection. */
  withName(config: Config, name: string): Config;
  /** Auth0's `configuration` for a script that should reach this server. */
  configuration(server: TestServer): Record<string, string>;
  /** A fresh, empty store for `config` (dropped first): the table with its unique keys, or the collection with its indexes. */
  prepare(server: TestServer, config: Config): Promise<void>;
  drop(server: TestServer, config: Config): Promise<void>;
  openProbe(server: TestServer, config: Config): Probe;
  /**
   * A database of its own on the test server (init reads whole schemas: they must not meet the suite's),
   * loaded with a fixture: SQL statements, or for documents `{ collection, documents, indexes }` as EJSON.
   */
  scratch?(server: TestServer, name: string): Promise<ScratchDatabase>;
  /** A config whose migration-mark write the server refuses (an unknown column, a path through a string). */
  failingMigrationMark(config: Config): Config;
}
