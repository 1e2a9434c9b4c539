<?php
// Debian's WordPress (/usr/share/wordpress) on the database the environment names: wp-config's constants are
// defined here (Debian's wp-config.php reads /etc/wordpress), then wp-settings.php loads the real WordPress.
// One command per run; credentials and input come from the environment, the answer is one marked JSON line.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
ini_set('display_errors', 'stderr');
$command = $argv[1] ?? '';
$input = json_decode(getenv('CUSTOMDB_FW_INPUT') ?: '{}', true);
$_SERVER['HTTP_HOST'] = 'localhost';
$_SERVER['SERVER_NAME'] = 'localhost';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SCRIPT_NAME'] = '/index.php';

define('ABSPATH', '/usr/share/wordpress/');
define('DB_NAME', getenv('CUSTOMDB_FW_DB_NAME'));
define('DB_USER', getenv('CUSTOMDB_FW_DB_USER'));
define('DB_PASSWORD', getenv('CUSTOMDB_FW_DB_PASSWORD'));
define('DB_HOST', getenv('CUSTOMDB_FW_DB_HOST') . ':' . getenv('CUSTOMDB_FW_DB_PORT'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
  define($key, getenv('CUSTOMDB_FW_SECRET'));
}
define('WP_DEBUG', false);
// The tables do not exist yet: wp-admin/install.php defines this before loading WordPress.
if ($command === 'create') define('WP_INSTALLING', true);
$table_prefix = getenv('CUSTOMDB_FW_PREFIX') ?: 'wp_';

require_once __DIR__ . '/../answer.php';

if ($command === 'version') {
  require ABSPATH . 'wp-includes/version.php';
  answer($wp_version);
}
require ABSPATH . 'wp-settings.php';

function find_user($login) {
  return get_user_by(is_email($login) ? 'email' : 'login', $login);
}

switch ($command) {
  case 'create':
    // wp_install()'s schema steps, without its admin user, sample content and notification mail.
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    wp_check_mysql_version();
    wp_cache_flush();
    make_db_current_silent();
    populate_options();
    populate_roles();
    update_option('siteurl', 'http://localhost');
    answer([]);
  case 'seed':
    $fields = [
      'user_login' => $input['username'],
      'user_email' => $input['email'],
      'user_pass' => $input['password'],
      'first_name' => $input['givenName'] ?? '',
      'last_name' => $input['familyName'] ?? '',
    ];
    $roles = $input['roles'] ?? null;
    if ($roles !== null) $fields['role'] = array_shift($roles) ?? '';
    $id = wp_insert_user($fields);
    if (is_wp_error($id)) refuse('wp_insert_user: ' . $id->get_error_code());
    $user = new WP_User($id);
    foreach ($roles ?? [] as $role) $user->add_role($role);
    answer((string) $id);
  case 'check':
    $before = find_user($input['login']);
    $result = wp_authenticate($input['login'], $input['password']);
    if (is_wp_error($result)) answer(['ok' => false, 'needsRehash' => false, 'detail' => $result->get_error_code()]);
    // WordPress 6.1 has no needs-rehash answer: wp_check_password rewrites an MD5 hash in place on login.
    clean_user_cache($result->ID);
    $after = get_user_by('id', $result->ID);
    answer(['ok' => true, 'needsRehash' => $before->user_pass !== $after->user_pass]);
  case 'read':
    global $wpdb;
    $user = find_user($input['login']);
    if (!$user) answer(null);
    $row = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->users} WHERE ID = %d", $user->ID), ARRAY_A);
    $meta = $wpdb->get_results($wpdb->prepare("SELECT meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d", $user->ID), ARRAY_A);
    $row['meta'] = array_column($meta, 'meta_value', 'meta_key');
    $row['roles'] = array_values($user->roles);
    answer($row);
  default:
    refuse("unknown command $command");
}
