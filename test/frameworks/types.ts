/** Real framework user stores for the tests: the interface agreed with the conformance suite and `customdb init`. */
import type { TestServer } from '../../adapters/testing/types.ts';

export type FrameworkName = 'wordpress' | 'django' | 'laravel' | 'meteor' | 'parse';

export interface StoreOptions {
  /** The store's own database; default `customdb_<framework>`. */
  database?: string;
  /** WordPress's `$table_prefix`, Laravel's connection prefix. */
  tablePrefix?: string;
}

export interface FrameworkUser {
  email: string;
  password: string;
  username?: string;
  givenName?: string;
  familyName?: string;
  active?: boolean;
  verified?: boolean;
  roles?: string[];
}

export interface PasswordVerdict {
  ok: boolean;
  needsRehash: boolean;
  detail?: string;
}

export interface FrameworkTraits {
  username: 'required' | 'optional' | 'none';
  logins: ('username' | 'email')[];
  names: boolean;
  active: boolean;
  verified: boolean;
  roles: boolean;
  uniqueEmail: 'database' | 'application' | 'none';
  uniqueUsername: 'database' | 'application' | 'none';
}

export interface FrameworkInstance {
  /** The same server, its URL naming the store's database. */
  readonly server: TestServer;
  readonly database: string;
  /** The users table or collection as the framework named it (with prefix). */
  readonly table: string;
  /** The framework's own code creates its schema (dropping first); notes on what the server made it leave out. */
  create(): Promise<string[]>;
  /** The framework's own user-creation code; its id as a string. Refuses what the model does not hold. */
  seedUser(user: FrameworkUser): Promise<string>;
  /** The framework's own login check. */
  checkPassword(login: string, password: string): Promise<PasswordVerdict>;
  readUser(login: string): Promise<Record<string, unknown> | null>;
  /** Each unique key of the users table or collection, its columns joined by ','. */
  uniqueKeys(): Promise<string[]>;
  drop(): Promise<void>;
}

export interface FrameworkStore {
  framework: FrameworkName;
  /** The adapters (descriptor names) whose servers the framework runs on. */
  adapters: readonly string[];
  traits: FrameworkTraits;
  version(): Promise<string>;
  on(server: TestServer, options?: StoreOptions): FrameworkInstance;
}
