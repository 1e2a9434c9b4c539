import { createHash, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KitError } from '../core/errors.ts';
import { type PasswordConfigInput, passwordConfig } from '../core/passwords.ts';
import { bcryptHash } from '../hashes/bcrypt.ts';
import { hashPassword, identifyHash, toAuth0CustomPasswordHash, verifyPassword } from '../hashes/index.ts';
import type { VerifyContext } from '../hashes/schemes.ts';
import {
  HASH_FORMATS,
  type HashFormat,
  type PasswordConfig,
  type SaltedDigestLayout,
} from '../hashes/types.ts';
import { HASH_VECTORS, type HashVector } from './vectors/vectors.ts';

const vectors = HASH_VECTORS;
const named = vectors.map((v, i) => ({
  ...v,
  name: `#${i} ${v.format} · ${v.producer} · ${JSON.stringify(v.password)}`,
}));
const ALL_FORMATS = HASH_FORMATS;

/** A validated policy: bcrypt written at cost 4, so the cheap vectors count as current. */
function policy(accept: readonly HashFormat[], more: PasswordConfigInput = {}): PasswordConfig {
  // A Meteor store (bcrypt-sha256 without plain bcrypt) writes Meteor's format: it reads nothing else.
  const meteor = accept.includes('bcrypt-sha256') && !accept.includes('bcrypt');
  const write = meteor ? { write: { format: 'bcrypt-sha256' as const } } : {};
  return passwordConfig(
    { bcryptCost: 4, rehashOnLogin: false, ...write, ...more, accept: [...accept] },
    'passwords',
  );
}

type Options = [PasswordConfig, VerifyContext];

function optionsFor(v: HashVector, accept: readonly HashFormat[] = [v.format]): Options {
  return [policy(accept, v.saltedDigest ? { saltedDigest: v.saltedDigest } : {}), { salt: v.salt ?? null }];
}

/** Changes the first character: inside bcrypt's 72-byte window, unlike an appended suffix. */
function wrong(password: string): string {
  return (password.startsWith('Z') ? 'Y' : 'Z') + password.slice(1);
}

async function kitErrorOf(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KitError) return error;
    throw new Error(`expected a KitError, got ${String(error)}`);
  }
  throw new Error('expected a rejection, got a result');
}

/** Argon2 at PHP's default 64 MiB costs ~1.3 s per check: fuzzing keeps to the cheap vectors. */
function cheap(v: HashVector): boolean {
  const m = /m=(\d+)/.exec(v.hash);
  return !m || Number(m[1]) <= 8192;
}

describe('test vectors', () => {
  it('cover every format with at least two passwords, from the expected producers', () => {
    for (const format of ALL_FORMATS) {
      const passwords = new Set(vectors.filter((v) => v.format === format).map((v) => v.password));
      expect(passwords.size, format).toBeGreaterThanOrEqual(2);
    }
    const hashes = vectors.map((v) => v.hash);
    for (const prefix of [
      '$2b$',
      '$2y$',
      '$P$',
      '$H$',
      'pbkdf2_sha256$',
      'pbkdf2_sha1$',
      '$argon2id$',
      '$argon2i$',
    ]) {
      expect(
        hashes.some((h) => h.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(vectors.some((v) => v.password === 'pässwörd-✓')).toBe(true);
    expect(vectors.some((v) => v.format === 'bcrypt' && Buffer.byteLength(v.password) > 72)).toBe(true);
    const layouts = new Set(vectors.filter((v) => v.saltedDigest).map((v) => JSON.stringify(v.saltedDigest)));
    expect(layouts.size).toBe(4 * 2 * 2);
  });
});

describe('identifyHash', () => {
  it.each(named)('$name', (v) => {
    // A salted digest does not describe itself, though a hex MD5 one looks like bare MD5.
    const bare = /^[0-9a-f]{32}$/i.test(v.hash) ? 'md5' : null;
    const expected = v.format === 'salted-digest' ? bare : v.format === 'bcrypt-sha256' ? 'bcrypt' : v.format;
    expect(identifyHash(v.hash)).toBe(expected);
  });

  it.each([
    '',
    'password',
    '$2x$04$pJT8mwwncVIH/ctMttMMWurFkzlcI91emsqaFfIRsOkoK8B4149x6',
    '$2b$04$pJT8mwwncVIH/ctMttMMWurFkzlcI91emsqaFfIRsOkoK8B4149x',
    '$argon2d$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'a'.repeat(40),
  ])('answers null for %j', (stored) => {
    expect(identifyHash(stored)).toBeNull();
  });
});

describe('verifyPassword', () => {
  it.each(named)('$name: right password matches, a wrong one does not', { timeout: 30_000 }, async (v) => {
    const right = await verifyPassword(v.password, v.hash, ...optionsFor(v));
    // At cost 4 and in their own write format, bcrypt and Meteor hashes are current; the rest are legacy.
    const current = v.format === 'bcrypt' || v.format === 'bcrypt-sha256';
    expect(right).toEqual({ match: true, format: v.format, needsRehash: !current });
    const bad = await verifyPassword(wrong(v.password), v.hash, ...optionsFor(v));
    expect(bad.match).toBe(false);
    expect(bad.format).toBe(v.format);
    // bcrypt reads 72 bytes: an appended character is past the end of the long vectors.
    if (!['bcrypt', 'bcrypt-sha256', 'django-bcrypt'].includes(v.format)) {
      expect((await verifyPassword(`${v.password}!`, v.hash, ...optionsFor(v))).match).toBe(false);
    }
  });

  it('reads only the first 72 bytes of a bcrypt password, like the producers', async () => {
    const long = vectors.filter((v) => v.format === 'bcrypt' && Buffer.byteLength(v.password) > 72);
    expect(long.length).toBeGreaterThanOrEqual(2);
    for (const v of long) {
      expect(v.password).toMatch(/^[\x20-\x7e]+$/);
      const first72 = v.password.slice(0, 72);
      expect((await verifyPassword(`${first72}-different-tail`, v.hash, policy([]))).match).toBe(true);
    }
  });

  it('checks a bcrypt hash as Meteor’s only when bcrypt-sha256 is accepted', async () => {
    for (const v of vectors.filter((x) => x.format === 'bcrypt-sha256')) {
      expect(await verifyPassword(v.password, v.hash, policy(['bcrypt']))).toMatchObject({
        match: false,
        format: 'bcrypt',
      });
      const prehash = createHash('sha256').update(v.password).digest('hex');
      expect((await verifyPassword(prehash, v.hash, policy([]))).match).toBe(true);
    }
  });

  it('checks plain bcrypt beside Meteor’s only when both are accepted', async () => {
    const v = vectors.find((x) => x.format === 'bcrypt' && x.hash.startsWith('$2b$')) as HashVector;
    expect(await verifyPassword(v.password, v.hash, policy(['bcrypt-sha256']))).toMatchObject({
      match: false,
      format: 'bcrypt-sha256',
    });
    expect(await verifyPassword(v.password, v.hash, policy(['bcrypt-sha256', 'bcrypt']))).toEqual({
      match: true,
      format: 'bcrypt',
      needsRehash: false,
    });
    expect(
      await verifyPassword(wrong(v.password), v.hash, policy(['bcrypt-sha256', 'bcrypt'])),
    ).toMatchObject({
      match: false,
      format: 'bcrypt',
    });
  });

  it('flags plain bcrypt below bcryptCost for rehashing', async () => {
    const v = vectors.find((x) => x.format === 'bcrypt' && x.hash.startsWith('$2b$04$')) as HashVector;
    expect((await verifyPassword(v.password, v.hash, policy([], { bcryptCost: 10 }))).needsRehash).toBe(true);
    expect((await verifyPassword(v.password, v.hash, policy([], { bcryptCost: 4 }))).needsRehash).toBe(false);
  });

  // Formats without a prefix (bare MD5, ASP.NET's base64) are only recognized where accepted.
  it.each(
    named.filter(
      (v) => !['bcrypt', 'bcrypt-sha256', 'salted-digest', 'md5', 'aspnet-identity'].includes(v.format),
    ),
  )('$name: refused with unknown_hash_format naming the format when not accepted', async (v) => {
    // Django's bcrypt wrappers and argon2 share shapes with no other accepted format here.
    const others = ALL_FORMATS.filter((f) => f !== v.format && f !== 'salted-digest' && f !== 'md5');
    const error = await kitErrorOf(verifyPassword(v.password, v.hash, ...optionsFor(v, others)));
    expect(error.code).toBe('unknown_hash_format');
    expect(error.message).toContain(v.format);
  });

  it('refuses a salted digest as unrecognized when salted-digest is not accepted', async () => {
    const v = vectors.find((x) => x.format === 'salted-digest') as HashVector;
    const error = await kitErrorOf(
      verifyPassword(v.password, v.hash, ...optionsFor(v, ['bcrypt', 'phpass'])),
    );
    expect(error.code).toBe('unknown_hash_format');
    expect(error.message).toContain('unrecognized');
  });

  it('needs the salted-digest layout once salted-digest is accepted', () => {
    expect(() => policy(['salted-digest'])).toThrow(/saltedDigest/);
  });

  it('refuses a password that is not a string', async () => {
    const error = await kitErrorOf(verifyPassword(42 as unknown as string, '$2b$04$x', policy([])));
    expect(error.code).toBe('invalid_input');
  });

  const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
  const b64NoPad = (n: number) => b64(n).replace(/=+$/, '');
  const md5Hex: Options = [
    policy(ALL_FORMATS, { saltedDigest: { algorithm: 'md5', saltPosition: 'before', encoding: 'hex' } }),
    { salt: 's' },
  ];
  const sha1Base64: Options = [
    policy(ALL_FORMATS, { saltedDigest: { algorithm: 'sha1', saltPosition: 'after', encoding: 'base64' } }),
    { salt: 's' },
  ];
  const malformed: Array<[string, unknown, Options]> = [
    ['empty', '', md5Hex],
    ['null', null, md5Hex],
    ['a number', 12345, md5Hex],
    ['bare bcrypt prefix', '$2b$', md5Hex],
    ['bcrypt cost 99', `$2b$99$${'a'.repeat(53)}`, md5Hex],
    ['bcrypt cost 03', `$2b$03$${'a'.repeat(53)}`, md5Hex],
    ['bcrypt one character short', `$2b$04$${'a'.repeat(52)}`, md5Hex],
    ['bcrypt with a foreign character', `$2b$04$${'a'.repeat(52)}!`, md5Hex],
    ['phpass prefix only', '$P$', md5Hex],
    ['phpass count below 2^7', `$P$0${'a'.repeat(30)}`, md5Hex],
    ['phpass count above 2^30', `$P$z${'a'.repeat(30)}`, md5Hex],
    ['phpass truncated', '$H$9mH4V5aQ5VeOYbIEudNhe8kYUWSsha', md5Hex],
    ['django iteration 0', `pbkdf2_sha256$0$salt$${b64(32)}`, md5Hex],
    ['django negative iterations', `pbkdf2_sha256$-1$salt$${b64(32)}`, md5Hex],
    ['django absurd iterations', `pbkdf2_sha256$99999999999$salt$${b64(32)}`, md5Hex],
    ['django iterations not a number', `pbkdf2_sha256$abc$salt$${b64(32)}`, md5Hex],
    ['django hash not base64', 'pbkdf2_sha256$1000$salt$!!!!!!!!', md5Hex],
    ['django hash unpadded', `pbkdf2_sha256$1000$salt$${b64NoPad(32)}`, md5Hex],
    ['django sha256 hash of 16 bytes', `pbkdf2_sha256$1000$salt$${b64(16)}`, md5Hex],
    ['django sha1 hash of 32 bytes', `pbkdf2_sha1$1000$salt$${b64(32)}`, md5Hex],
    ['django empty salt', `pbkdf2_sha256$1000$$${b64(32)}`, md5Hex],
    ['django missing hash', 'pbkdf2_sha256$1000$salt', md5Hex],
    ['argon2 prefix only', '$argon2id$', md5Hex],
    ['argon2 m=0', `$argon2id$v=19$m=0,t=1,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 m below 8p', `$argon2id$v=19$m=15,t=1,p=2$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 t=0', `$argon2id$v=19$m=64,t=0,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 p=0', `$argon2id$v=19$m=64,t=1,p=0$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 absurd memory', `$argon2id$v=19$m=99999999,t=1,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 v=17', `$argon2id$v=17$m=64,t=1,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 salt of 4 bytes', `$argon2i$v=19$m=64,t=1,p=1$${b64NoPad(4)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 padded base64', `$argon2i$v=19$m=64,t=1,p=1$${b64(16)}$${b64(32)}`, md5Hex],
    ['argon2 hash not base64', `$argon2i$v=19$m=64,t=1,p=1$${b64NoPad(16)}$!!!!`, md5Hex],
    ['argon2 leading zero', `$argon2i$v=19$m=064,t=1,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2 extra field', `$argon2i$v=19$m=64,t=1,p=1,data=abc$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['argon2d', `$argon2d$v=19$m=64,t=1,p=1$${b64NoPad(16)}$${b64NoPad(32)}`, md5Hex],
    ['hex digest with a non-hex character', `${'a'.repeat(31)}g`, md5Hex],
    ['hex digest one character short', 'a'.repeat(31), md5Hex],
    ['hex digest of the wrong algorithm', 'a'.repeat(40), md5Hex],
    ['base64 digest of the wrong length', b64(16), sha1Base64],
    ['base64 digest without padding', b64NoPad(20), sha1Base64],
    ['base64 digest with junk', `${b64(20)}!`, sha1Base64],
    [
      'unrecognized text',
      'hunter2',
      [policy(ALL_FORMATS.filter((f) => f !== 'salted-digest')), { salt: null }],
    ],
  ];

  it.each(malformed)(
    'refuses %s with unknown_hash_format, never another error',
    async (_, stored, options) => {
      const error = await kitErrorOf(verifyPassword('password', stored as string, ...options));
      expect(error.code).toBe('unknown_hash_format');
      // Messages reach logs: they name the format, never the stored value.
      if (typeof stored === 'string' && stored.length > 12)
        expect(error.message).not.toContain(stored.slice(-12));
    },
  );

  it.each(named.filter(cheap))(
    '$name: fuzzed stored values resolve or throw KitError',
    { timeout: 60_000 },
    async (v) => {
      let seed = 0;
      for (const c of v.hash) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
      const random = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed % n;
      };
      const palette = ['$', '=', '!', '0', '9', 'a', '/', '.', ',', ' ', 'é', '\u0000'];
      const mutants = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const at = random(v.hash.length);
        const char = palette[random(palette.length)] as string;
        const kind = i % 4;
        if (kind === 0) mutants.add(v.hash.slice(0, at));
        if (kind === 1) mutants.add(v.hash.slice(0, at) + char + v.hash.slice(at + 1));
        if (kind === 2) mutants.add(v.hash.slice(0, at) + char + v.hash.slice(at));
        if (kind === 3) mutants.add(v.hash.slice(0, at) + v.hash.slice(at + 1));
      }
      mutants.delete(v.hash);
      for (const mutant of mutants) {
        try {
          const result = await verifyPassword(v.password, mutant, ...optionsFor(v));
          expect(typeof result.match).toBe('boolean');
        } catch (error) {
          expect(error, JSON.stringify(mutant)).toBeInstanceOf(KitError);
          // A mutated cost may land over the caps, or a '!' make it Django's unusable password.
          expect(['unknown_hash_format', 'hash_over_cap', 'unusable_password']).toContain(
            (error as KitError).code,
          );
        }
      }
    },
  );
});

describe('hashPassword', () => {
  it('writes a bcrypt hash of the requested cost that verifies', async () => {
    const hash = await hashPassword('pässwörd-✓', policy([]));
    expect(hash).toMatch(/^\$2[ab]\$04\$[./A-Za-z0-9]{53}$/);
    expect(identifyHash(hash)).toBe('bcrypt');
    expect(await verifyPassword('pässwörd-✓', hash, policy([]))).toEqual({
      match: true,
      format: 'bcrypt',
      needsRehash: false,
    });
    expect((await verifyPassword('passwörd-✓', hash, policy([]))).match).toBe(false);
    expect(await hashPassword('pässwörd-✓', policy([]))).not.toBe(hash);
  });

  it.each([3, 32, 10.5, Number.NaN])('refuses cost %s', async (cost) => {
    expect((await kitErrorOf(bcryptHash('pw', cost))).code).toBe('config_invalid');
  });
});

describe('toAuth0CustomPasswordHash', () => {
  const conversion = (v: HashVector) =>
    toAuth0CustomPasswordHash(v.hash, {
      salt: v.salt ?? null,
      saltedDigest: v.saltedDigest,
      format: v.format === 'bcrypt-sha256' ? v.format : undefined,
    });

  it.each(named.filter((v) => v.format === 'bcrypt'))('$name: bcrypt, $2y$ spelled $2b$', async (v) => {
    const out = conversion(v);
    if (!out.importable) throw new Error(out.reason);
    expect(out.value.algorithm).toBe('bcrypt');
    expect(out.value.hash.encoding).toBe('utf8');
    expect(out.value.salt).toBeUndefined();
    expect(out.value.hash.value).toMatch(/^\$2[ab]\$/);
    expect(out.value.hash.value.slice(4)).toBe(v.hash.slice(4));
    if (v.hash.startsWith('$2y$')) expect(out.value.hash.value.startsWith('$2b$')).toBe(true);
    expect((await verifyPassword(v.password, out.value.hash.value, policy([]))).match).toBe(true);
  });

  it.each(named.filter((v) => v.format.startsWith('django-pbkdf2-')))(
    '$name: PHC pbkdf2 string that derives the same key',
    (v) => {
      const out = conversion(v);
      if (!out.importable) throw new Error(out.reason);
      expect(out.value.algorithm).toBe('pbkdf2');
      expect(out.value.hash.encoding).toBe('utf8');
      const m = /^\$pbkdf2-(sha256|sha1)\$i=(\d+),l=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
        out.value.hash.value,
      );
      expect(m).not.toBeNull();
      const [, digest, i, l, salt, hash] = m as unknown as [string, string, string, string, string, string];
      const [, iterations, djangoSalt, djangoHash] = v.hash.split('$') as [string, string, string, string];
      expect(`django-pbkdf2-${digest}`).toBe(v.format);
      expect(i).toBe(iterations);
      expect(Number(l)).toBe(digest === 'sha256' ? 32 : 20);
      expect(Buffer.from(salt, 'base64').toString('utf8')).toBe(djangoSalt);
      expect(Buffer.from(hash, 'base64').toString('base64')).toBe(djangoHash);
      // What Auth0 will compute at login from the PHC fields alone:
      const derived = pbkdf2Sync(v.password, Buffer.from(salt, 'base64'), Number(i), Number(l), digest);
      expect(derived.equals(Buffer.from(hash, 'base64'))).toBe(true);
    },
  );

  it.each(named.filter((v) => v.format === 'argon2'))('$name: argon2 as is when v=19', (v) => {
    const out = conversion(v);
    if (v.hash.includes('$v=19$')) {
      expect(out).toEqual({
        importable: true,
        value: { algorithm: 'argon2', hash: { value: v.hash, encoding: 'utf8' } },
      });
    } else {
      expect(out.importable).toBe(false);
      if (!out.importable) expect(out.reason).toContain('v=19');
    }
  });

  it.each(named.filter((v) => v.format === 'salted-digest'))(
    '$name: digest with salt and position that reproduce it',
    (v) => {
      const layout = v.saltedDigest as SaltedDigestLayout;
      const out = conversion(v);
      if (!out.importable) throw new Error(out.reason);
      expect(out.value.algorithm).toBe(layout.algorithm);
      expect(out.value.hash).toEqual({ value: v.hash, encoding: layout.encoding });
      const salt = out.value.salt;
      expect(salt).toEqual({
        value: v.salt,
        encoding: 'utf8',
        position: layout.saltPosition === 'before' ? 'prefix' : 'suffix',
      });
      // Auth0's reading: digest(salt + password) for prefix, digest(password + salt) for suffix.
      const input =
        salt?.position === 'prefix' ? `${salt.value}${v.password}` : `${v.password}${salt?.value}`;
      expect(
        createHash(out.value.algorithm)
          .update(input)
          .digest(out.value.hash.encoding as 'hex' | 'base64'),
      ).toBe(v.hash);
    },
  );

  it.each(named.filter((v) => v.format === 'phpass' || v.format === 'bcrypt-sha256'))(
    '$name: not importable, with the reason',
    (v) => {
      const out = conversion(v);
      expect(out.importable).toBe(false);
      if (!out.importable) expect(out.reason).toMatch(v.format === 'phpass' ? /phpass/ : /Meteor/);
    },
  );

  it('leaves out the salt object for an empty salt', () => {
    const layout: SaltedDigestLayout = { algorithm: 'md5', saltPosition: 'before', encoding: 'hex' };
    const out = toAuth0CustomPasswordHash('5f4dcc3b5aa765d61d8327deb882cf99', {
      salt: '',
      saltedDigest: layout,
    });
    expect(out).toEqual({
      importable: true,
      value: { algorithm: 'md5', hash: { value: '5f4dcc3b5aa765d61d8327deb882cf99', encoding: 'hex' } },
    });
  });

  it.each([
    ['unrecognized text', 'hunter2', {}, /unrecognized/],
    ['a digest without its layout', 'a'.repeat(40), {}, /unrecognized/],
    ['a digest that does not fit its layout', 'abc', { format: 'salted-digest' as const }, /layout/],
    ['malformed bcrypt', '$2b$04$short', { format: 'bcrypt' as const }, /malformed/],
    ['an empty value', '', {}, /no stored/],
  ])('refuses %s', (_, stored, options, reason) => {
    const out = toAuth0CustomPasswordHash(stored, options);
    expect(out.importable).toBe(false);
    if (!out.importable) expect(out.reason).toMatch(reason);
  });
});
