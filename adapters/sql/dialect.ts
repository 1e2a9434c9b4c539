/**
 * Everything that differs between the SQL databases the kit speaks, as data: the statements, the row
 * mapping, the store logic and the test probes in this folder are written once over a dialect.
 */
import type { PasswordConfigInput, StoreConfigBase } from '../../core/config.ts';
import type { ActivePredicate, DefaultValue, FieldMap, IdGeneration } from '../../core/mapping.ts';

/** A key–value side table of user rows (WordPress `wp_usermeta`): (userId, key, value). */
export interface MetaTable {
  table: string;
  userId: string;
  key: string;
  value: string;
}

/** A SQL store block of the config, after its preset (if any) was laid under it. */
export interface SqlStoreConfig extends StoreConfigBase {
  /** The framework preset this block was built on, for messages. */
  preset?: string;
  /** PostgreSQL only: the schema holding the table. */
  schema?: string;
  table: string;
  /** 'integer' ids are checked to be digits before they reach SQL (MySQL would coerce '42abc' to 42). */
  idType: 'integer' | 'string';
  /** Who makes a new user's id: the database (auto-increment, a column default) or the kit. */
  idGeneration?: IdGeneration;
  columns: FieldMap;
  meta?: MetaTable;
  active?: ActivePredicate;
  /** Login refuses an inactive user with this message (shown on the login page). */
  inactiveMessage?: string;
  /** Values create writes into columns the request does not fill (NOT NULL columns without a default). */
  defaults?: Record<string, DefaultValue>;
  /** Side-table rows create writes (WordPress's role and user level). */
  metaDefaults?: Record<string, DefaultValue>;
  /** Columns set to the current time by every write (Laravel's updated_at). */
  touch?: string[];
  /**
   * 'exact': candidates come from `column = ?` (the index; case-insensitive under MySQL's *_ci).
   * 'lowercase': from `LOWER(column) = LOWER(?)`, for stores that keep addresses as typed under an exact
   * collation (Django on PostgreSQL); without an index on LOWER(column) that is a table scan.
   */
  lookup?: 'exact' | 'lowercase';
  /**
   * 'index': the database's unique index refuses a duplicate email (and username).
   * 'lock': the store has none, so create and change_email check under a lock the database holds.
   */
  uniqueness: 'index' | 'lock';
}

export interface SqlDialect {
  /** For messages: 'MySQL', 'PostgreSQL'. */
  title: string;
  /** Quotes a validated identifier (no escaping needed: config validation allows [A-Za-z0-9_] only). */
  quote(identifier: string): string;
  /** Parameter markers: `?` everywhere, or `$1`, `$2`… (statements are written with `?` and rendered). */
  placeholders: 'question' | 'numbered';
  /** A parameter compared with an integer id column; ids travel as checked digit strings. */
  integerIdParameter: string;
  /** The largest id an integer id column can hold: a longer digit string is simply not found. */
  maxIntegerId: bigint;
  /** How the email_verified column is written. */
  booleanValue(value: boolean): unknown;
  /** The probe learns a seeded row's id from `RETURNING` (else from the driver's insert id). */
  returning: boolean;
  /** The driver error of a unique-key violation. */
  isDuplicateKey(error: unknown): boolean;
  begin: string;
  /**
   * A lock on `name` held by this connection, for check-then-write without a unique index: MySQL's
   * named locks (session-wide, released explicitly), PostgreSQL's transaction advisory locks.
   */
  lock: {
    acquire(name: string, timeoutSeconds: number): { sql: string; values: unknown[] };
    release: string | null;
    acquired(row: Record<string, unknown> | undefined): boolean;
  };
  /** Column types of the fresh table the tests (and the README) create. */
  types: {
    integerId: string;
    stringId: string;
    boolean: string;
    json: string;
    timestamp: string;
    /** Appended after the closing parenthesis of CREATE TABLE. */
    tableOptions: string;
  };
}

/** The table as statements name it: `schema`.`table` where the dialect has schemas. */
export function tableName(config: SqlStoreConfig, dialect: SqlDialect): string {
  const table = dialect.quote(config.table);
  return config.schema ? `${dialect.quote(config.schema)}.${table}` : table;
}

/** Renders `?` markers in the dialect's style. Identifiers are validated and the SQL holds no string literals. */
export function render(sql: string, dialect: SqlDialect): string {
  if (dialect.placeholders === 'question') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A SQL store block as a user writes it: a preset fills what it leaves out; validation checks the rest. */
export type SqlStoreInput = Partial<Omit<SqlStoreConfig, 'columns' | 'preset' | 'passwords'>> & {
  driver: string;
  preset?: string;
  /** WordPress only: the table prefix of `wp_users` and `wp_usermeta` (default 'wp_'). */
  tablePrefix?: string;
  columns?: Partial<FieldMap>;
  passwords?: PasswordConfigInput;
};
