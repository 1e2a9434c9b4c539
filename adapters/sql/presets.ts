/**
 * Framework presets for SQL stores: each is data — the config block the framework's own default schema
 * needs — laid under the user's block (which wins key by key). Facts cite the frameworks' sources; see
 * test/frameworks/ for the proof against the real frameworks.
 */

import type { PresetSignature } from '../introspection/types.ts';

export type SqlPresetName = 'wordpress' | 'django' | 'laravel';
type PresetBlock = Record<string, unknown>;

/**
 * WordPress (wp-admin/includes/schema.php, wp-includes/user.php wp_insert_user): `wp_users` with no
 * unique index on user_email or user_login (WordPress checks in PHP, so the kit checks under a lock),
 * names and roles in `wp_usermeta`. WordPress has no email-verified flag: the kit keeps its own meta row.
 */
function wordpress({ tablePrefix = 'wp_' }: { tablePrefix?: string | undefined }): PresetBlock {
  const p = tablePrefix;
  return {
    table: `${p}users`,
    idType: 'integer',
    columns: {
      id: 'ID',
      email: 'user_email',
      passwordHash: 'user_pass',
      username: 'user_login',
      name: 'display_name',
      nickname: { meta: 'nickname' },
      givenName: { meta: 'first_name' },
      familyName: { meta: 'last_name' },
      emailVerified: { meta: 'customdb_email_verified' },
      appMetadata: { fields: { roles: { meta: `${p}capabilities`, codec: 'wordpress-roles' } } },
    },
    meta: { table: `${p}usermeta`, userId: 'user_id', key: 'meta_key', value: 'meta_value' },
    // user_status 0 is an active account (multisite marks spam and deleted users otherwise).
    active: { field: 'user_status', equals: 0 },
    inactiveMessage: 'This account is disabled.',
    uniqueness: 'lock',
    // What wp_insert_user writes for a new subscriber.
    defaults: {
      user_login: { derive: 'username-or-email' },
      user_nicename: { derive: 'username-slug' },
      display_name: { derive: 'username-or-email' },
      user_url: { value: '' },
      user_registered: 'now',
      user_activation_key: { value: '' },
      user_status: { value: 0 },
    },
    metaDefaults: {
      nickname: { derive: 'username-or-email' },
      first_name: { value: '' },
      last_name: { value: '' },
      description: { value: '' },
      rich_editing: { value: 'true' },
      syntax_highlighting: { value: 'true' },
      comment_shortcuts: { value: 'false' },
      admin_color: { value: 'fresh' },
      use_ssl: { value: '0' },
      show_admin_bar_front: { value: 'true' },
      locale: { value: '' },
      [`${p}capabilities`]: { value: 'a:1:{s:10:"subscriber";b:1;}' },
      [`${p}user_level`]: { value: '0' },
    },
    // WordPress 6.8+ writes $wp$2y$; older rows are phpass or, before 2.5, bare MD5 (rehashed at login).
    passwords: {
      accept: ['wordpress-bcrypt', 'phpass', 'bcrypt', 'md5'],
      write: { format: 'wordpress-bcrypt' },
      trim: true,
    },
  };
}

/**
 * Django (django/contrib/auth/migrations, models.AbstractUser): `auth_user`, username unique, email not
 * unique (the kit checks under a lock), `is_active` as the active flag. Django keeps no email-verified
 * flag: the profile says false, and verify answers an error rather than pretend to record it.
 */
function django(): PresetBlock {
  return {
    table: 'auth_user',
    idType: 'integer',
    columns: {
      id: 'id',
      email: 'email',
      passwordHash: 'password',
      username: 'username',
      givenName: 'first_name',
      familyName: 'last_name',
      emailVerified: { constant: false },
      appMetadata: {
        fields: {
          is_staff: { field: 'is_staff', codec: 'boolean' },
          is_superuser: { field: 'is_superuser', codec: 'boolean' },
        },
      },
    },
    active: { field: 'is_active', equals: true },
    inactiveMessage: 'This account is inactive.',
    // Django keeps addresses as typed (only the domain lowercased) and has no index on email anyway.
    lookup: 'lowercase',
    uniqueness: 'lock',
    // What UserManager.create_user writes (last_login stays NULL).
    defaults: {
      username: { derive: 'username-or-email' },
      first_name: { value: '' },
      last_name: { value: '' },
      is_superuser: { value: false },
      is_staff: { value: false },
      is_active: { value: true },
      date_joined: 'now',
    },
    // Every hasher Django ships; it writes PBKDF2-SHA256 in its own form (bare bcrypt would be refused).
    passwords: {
      accept: [
        'django-pbkdf2-sha256',
        'django-pbkdf2-sha1',
        'django-argon2',
        'django-bcrypt-sha256',
        'django-bcrypt',
        'django-salted',
        'md5',
      ],
      write: { format: 'django-pbkdf2-sha256' },
    },
  };
}

/**
 * Laravel (laravel/laravel database/migrations/0001_01_01_000000_create_users_table.php): `users` with a
 * unique email, `name` NOT NULL, verification as the nullable timestamp `email_verified_at`.
 */
function laravel(): PresetBlock {
  return {
    table: 'users',
    idType: 'integer',
    columns: {
      id: 'id',
      email: 'email',
      passwordHash: 'password',
      name: 'name',
      emailVerified: { field: 'email_verified_at', codec: 'timestamp' },
    },
    uniqueness: 'index',
    defaults: { name: { derive: 'full-name-or-email-local-part' }, created_at: 'now' },
    touch: ['updated_at'],
    // PHP's password_get_info knows only $2y$: Laravel 11+ refuses $2b$ ("does not use the Bcrypt algorithm").
    passwords: { accept: ['bcrypt', 'argon2'], write: { format: 'bcrypt-2y' }, bcryptCost: 12 },
  };
}

export const SQL_PRESETS: Record<
  SqlPresetName,
  (options: { tablePrefix?: string | undefined }) => PresetBlock
> = {
  wordpress,
  django,
  laravel,
};

/** What identifies each framework's users table for `customdb init` (columns from the sources cited above). */
export const SQL_PRESET_SIGNATURES: Record<SqlPresetName, PresetSignature> = {
  wordpress: {
    preset: 'wordpress',
    container: '{prefix}users',
    fields: ['ID', 'user_login', 'user_pass', 'user_email', 'user_status', 'display_name'],
    companions: ['{prefix}usermeta'],
    prefixOption: 'tablePrefix',
    defaultPrefix: 'wp_',
  },
  django: {
    preset: 'django',
    container: 'auth_user',
    fields: ['id', 'password', 'username', 'email', 'is_active', 'is_staff', 'is_superuser', 'date_joined'],
  },
  laravel: {
    preset: 'laravel',
    container: 'users',
    fields: ['id', 'name', 'email', 'email_verified_at', 'password', 'remember_token'],
  },
};
