/** Validation of a SQL store block, shared by the SQL adapters: they differ only in whether a schema exists. */
import {
  ConfigError,
  driverName,
  fieldMap,
  oneOf,
  record,
  SQL_IDENTIFIER,
  string,
} from '../../core/config.ts';
import type { SqlStoreConfig } from './dialect.ts';

export function validateSqlStore(
  value: unknown,
  field: string,
  options: { driverPackage: string; defaultSchema?: string },
): SqlStoreConfig {
  const c = record(value, field);
  const out: SqlStoreConfig = {
    driver: driverName(c.driver, `${field}.driver`, options.driverPackage),
    table: string(c.table, `${field}.table`, SQL_IDENTIFIER),
    idType: oneOf(c.idType, `${field}.idType`, ['integer', 'string'] as const),
    columns: fieldMap(c.columns, `${field}.columns`, SQL_IDENTIFIER),
  };
  if (options.defaultSchema === undefined) {
    if (c.schema !== undefined) throw new ConfigError(`${field}.schema`, 'is not supported by this database');
  } else {
    out.schema =
      c.schema === undefined ? options.defaultSchema : string(c.schema, `${field}.schema`, SQL_IDENTIFIER);
  }
  return out;
}
