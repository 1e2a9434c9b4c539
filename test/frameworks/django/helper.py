"""Debian's Django 3.2 (python3-django) on the database the environment names: settings configured here,
auth + contenttypes migrated by Django itself. One command per run; credentials and input come from the
environment, the answer is one marked JSON line."""
import json
import os
import sys

import django

env = os.environ
command = sys.argv[1] if len(sys.argv) > 1 else ''
data = json.loads(env.get('CUSTOMDB_FW_INPUT') or '{}')


def answer(value):
    print('\n@@RESULT@@' + json.dumps(value, default=str))
    sys.exit(0)


def refuse(message):
    print('\n@@ERROR@@' + message)
    sys.exit(1)


if command == 'version':
    answer(django.get_version())

from django.conf import settings  # noqa: E402

settings.configure(
    SECRET_KEY=env['CUSTOMDB_FW_SECRET'],
    USE_TZ=True,
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth'],
    DATABASES={'default': {
        'ENGINE': env['CUSTOMDB_FW_DJANGO_ENGINE'],
        'NAME': env['CUSTOMDB_FW_DB_NAME'],
        'USER': env['CUSTOMDB_FW_DB_USER'],
        'PASSWORD': env['CUSTOMDB_FW_DB_PASSWORD'],
        'HOST': env['CUSTOMDB_FW_DB_HOST'],
        'PORT': env['CUSTOMDB_FW_DB_PORT'],
    }},
)
django.setup()

from django.contrib.auth import authenticate  # noqa: E402
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError  # noqa: E402
from django.db.models import Q  # noqa: E402


def must_update(encoded):
    # What User.check_password's setter decides: another algorithm than the preferred one, or its settings.
    preferred = get_hasher('default')
    try:
        return identify_hasher(encoded).algorithm != preferred.algorithm or preferred.must_update(encoded)
    except ValueError:
        return False


if command == 'create':
    call_command('migrate', verbosity=0, interactive=False)
    answer([])
elif command == 'seed':
    extra = {'first_name': data.get('givenName', ''), 'last_name': data.get('familyName', '')}
    if 'active' in data:
        extra['is_active'] = data['active']
    try:
        user = User.objects.create_user(data['username'], data['email'], data['password'], **extra)
    except IntegrityError as error:
        refuse('create_user: IntegrityError ' + str(error.args[0] if error.args else ''))
    answer(str(user.pk))
elif command == 'check':
    login, password = data['login'], data['password']
    stored = User.objects.filter(username=login).first()
    # Read before authenticate(): a successful check rewrites a hash that must be updated.
    rehash = stored is not None and must_update(stored.password)
    user = authenticate(username=login, password=password)
    if user is not None:
        answer({'ok': True, 'needsRehash': rehash})
    if stored is None:
        answer({'ok': False, 'needsRehash': False, 'detail': 'no such user'})
    right = check_password(password, stored.password)
    detail = 'inactive' if right and not stored.is_active else 'wrong password'
    answer({'ok': False, 'needsRehash': False, 'detail': detail})
elif command == 'read':
    rows = list(User.objects.filter(Q(username=data['login']) | Q(email=data['login'])).values())
    answer(rows[0] if rows else None)
else:
    refuse('unknown command ' + command)
