/** How MySQL and MariaDB differ from the other SQL databases the kit speaks. */
import type { SqlDialect } from '../sql/dialect.ts';

const ER_DUP_ENTRY = 1062;

export const mysqlDialect: SqlDialect = {
  title: 'MySQL',
  quote: (identifier) => `\`${identifier}\``,
  placeholders: 'question',
  // The cast keeps the comparison exact beyond 2^53, where MySQL would compare as doubles.
  integerIdParameter: 'CAST(? AS UNSIGNED)',
  maxIntegerId: 18_446_744_073_709_551_615n,
  booleanValue: (value) => (value ? 1 : 0),
  returning: false,
  isDuplicateKey: (error) => (error as { errno?: unknown } | null)?.errno === ER_DUP_ENTRY,
  begin: 'START TRANSACTION',
  // GET_LOCK answers 1 when held, 0 after its timeout (seconds), NULL on error.
  lock: {
    acquire: (name, timeoutSeconds) => ({
      sql: 'SELECT GET_LOCK(?, ?) AS got',
      values: [name, timeoutSeconds],
    }),
    release: 'SELECT RELEASE_LOCK(?)',
    acquired: (row) => Number(row?.got) === 1,
  },
  types: {
    integerId: 'BIGINT UNSIGNED NOT NULL AUTO_INCREMENT',
    stringId: 'VARCHAR(36) NOT NULL DEFAULT (UUID())',
    boolean: 'TINYINT(1) NOT NULL DEFAULT 0',
    json: 'JSON',
    timestamp: 'DATETIME(3)',
    tableOptions: ' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
  },
};
