/**
 * Laravel 11/12's users table and login on Debian's Laravel 8.83 framework (`php-laravel-framework`):
 * the skeleton's migration, unchanged, through Illuminate's schema builder on MySQL and PostgreSQL.
 */
import { helperStore } from '../common.ts';

/** Illuminate's database driver for each adapter it runs on. */
const DRIVERS: Record<string, string> = { mysql: 'mysql', postgres: 'pgsql' };

export const laravel = helperStore({
  framework: 'laravel',
  adapters: Object.keys(DRIVERS),
  traits: {
    username: 'none',
    logins: ['email'],
    // One `name` column: the given and family names joined, as a registration form would send them.
    names: true,
    active: false,
    verified: true,
    roles: false,
    uniqueEmail: 'database',
    uniqueUsername: 'none',
  },
  interpreter: '/usr/bin/php',
  script: new URL('helper.php', import.meta.url).pathname,
  packages: ['php-cli', 'php-laravel-framework'],
  adapterPackages: { mysql: ['php-mysql'], postgres: ['php-pgsql'] },
  env: (adapter, options) => ({
    CUSTOMDB_FW_LARAVEL_DRIVER: DRIVERS[adapter] ?? '',
    CUSTOMDB_FW_PREFIX: options.tablePrefix ?? '',
  }),
  table: (options) => `${options.tablePrefix ?? ''}users`,
  seedInput: (user) => ({
    ...user,
    name: [user.givenName, user.familyName].filter(Boolean).join(' ') || user.email.split('@')[0],
  }),
});
