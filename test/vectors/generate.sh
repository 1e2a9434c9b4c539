#!/usr/bin/env bash
# Regenerates test/vectors/hashes.json from the real producers of each hash format
# (passlib, PHP password_hash and crypt, WordPress class-phpass, Django make_password, argon2-cffi,
# hashlib). Where no producer is packaged by Debian (WordPress 6.8, Drupal 7, ASP.NET Identity), the
# producer's published algorithm is run in PHP or Python and the vector says so.
# Run by hand on Debian 12 as root; CI uses the committed JSON and never runs this.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/hashes.json"
# Debian's python3 packages live under /usr/bin/python3, not a pyenv/venv interpreter.
py=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work" # apt-get download writes as the _apt user

need=()
"$py" -c 'import passlib' 2>/dev/null || need+=(python3-passlib)
"$py" -c 'import bcrypt' 2>/dev/null || need+=(python3-bcrypt)
"$py" -c 'import django' 2>/dev/null || need+=(python3-django)
"$py" -c 'import argon2' 2>/dev/null || need+=(python3-argon2)
command -v php >/dev/null || need+=(php-cli)
if ((${#need[@]})); then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

# WordPress's own phpass class, taken from the Debian package without installing it (it pulls a web stack).
(cd "$work" && apt-get download wordpress >/dev/null)
dpkg-deb --fsys-tarfile "$work"/wordpress_*.deb |
  tar -xO ./usr/share/wordpress/wp-includes/class-phpass.php >"$work/class-phpass.php"
wp_version="$(basename "$work"/wordpress_*.deb | cut -d_ -f2)"

cat >"$work/php.php" <<'PHP'
<?php
require $argv[1];
$wp = $argv[2];
$php = 'php ' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$long = 'long-password-' . str_repeat('x', 70);
$out = [];
$add = function ($format, $producer, $password, $hash) use (&$out) {
  $out[] = ['format' => $format, 'producer' => $producer, 'password' => $password, 'hash' => $hash];
};
foreach ([['pässwörd-✓', 4], [$long, 4], ['correct horse battery staple', 6]] as [$pw, $cost]) {
  $add('bcrypt', "$php password_hash PASSWORD_BCRYPT cost=$cost", $pw, password_hash($pw, PASSWORD_BCRYPT, ['cost' => $cost]));
}
// PHP's defaults (m=65536,t=4,p=1) once, cheaper parameters for the rest to keep the test suite quick.
$add('argon2', "$php password_hash PASSWORD_ARGON2ID defaults", 'pässwörd-✓', password_hash('pässwörd-✓', PASSWORD_ARGON2ID));
$small = ['memory_cost' => 8192, 'time_cost' => 2, 'threads' => 1];
$add('argon2', "$php password_hash PASSWORD_ARGON2ID m=8192,t=2", 'correct horse battery staple', password_hash('correct horse battery staple', PASSWORD_ARGON2ID, $small));
foreach (['pässwörd-✓', 'correct horse battery staple'] as $pw) {
  $add('argon2', "$php password_hash PASSWORD_ARGON2I m=8192,t=2", $pw, password_hash($pw, PASSWORD_ARGON2I, $small));
}
$hasher = new PasswordHash(8, true);
foreach (['pässwörd-✓', 'correct horse battery staple', $long] as $pw) {
  $add('phpass', "wordpress $wp class-phpass PasswordHash(8, true)", $pw, $hasher->HashPassword($pw));
}
// WordPress 6.8's wp_hash_password (Debian 12 ships 6.1): '$wp' . password_hash(base64(HMAC-SHA384)).
foreach ([['pässwörd-✓', 4], [$long, 4], ['correct horse battery staple', 5]] as [$pw, $cost]) {
  $pre = base64_encode(hash_hmac('sha384', trim($pw), 'wp-sha384', true));
  $add('wordpress-bcrypt', "$php password_hash over WordPress 6.8 wp_hash_password's HMAC-SHA384 pre-hash cost=$cost", $pw, '$wp' . password_hash($pre, PASSWORD_BCRYPT, ['cost' => $cost]));
}
// WordPress before 2.5 stored md5($password).
foreach (['pässwörd-✓', 'correct horse battery staple'] as $pw) {
  $add('md5', "$php md5 (WordPress before 2.5)", $pw, md5($pw));
}
// crypt(3) as glibc computes it.
$salt = fn (int $n) => substr(strtr(base64_encode(random_bytes(12)), '+', '.'), 0, $n);
foreach (['pässwörd-✓', 'correct horse battery staple'] as $pw) {
  $add('crypt', "$php crypt (glibc) MD5-crypt", $pw, crypt($pw, '$1$' . $salt(8)));
  $add('crypt', "$php crypt (glibc) SHA-256-crypt rounds=5000", $pw, crypt($pw, '$5$' . $salt(16)));
  $add('crypt', "$php crypt (glibc) SHA-512-crypt rounds=20000", $pw, crypt($pw, '$6$rounds=20000$' . $salt(16)));
}
// Drupal 7 modules/user/password.inc _password_crypt (no Debian package): phpass's loop over SHA-512,
// cut to DRUPAL_HASH_LENGTH (55); 'U' marks a row Drupal upgraded from md5($password).
$drupal = function (string $password, int $log2) use ($hasher) {
  $setting = '$S$' . './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[$log2] . $hasher->encode64(random_bytes(6), 6);
  $hash = hash('sha512', substr($setting, 4, 8) . $password, true);
  for ($count = 1 << $log2; $count > 0; $count--) $hash = hash('sha512', $hash . $password, true);
  return substr($setting . $hasher->encode64($hash, 64), 0, 55);
};
foreach ([['pässwörd-✓', 15], ['correct horse battery staple', 10]] as [$pw, $log2]) {
  $add('drupal7', "$php Drupal 7 password.inc _password_crypt sha512 count=2^$log2 (published algorithm)", $pw, $drupal($pw, $log2));
}
$add('drupal7', "$php Drupal 7 password.inc user_update_7000 'U' . _password_crypt(md5)", 'pässwörd-✓', 'U' . $drupal(md5('pässwörd-✓'), 11));
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
PHP
php "$work/php.php" "$work/class-phpass.php" "$wp_version" >"$work/php.json"

"$py" - "$work/php.json" "$out" <<'PY'
import base64, hashlib, json, secrets, sys

import argon2
import django
import passlib
from argon2 import low_level
from django.conf import settings
from passlib.hash import argon2 as passlib_argon2, bcrypt, phpass

settings.configure(
    PASSWORD_HASHERS=[
        'django.contrib.auth.hashers.PBKDF2PasswordHasher',
        'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher',
        'django.contrib.auth.hashers.Argon2PasswordHasher',
        'django.contrib.auth.hashers.BCryptSHA256PasswordHasher',
        'django.contrib.auth.hashers.BCryptPasswordHasher',
        'django.contrib.auth.hashers.SHA1PasswordHasher',
        'django.contrib.auth.hashers.MD5PasswordHasher',
        'django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher',
        'django.contrib.auth.hashers.UnsaltedMD5PasswordHasher',
    ]
)
from django.contrib.auth import hashers as dj_hashers  # noqa: E402  (needs settings first)
from django.contrib.auth.hashers import make_password  # noqa: E402
from passlib.hash import md5_crypt, sha256_crypt, sha512_crypt  # noqa: E402

php_json, out_path = sys.argv[1], sys.argv[2]
LONG = 'long-password-' + 'x' * 70
PASSWORDS = ['pässwörd-✓', 'correct horse battery staple']
pl = f'passlib {passlib.__version__}'
vectors = []


def add(fmt, producer, password, hash_, **extra):
    vectors.append({'format': fmt, 'producer': producer, 'password': password, 'hash': hash_, **extra})


for pw, cost in [('correct horse battery staple', 4), (LONG, 4), ('pässwörd-✓', 6)]:
    add('bcrypt', f'{pl} bcrypt ident=2b rounds={cost}', pw, bcrypt.using(rounds=cost, ident='2b').hash(pw))

for pw, rounds in [('pässwörd-✓', 8), ('correct horse battery staple', 13)]:
    add('phpass', f'{pl} phpass ident=P rounds={rounds}', pw, phpass.using(ident='P', rounds=rounds).hash(pw))
for pw in [*PASSWORDS, LONG]:
    add('phpass', f'{pl} phpass ident=H rounds=11', pw, phpass.using(ident='H', rounds=11).hash(pw))

dj = f'django {django.get_version()} make_password'
for pw in PASSWORDS:
    add('django-pbkdf2-sha256', f'{dj} pbkdf2_sha256', pw, make_password(pw, hasher='pbkdf2_sha256'))
    add('django-pbkdf2-sha1', f'{dj} pbkdf2_sha1', pw, make_password(pw, hasher='pbkdf2_sha1'))

# Django's own hashers at their defaults once, then cheaper costs (same code, smaller parameters).
add('django-argon2', f'{dj} argon2 (defaults)', PASSWORDS[0], make_password(PASSWORDS[0], hasher='argon2'))
cheap_argon2 = dj_hashers.Argon2PasswordHasher()
cheap_argon2.time_cost, cheap_argon2.memory_cost, cheap_argon2.parallelism = 2, 1024, 2
add('django-argon2', f'{dj} argon2 m=1024,t=2,p=2', PASSWORDS[1], make_password(PASSWORDS[1], hasher=cheap_argon2))
for name, fmt in [('bcrypt_sha256', 'django-bcrypt-sha256'), ('bcrypt', 'django-bcrypt')]:
    hasher = dj_hashers.get_hasher(name)
    hasher.rounds = 5
    for pw in [*PASSWORDS, LONG]:
        add(fmt, f'{dj} {name} rounds=5', pw, make_password(pw, hasher=hasher))
for name in ['sha1', 'md5', 'unsalted_sha1']:
    for pw in PASSWORDS:
        add('django-salted', f'{dj} {name}', pw, make_password(pw, hasher=name))
for pw in PASSWORDS:
    add('md5', f'{dj} unsalted_md5', pw, make_password(pw, hasher='unsalted_md5'))

for pw in PASSWORDS:
    add('crypt', f'{pl} md5_crypt', pw, md5_crypt.hash(pw))
    add('crypt', f'{pl} sha256_crypt rounds=10000', pw, sha256_crypt.using(rounds=10000).hash(pw))
    add('crypt', f'{pl} sha512_crypt rounds=5000', pw, sha512_crypt.using(rounds=5000).hash(pw))

# ASP.NET Core Identity PasswordHasher.cs (no Debian package): v2 = 0x00|salt|PBKDF2-SHA1 x1000;
# v3 = 0x01|prf|iterations|salt length (big-endian u32s)|salt|subkey (.NET 7+: HMAC-SHA512 x100000).
aspnet = 'python hashlib.pbkdf2_hmac following ASP.NET Core Identity PasswordHasher'
for pw in PASSWORDS:
    salt = secrets.token_bytes(16)
    v2 = b'\x00' + salt + hashlib.pbkdf2_hmac('sha1', pw.encode(), salt, 1000, 32)
    add('aspnet-identity', f'{aspnet} v2', pw, base64.b64encode(v2).decode())
for pw, (prf, digest, iterations) in zip(PASSWORDS, [(1, 'sha256', 10000), (2, 'sha512', 100000)]):
    salt = secrets.token_bytes(16)
    header = b'\x01' + prf.to_bytes(4, 'big') + iterations.to_bytes(4, 'big') + (16).to_bytes(4, 'big')
    v3 = header + salt + hashlib.pbkdf2_hmac(digest, pw.encode(), salt, iterations, 32)
    add('aspnet-identity', f'{aspnet} v3 HMAC-{digest.upper()} x{iterations}', pw, base64.b64encode(v3).decode())

# p=2 and a tiny memory cost: exercises lanes > 1 cheaply.
for pw in PASSWORDS:
    h = passlib_argon2.using(type='ID', memory_cost=1024, rounds=2, parallelism=2).hash(pw)
    add('argon2', f'{pl} argon2 type=ID m=1024,t=2,p=2 (argon2-cffi {argon2.__version__})', pw, h)
# The pre-1.3 algorithm (v=16), still found in old stores.
for pw in PASSWORDS:
    h = low_level.hash_secret(pw.encode(), secrets.token_bytes(16), time_cost=2, memory_cost=1024,
                              parallelism=1, hash_len=32, type=low_level.Type.I, version=16).decode()
    add('argon2', f'argon2-cffi {argon2.__version__} low_level argon2i version=16', pw, h)

for algorithm in ['md5', 'sha1', 'sha256', 'sha512']:
    for position in ['before', 'after']:
        for encoding in ['hex', 'base64']:
            for pw in PASSWORDS:
                salt = secrets.token_urlsafe(12)
                data = (salt + pw if position == 'before' else pw + salt).encode()
                digest = hashlib.new(algorithm, data).digest()
                value = digest.hex() if encoding == 'hex' else base64.b64encode(digest).decode()
                layout = {'algorithm': algorithm, 'saltPosition': position, 'encoding': encoding}
                add('salted-digest', f'python hashlib {algorithm}', pw, value, salt=salt, saltedDigest=layout)

# Meteor accounts-password: bcrypt over the lowercase hex SHA-256 of the password.
for pw, ident in [('pässwörd-✓', '2b'), ('correct horse battery staple', '2a')]:
    prehash = hashlib.sha256(pw.encode()).hexdigest()
    add('bcrypt-sha256', f'{pl} bcrypt ident={ident} rounds=4 over hashlib.sha256 hex', pw,
        bcrypt.using(rounds=4, ident=ident).hash(prehash))

with open(php_json, encoding='utf-8') as f:
    vectors.extend(json.load(f))
order = ['bcrypt', 'bcrypt-sha256', 'wordpress-bcrypt', 'phpass', 'md5', 'drupal7', 'django-pbkdf2-sha256',
         'django-pbkdf2-sha1', 'django-argon2', 'django-bcrypt-sha256', 'django-bcrypt', 'django-salted', 'argon2',
         'crypt', 'aspnet-identity', 'salted-digest']
vectors.sort(key=lambda v: order.index(v['format']))
with open(out_path, 'w', encoding='utf-8') as f:
    f.write('[\n' + ',\n'.join(json.dumps(v, ensure_ascii=False) for v in vectors) + '\n]\n')
print(f'wrote {len(vectors)} vectors to {out_path}')
PY
