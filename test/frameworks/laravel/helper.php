<?php
// Debian's Laravel 8.83 framework (php-laravel-framework) configured as a Laravel 11/12 application:
// Eloquent through Capsule, the skeleton's users migration, and config/hashing.php's bcrypt settings.
// One command per run; credentials and input come from the environment, the answer is one marked JSON line.
error_reporting(E_ALL & ~E_DEPRECATED);
ini_set('display_errors', 'stderr');
require_once 'Illuminate/autoload.php';

use Illuminate\Auth\EloquentUserProvider;
use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Hashing\BcryptHasher;
use Illuminate\Support\Facades\Facade;
use Illuminate\Support\Facades\Hash;

require_once __DIR__ . '/../answer.php';

$command = $argv[1] ?? '';
$input = json_decode(getenv('CUSTOMDB_FW_INPUT') ?: '{}', true);
if ($command === 'version') answer(Illuminate\Foundation\Application::VERSION);

// The skeleton's config/database.php connections, by driver.
$driver = getenv('CUSTOMDB_FW_LARAVEL_DRIVER');
$capsule = new Capsule();
$capsule->addConnection([
  'driver' => $driver,
  'host' => getenv('CUSTOMDB_FW_DB_HOST'),
  'port' => getenv('CUSTOMDB_FW_DB_PORT'),
  'database' => getenv('CUSTOMDB_FW_DB_NAME'),
  'username' => getenv('CUSTOMDB_FW_DB_USER'),
  'password' => getenv('CUSTOMDB_FW_DB_PASSWORD'),
  'prefix' => getenv('CUSTOMDB_FW_PREFIX') ?: '',
] + ($driver === 'mysql'
  ? ['charset' => 'utf8mb4', 'collation' => 'utf8mb4_unicode_ci', 'strict' => true]
  : ['charset' => 'utf8', 'search_path' => 'public', 'sslmode' => 'prefer']));
$capsule->setAsGlobal();
$capsule->bootEloquent();

// Laravel 11's BcryptHasher::check (laravel/framework v11.56.0, 3dc23992442f): an empty hash is a plain
// false before the algorithm check; 8.83 would throw there. The rest of check() is the same in both.
class Laravel11BcryptHasher extends BcryptHasher {
  public function check($value, $hashedValue, array $options = []) {
    if (is_null($hashedValue) || strlen($hashedValue) === 0) return false;
    return parent::check($value, $hashedValue, $options);
  }
}

// Laravel 11's config/hashing.php: bcrypt, BCRYPT_ROUNDS=12, HASH_VERIFY=true (refuses all but $2y$ hashes).
$hasher = new Laravel11BcryptHasher(['rounds' => 12, 'verify' => true]);
$app = new Container();
Container::setInstance($app);
$app->instance('db', $capsule->getDatabaseManager());
$app->bind('db.schema', fn () => $capsule->getConnection()->getSchemaBuilder());
$app->instance('hash', $hasher);
Facade::setFacadeApplication($app);

// App\Models\User of the skeleton (its 'hashed' cast is Laravel 10+: seed hashes with Hash::make instead).
class User extends Illuminate\Foundation\Auth\User {
  protected $table = 'users';
  protected $fillable = ['name', 'email', 'password'];
  protected $hidden = ['password', 'remember_token'];
  protected $casts = ['email_verified_at' => 'datetime'];
}

switch ($command) {
  case 'create':
    $migration = require __DIR__ . '/0001_01_01_000000_create_users_table.php';
    $migration->up();
    answer([]);
  case 'seed':
    try {
      $user = User::create(['name' => $input['name'], 'email' => $input['email'], 'password' => Hash::make($input['password'])]);
    } catch (Illuminate\Database\QueryException $error) {
      refuse('User::create: SQLSTATE ' . $error->getCode());
    }
    if ($input['verified'] ?? false) $user->markEmailAsVerified();
    answer((string) $user->getKey());
  case 'check':
    $provider = new EloquentUserProvider($hasher, User::class);
    $credentials = ['email' => $input['login'], 'password' => $input['password']];
    $user = $provider->retrieveByCredentials($credentials);
    if (!$user) answer(['ok' => false, 'needsRehash' => false, 'detail' => 'no such user']);
    try {
      $ok = $provider->validateCredentials($user, $credentials);
    } catch (RuntimeException $error) {
      answer(['ok' => false, 'needsRehash' => false, 'detail' => $error->getMessage()]);
    }
    answer(['ok' => $ok, 'needsRehash' => $ok && Hash::needsRehash($user->getAuthPassword())]);
  case 'read':
    $user = User::where('email', $input['login'])->first();
    answer($user ? $user->getAttributes() : null);
  default:
    refuse("unknown command $command");
}
