#!/usr/bin/env bash
# Regenerates test/vectors/hashes.json from the real producers of each hash format
# (passlib, PHP password_hash, WordPress class-phpass, Django make_password, argon2-cffi, hashlib).
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
    ]
)
from django.contrib.auth.hashers import make_password  # noqa: E402  (needs settings first)

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
order = ['bcrypt', 'bcrypt-sha256', 'phpass', 'django-pbkdf2-sha256', 'django-pbkdf2-sha1', 'argon2', 'salted-digest']
vectors.sort(key=lambda v: order.index(v['format']))
with open(out_path, 'w', encoding='utf-8') as f:
    f.write('[\n' + ',\n'.join(json.dumps(v, ensure_ascii=False) for v in vectors) + '\n]\n')
print(f'wrote {len(vectors)} vectors to {out_path}')
PY
