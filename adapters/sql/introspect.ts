/**
 * The SQL adapters' shared introspection: catalog rows (each adapter reads its own information_schema)
 * assembled into tables, the framework signatures of this database's presets, and the block init proposes.
 */
import type { Configuration } from '../../core/store.ts';
import type {
  AdapterIntrospection,
  Collation,
  ContainerFacts,
  FieldFacts,
  IndexFacts,
} from '../introspection/types.ts';
import type { SqlStoreConfig } from './dialect.ts';
import { SQL_PRESET_SIGNATURES, type SqlPresetName } from './presets.ts';
import { type ServerAddress, serverAddress } from './settings.ts';

export interface ColumnRow {
  table: string;
  column: string;
  type: string;
  kind: FieldFacts['kind'];
  maxLength: number | null;
  collation: Collation | null;
}

export interface IndexRow {
  table: string;
  index: string;
  column: string;
  unique: boolean;
  primary: boolean;
}

/** One connection's view of a catalog: a MySQL database, or a PostgreSQL schema. */
export interface SqlCatalog {
  columns(table?: string): Promise<ColumnRow[]>;
  indexes(table?: string): Promise<IndexRow[]>;
  close(): Promise<void>;
}

export interface SqlIntrospectionSpec {
  driver: string;
  presets: readonly SqlPresetName[];
  /** 'MYSQL', 'POSTGRES': the configuration keys' prefix. */
  prefix: string;
  defaultPort: number;
  /** PostgreSQL names the schema in the block; MySQL has none. */
  schema?: (url: string) => string;
  open(address: ServerAddress, schema: string | undefined): Promise<SqlCatalog>;
}

/** Only [A-Za-z0-9_] names reach a statement's text (collations, types); everything else is a parameter. */
export function plainName(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected catalog name ${JSON.stringify(name)}`);
  return name;
}

function assemble(columns: ColumnRow[], indexes: IndexRow[]): ContainerFacts[] {
  const tables = new Map<string, ContainerFacts>();
  const primary = new Set(indexes.filter((row) => row.primary).map((row) => `${row.table}.${row.column}`));
  for (const row of columns) {
    const table = tables.get(row.table) ?? { name: row.table, fields: [], indexes: [] };
    tables.set(row.table, table);
    table.fields.push({
      name: row.column,
      type: row.type,
      kind: row.kind,
      maxLength: row.maxLength,
      primaryKey: primary.has(`${row.table}.${row.column}`),
      collation: row.collation,
    });
  }
  for (const row of indexes) {
    const table = tables.get(row.table);
    if (!table) continue;
    let index: IndexFacts | undefined = table.indexes.find((found) => found.name === row.index);
    if (!index) {
      index = { name: row.index, fields: [], unique: row.unique };
      table.indexes.push(index);
    }
    index.fields.push(row.column);
  }
  return [...tables.values()];
}

async function readCatalog(catalog: SqlCatalog, table?: string): Promise<ContainerFacts[]> {
  try {
    return assemble(await catalog.columns(table), await catalog.indexes(table));
  } finally {
    await catalog.close();
  }
}

export function sqlIntrospection(spec: SqlIntrospectionSpec): AdapterIntrospection<SqlStoreConfig> {
  return {
    read: async (url) => readCatalog(await spec.open({ url }, spec.schema?.(url))),
    async readConfigured(config, configuration: Configuration) {
      const address = serverAddress(configuration, spec.prefix, spec.defaultPort);
      const [table] = await readCatalog(await spec.open(address, config.schema), config.table);
      return table ?? null;
    },
    signatures: spec.presets.map((name) => SQL_PRESET_SIGNATURES[name]),
    propose(url, table, choice) {
      const schema = spec.schema?.(url);
      const where = schema !== undefined ? { schema } : {};
      if ('preset' in choice)
        return { driver: spec.driver, ...where, preset: choice.preset, ...choice.options };
      const id = table.fields.find((field) => field.name === choice.fields.id);
      return {
        driver: spec.driver,
        ...where,
        table: table.name,
        idType: id?.kind === 'integer' ? 'integer' : 'string',
        columns: choice.fields,
      };
    },
    guardsUniqueness: (config) => config.uniqueness === 'lock',
  };
}
