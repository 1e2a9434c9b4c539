/** MySQL / MariaDB's catalog for `customdb init` and `doctor`: information_schema of the connection's database. */
import { createConnection } from 'mysql2/promise';
import type { Collation, FieldFacts } from '../introspection/types.ts';
import { type ColumnRow, plainName, type SqlCatalog, sqlIntrospection } from '../sql/introspect.ts';
import type { ServerAddress } from '../sql/settings.ts';
import { MYSQL_PRESETS } from './index.ts';

function kindOf(dataType: string, columnType: string): FieldFacts['kind'] {
  if (columnType === 'tinyint(1)' || dataType === 'bit') return 'boolean';
  if (/int$/.test(dataType)) return 'integer';
  if (/char|text/.test(dataType)) return 'text';
  if (/date|time/.test(dataType)) return 'timestamp';
  return dataType === 'json' ? 'json' : 'other';
}

async function open(address: ServerAddress): Promise<SqlCatalog> {
  const connection = await createConnection({
    ...('url' in address ? { uri: address.url } : address),
    connectTimeout: 10_000,
  });
  const query = async (sql: string, values: unknown[] = []) =>
    (await connection.query(sql, values))[0] as Record<string, unknown>[];
  const only = (table?: string): [string, string[]] => (table ? [' AND TABLE_NAME = ?', [table]] : ['', []]);
  // Asked of the server, not guessed from the name: `utf8mb4_unicode_ci` also ignores accents.
  const collations = new Map<string, Collation>();
  const collation = async (charset: unknown, name: unknown): Promise<Collation | null> => {
    if (typeof charset !== 'string' || typeof name !== 'string') return null;
    const found = collations.get(name);
    if (found) return found;
    const as = `CONVERT(? USING ${plainName(charset)}) COLLATE ${plainName(name)}`;
    const [row] = await query(`SELECT ${as} = ${as} AS ci, ${as} = ${as} AS ai`, ['a', 'A', 'e', 'é']);
    const probed = { name, ignoresCase: Number(row?.ci) === 1, ignoresAccents: Number(row?.ai) === 1 };
    collations.set(name, probed);
    return probed;
  };
  return {
    async columns(table) {
      const [filter, values] = only(table);
      const rows = await query(
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS dt, COLUMN_TYPE AS ct,
          CHARACTER_MAXIMUM_LENGTH AS len, CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()${filter}
         ORDER BY TABLE_NAME, ORDINAL_POSITION`,
        [...values],
      );
      const out: ColumnRow[] = [];
      for (const row of rows) {
        out.push({
          table: String(row.t),
          column: String(row.c),
          type: String(row.ct),
          kind: kindOf(String(row.dt).toLowerCase(), String(row.ct).toLowerCase()),
          maxLength: row.len === null ? null : Number(row.len),
          collation: await collation(row.cs, row.coll),
        });
      }
      return out;
    },
    async indexes(table) {
      const [filter, values] = only(table);
      const rows = await query(
        `SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()${filter}
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
        [...values],
      );
      return rows.map((row) => ({
        table: String(row.t),
        index: String(row.i),
        column: String(row.c),
        unique: Number(row.nu) === 0,
        primary: row.i === 'PRIMARY',
      }));
    },
    close: () => connection.end(),
  };
}

export const mysqlIntrospection = sqlIntrospection({
  driver: 'mysql2',
  presets: MYSQL_PRESETS,
  prefix: 'MYSQL',
  defaultPort: 3306,
  open,
});
