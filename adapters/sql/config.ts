/**
 * Validation of a SQL store block, shared by the SQL adapters: a framework preset (data) is laid under
 * the block, and the result is validated field by field like any hand-written block.
 */
import {
  ConfigError,
  driverName,
  oneOf,
  type PasswordConfig,
  record,
  SQL_IDENTIFIER,
  string,
} from '../../core/config.ts';
import { activePredicate, defaults, fieldMap, idGeneration, overlayStore } from '../../core/mapping.ts';
import type { MetaTable, SqlStoreConfig } from './dialect.ts';
import { SQL_PRESETS, type SqlPresetName } from './presets.ts';

export interface SqlValidation {
  driverPackage: string;
  /** Databases with schemas (PostgreSQL) name one; the default is used when the block does not. */
  defaultSchema?: string;
  /** The presets whose framework runs on this database. */
  presets: readonly SqlPresetName[];
}

/** Keys whose maps merge key by key under a preset (each value replaced whole). */
const MERGED = ['columns', 'defaults', 'metaDefaults', 'passwords'] as const;
const META_KEY = /^[^\s]{1,191}$/;

function metaTable(value: unknown, field: string): MetaTable {
  const c = record(value, field);
  return {
    table: string(c.table, `${field}.table`, SQL_IDENTIFIER),
    userId: string(c.userId, `${field}.userId`, SQL_IDENTIFIER),
    key: string(c.key, `${field}.key`, SQL_IDENTIFIER),
    value: string(c.value, `${field}.value`, SQL_IDENTIFIER),
  };
}

/** The block with its preset laid under it (nothing when it names none). */
function withPreset(
  block: Record<string, unknown>,
  field: string,
  options: SqlValidation,
): Record<string, unknown> {
  if (block.preset === undefined) return block;
  const name = oneOf(block.preset, `${field}.preset`, options.presets);
  const prefix =
    block.tablePrefix === undefined
      ? undefined
      : string(block.tablePrefix, `${field}.tablePrefix`, /^[A-Za-z0-9_]{0,20}$/);
  return overlayStore(SQL_PRESETS[name]({ tablePrefix: prefix }), block, MERGED);
}

export function validateSqlStore(value: unknown, field: string, options: SqlValidation): SqlStoreConfig {
  const c = withPreset(record(value, field), field, options);
  if (c.tablePrefix !== undefined && c.preset !== 'wordpress') {
    throw new ConfigError(`${field}.tablePrefix`, "only goes with preset: 'wordpress'");
  }
  const meta = c.meta === undefined ? undefined : metaTable(c.meta, `${field}.meta`);
  const rules = { field: SQL_IDENTIFIER, meta: meta !== undefined };
  const out: SqlStoreConfig = {
    driver: driverName(c.driver, `${field}.driver`, options.driverPackage),
    table: string(c.table, `${field}.table`, SQL_IDENTIFIER),
    idType: oneOf(c.idType, `${field}.idType`, ['integer', 'string'] as const),
    columns: fieldMap(c.columns, `${field}.columns`, rules),
    uniqueness:
      c.uniqueness === undefined
        ? 'index'
        : oneOf(c.uniqueness, `${field}.uniqueness`, ['index', 'lock'] as const),
  };
  if (typeof c.preset === 'string') out.preset = c.preset;
  if (c.lookup !== undefined)
    out.lookup = oneOf(c.lookup, `${field}.lookup`, ['exact', 'lowercase'] as const);
  if (meta) out.meta = meta;
  if (c.idGeneration !== undefined) out.idGeneration = idGeneration(c.idGeneration, `${field}.idGeneration`);
  if (c.active !== undefined) out.active = activePredicate(c.active, `${field}.active`, SQL_IDENTIFIER);
  if (c.inactiveMessage !== undefined)
    out.inactiveMessage = string(c.inactiveMessage, `${field}.inactiveMessage`, /^.{1,200}$/);
  if (c.defaults !== undefined) out.defaults = defaults(c.defaults, `${field}.defaults`, SQL_IDENTIFIER);
  if (c.metaDefaults !== undefined) {
    if (!meta) throw new ConfigError(`${field}.metaDefaults`, 'needs a `meta` side table');
    out.metaDefaults = defaults(c.metaDefaults, `${field}.metaDefaults`, META_KEY);
  }
  if (c.touch !== undefined) {
    if (!Array.isArray(c.touch)) throw new ConfigError(`${field}.touch`, 'must be a list of columns');
    out.touch = c.touch.map((column, i) => string(column, `${field}.touch[${i}]`, SQL_IDENTIFIER));
  }
  if (options.defaultSchema === undefined) {
    if (c.schema !== undefined) throw new ConfigError(`${field}.schema`, 'is not supported by this database');
  } else {
    out.schema =
      c.schema === undefined ? options.defaultSchema : string(c.schema, `${field}.schema`, SQL_IDENTIFIER);
  }
  // Merged over the top-level policy and validated by build/config.ts.
  if (c.passwords !== undefined) out.passwords = c.passwords as PasswordConfig;
  return out;
}
