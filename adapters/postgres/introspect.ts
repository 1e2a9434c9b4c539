/** PostgreSQL's catalog for `customdb init` and `doctor`: information_schema and pg_index of one schema. */
import pg from 'pg';
import type { Collation, FieldFacts } from '../introspection/types.ts';
import { type ColumnRow, plainName, type SqlCatalog, sqlIntrospection } from '../sql/introspect.ts';
import type { ServerAddress } from '../sql/settings.ts';
import { POSTGRES_PRESETS } from './index.ts';

function kindOf(dataType: string, udt: string): FieldFacts['kind'] {
  if (/^(smallint|integer|bigint)$/.test(dataType)) return 'integer';
  if (/char|text/.test(dataType) || udt === 'citext') return 'text';
  if (dataType === 'boolean') return 'boolean';
  if (/^(timestamp|date)/.test(dataType)) return 'timestamp';
  return /^jsonb?$/.test(dataType) ? 'json' : 'other';
}

async function open(address: ServerAddress, schema = 'public'): Promise<SqlCatalog> {
  const client = new pg.Client({
    ...('url' in address ? { connectionString: address.url } : address),
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  const query = async (sql: string, values: unknown[]) =>
    (await client.query(sql, values)).rows as Record<string, unknown>[];
  // Asked of the server: a nondeterministic ICU collation or citext may ignore case and accents.
  const collations = new Map<string, Collation>();
  const collation = async (udt: string, name: string | null): Promise<Collation> => {
    const key = `${udt} ${name}`;
    const found = collations.get(key);
    if (found) return found;
    const as = (n: number) =>
      `CAST($${n} AS ${plainName(udt)})${name ? ` COLLATE "${plainName(name)}"` : ''}`;
    const [row] = await query(`SELECT ${as(1)} = ${as(2)} AS ci, ${as(3)} = ${as(4)} AS ai`, [
      'a',
      'A',
      'e',
      'é',
    ]);
    const probed = {
      name: name ?? 'default',
      ignoresCase: row?.ci === true,
      ignoresAccents: row?.ai === true,
    };
    collations.set(key, probed);
    return probed;
  };
  const only = (table?: string): [string, string[]] =>
    table ? [' AND c.relname = $2', [schema, table]] : ['', [schema]];
  return {
    async columns(table) {
      const rows = await query(
        `SELECT table_name AS t, column_name AS c, data_type AS dt, udt_name AS udt,
          character_maximum_length AS len, collation_name AS coll
         FROM information_schema.columns WHERE table_schema = $1${table ? ' AND table_name = $2' : ''}
         ORDER BY table_name, ordinal_position`,
        table ? [schema, table] : [schema],
      );
      const out: ColumnRow[] = [];
      for (const row of rows) {
        const dataType = String(row.dt);
        const udt = String(row.udt);
        const kind = kindOf(dataType, udt);
        out.push({
          table: String(row.t),
          column: String(row.c),
          type: row.len === null ? (dataType === 'USER-DEFINED' ? udt : dataType) : `${dataType}(${row.len})`,
          kind,
          maxLength: row.len === null ? null : Number(row.len),
          collation: kind === 'text' ? await collation(udt, row.coll as string | null) : null,
        });
      }
      return out;
    },
    async indexes(table) {
      const [filter, values] = only(table);
      // Expression indexes (LOWER(email)) name no column and are left out.
      const rows = await query(
        `SELECT c.relname AS t, i.relname AS i, x.indisunique AS u, x.indisprimary AS p, a.attname AS col
         FROM pg_index x
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE n.nspname = $1${filter}
         ORDER BY c.relname, i.relname, k.ord`,
        [...values],
      );
      return rows.map((row) => ({
        table: String(row.t),
        index: String(row.i),
        column: String(row.col),
        unique: row.u === true,
        primary: row.p === true,
      }));
    },
    close: () => client.end(),
  };
}

export const postgresIntrospection = sqlIntrospection({
  driver: 'pg',
  presets: POSTGRES_PRESETS,
  prefix: 'POSTGRES',
  defaultPort: 5432,
  // init reads the default schema; a config naming another one is read there by doctor.
  schema: () => 'public',
  open,
});
