/** WordPress 6.1 from Debian's `wordpress` package, run by helper.php (MySQL only, as WordPress is). */
import { helperStore } from '../common.ts';

export const wordpress = helperStore({
  framework: 'wordpress',
  adapters: ['mysql'],
  traits: {
    username: 'required',
    logins: ['username', 'email'],
    names: true,
    active: false,
    verified: false,
    roles: true,
    // wp_insert_user checks both; wp_users has plain (non-unique) keys on user_login and user_email.
    uniqueEmail: 'application',
    uniqueUsername: 'application',
  },
  interpreter: '/usr/bin/php',
  script: new URL('helper.php', import.meta.url).pathname,
  packages: ['php-cli', 'wordpress'],
  adapterPackages: { mysql: ['php-mysql'] },
  env: (_adapter, options) => ({ CUSTOMDB_FW_PREFIX: options.tablePrefix ?? 'wp_' }),
  table: (options) => `${options.tablePrefix ?? 'wp_'}users`,
});
