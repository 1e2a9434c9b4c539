/** DDL for a fresh store matching a config: what the tests create, and what the README shows the kit expects. */
import { type SqlDialect, type SqlStoreConfig, tableName } from './dialect.ts';

export function sqlCreateTable(config: SqlStoreConfig, dialect: SqlDialect): string {
  const c = config.columns;
  const q = dialect.quote;
  const { types } = dialect;
  // The suite's own table maps every part to a plain column; other sources have no column to create.
  const column = (name: unknown, type = 'VARCHAR(255) NULL') =>
    typeof name === 'string' ? [`${q(name)} ${type}`] : [];
  const unique = (part: string, name: string | undefined) =>
    name ? [`CONSTRAINT ${q(`${config.table}_${part}_unique`)} UNIQUE (${q(name)})`] : [];
  return [
    `CREATE TABLE IF NOT EXISTS ${tableName(config, dialect)} (`,
    [
      `${q(c.id)} ${config.idType === 'integer' ? types.integerId : types.stringId}`,
      `${q(c.email)} VARCHAR(320) NOT NULL`,
      `${q(c.passwordHash)} VARCHAR(255) NULL`,
      ...column(c.emailVerified, types.boolean),
      ...column(c.username, 'VARCHAR(128) NULL'),
      ...column(c.name),
      ...column(c.givenName),
      ...column(c.familyName),
      ...column(c.nickname),
      ...column(c.picture, 'VARCHAR(2048) NULL'),
      ...column(c.userMetadata, `${types.json} NULL`),
      ...column(c.appMetadata, `${types.json} NULL`),
      ...column(c.passwordSalt),
      ...column(c.migratedAt, `${types.timestamp} NULL`),
      `PRIMARY KEY (${q(c.id)})`,
      ...unique('email', c.email),
      ...unique('username', c.username),
    ].join(',\n  '),
    `)${types.tableOptions}`,
  ].join('\n  ');
}
