/**
 * Everything that differs between the SQL databases the kit speaks, as data: the statements, the row
 * mapping, the store logic and the test probes in this folder are written once over a dialect.
 */
import type { FieldMap, StoreConfigBase } from '../../core/config.ts';

/** A SQL store block of the config: one table, its id type, and the column of each profile part. */
export interface SqlStoreConfig extends StoreConfigBase {
  /** PostgreSQL only: the schema holding the table. */
  schema?: string;
  table: string;
  /** 'integer' ids are checked to be digits before they reach SQL (MySQL would coerce '42abc' to 42). */
  idType: 'integer' | 'string';
  columns: FieldMap;
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
