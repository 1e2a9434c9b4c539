/** Django 3.2 from Debian's `python3-django`, run by helper.py on MySQL (mysqlclient) and PostgreSQL (psycopg2). */
import { helperStore } from '../common.ts';

/** Django's database backend for each adapter it runs on. */
const ENGINES: Record<string, string> = {
  mysql: 'django.db.backends.mysql',
  postgres: 'django.db.backends.postgresql',
};

export const django = helperStore({
  framework: 'django',
  adapters: Object.keys(ENGINES),
  traits: {
    username: 'required',
    // ModelBackend authenticates by USERNAME_FIELD only.
    logins: ['username'],
    names: true,
    active: true,
    verified: false,
    roles: false,
    uniqueEmail: 'none',
    uniqueUsername: 'database',
  },
  interpreter: '/usr/bin/python3',
  script: new URL('helper.py', import.meta.url).pathname,
  packages: ['python3-django'],
  adapterPackages: { mysql: ['python3-mysqldb'], postgres: ['python3-psycopg2'] },
  env: (adapter) => ({ CUSTOMDB_FW_DJANGO_ENGINE: ENGINES[adapter] ?? '' }),
  table: () => 'auth_user',
});
