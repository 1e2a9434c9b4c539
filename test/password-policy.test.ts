/** The password policy beyond the vectors: work caps, unusable passwords, every write format, trimming. */
import { describe, expect, it } from 'vitest';
import { KitError } from '../core/errors.ts';
import { type PasswordConfigInput, passwordConfig, WRITE_FORMATS, WRITTEN_AS } from '../core/passwords.ts';
import { dummyVerify, hashPassword, identifyHash, verifyPassword } from '../hashes/index.ts';
import type { HashFormat, WriteFormat } from '../hashes/types.ts';

const policy = (more: PasswordConfigInput = {}) =>
  passwordConfig({ bcryptCost: 4, accept: [], rehashOnLogin: false, ...more }, 'passwords');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KitError) return error.code;
    throw error;
  }
  return 'resolved';
}

const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
const phc = (n: number) => b64(n).replace(/=+$/, '');

describe('work caps, checked before hashing', () => {
  const over: Array<[string, HashFormat, string]> = [
    ['bcrypt cost 31', 'bcrypt', `$2b$31$${'a'.repeat(53)}`],
    ['bcrypt cost 16', 'bcrypt', `$2y$16$${'a'.repeat(53)}`],
    ['$wp$ bcrypt cost 20', 'wordpress-bcrypt', `$wp$2y$20$${'a'.repeat(53)}`],
    ['Django bcrypt cost 24', 'django-bcrypt', `bcrypt$$2b$24$${'a'.repeat(53)}`],
    ['argon2 1 GiB × 100 passes', 'argon2', `$argon2id$v=19$m=1048576,t=100,p=1$${phc(16)}$${phc(32)}`],
    [
      'argon2 256 MiB × 100 passes × 64 lanes',
      'argon2',
      `$argon2id$v=19$m=262144,t=100,p=64$${phc(16)}$${phc(32)}`,
    ],
    [
      'Django argon2 512 MiB × 3',
      'django-argon2',
      `argon2$argon2id$v=19$m=524288,t=3,p=1$${phc(16)}$${phc(32)}`,
    ],
    ['PBKDF2 50,000,000 iterations', 'django-pbkdf2-sha256', `pbkdf2_sha256$50000000$salt$${b64(32)}`],
    ['phpass 2^30 rounds', 'phpass', `$P$S${'a'.repeat(30)}`],
    ['SHA-512-crypt 999,999,999 rounds', 'crypt', `$6$rounds=999999999$salt$${'a'.repeat(86)}`],
  ];

  it.each(over)('refuses %s with hash_over_cap naming the cap, not the hash', async (_, format, stored) => {
    let message = '';
    try {
      await verifyPassword('pw', stored, policy({ accept: [format] }));
    } catch (error) {
      expect((error as KitError).code).toBe('hash_over_cap');
      message = (error as KitError).message;
    }
    expect(message).toMatch(/over the cap of \d+/);
    expect(message).not.toContain(stored.slice(-20));
  });

  it('lets a configured cap through: the same hash checks once the cap allows it', async () => {
    const stored = await hashPassword('pw', policy({ bcryptCost: 6 }));
    expect(await codeOf(verifyPassword('pw', stored, policy({ caps: { bcryptCost: 5 } })))).toBe(
      'hash_over_cap',
    );
    expect((await verifyPassword('pw', stored, policy({ caps: { bcryptCost: 6 } }))).match).toBe(true);
  });

  it('refuses caps and costs outside their bounds in the config, naming the field', () => {
    expect(() => policy({ caps: { bcryptCost: 21 } })).toThrow(/passwords\.caps\.bcryptCost/);
    expect(() => policy({ bcryptCost: 12, caps: { bcryptCost: 11 } })).toThrow(/passwords\.bcryptCost/);
    expect(() => policy({ write: { format: 'md5' as WriteFormat } })).toThrow(/passwords\.write\.format/);
  });
});

describe("Django's unusable password", () => {
  it('is unusable_password, never a match, for any password', async () => {
    for (const password of ['', '!', 'x'.repeat(40)]) {
      expect(await codeOf(verifyPassword(password, `!${'x'.repeat(40)}`, policy()))).toBe(
        'unusable_password',
      );
    }
  });
});

describe('write formats', () => {
  const reading = WRITTEN_AS;

  it.each(WRITE_FORMATS.map((format) => [format]))(
    '%s: written, then read back as current',
    { timeout: 30_000 },
    async (format) => {
      const writes = policy({
        write: { format, iterations: 1000, argon2: { memoryKiB: 1024, passes: 2, parallelism: 1 } },
        accept: [reading[format]],
      });
      const stored = await hashPassword('pässwörd-✓', writes);
      expect(await verifyPassword('pässwörd-✓', stored, writes)).toEqual({
        match: true,
        format: reading[format],
        needsRehash: false,
      });
      expect((await verifyPassword('passwörd-✓', stored, writes)).match).toBe(false);
      if (format !== 'bcrypt-sha256') expect(identifyHash(stored)).toBe(reading[format]);
      // Under another write format the same hash is due for a rehash.
      const other = policy({
        write: { format: format === 'argon2id' ? 'bcrypt' : 'argon2id' },
        accept: [reading[format], 'argon2'],
      });
      expect((await verifyPassword('pässwörd-✓', stored, other)).needsRehash).toBe(true);
    },
  );

  it('writes $2y$ for bcrypt-2y and $wp$2y$ for WordPress, as PHP does', async () => {
    expect(await hashPassword('pw', policy({ write: { format: 'bcrypt-2y' } }))).toMatch(/^\$2y\$04\$/);
    expect(
      await hashPassword(
        'pw',
        policy({ write: { format: 'wordpress-bcrypt' }, accept: ['wordpress-bcrypt'] }),
      ),
    ).toMatch(/^\$wp\$2y\$04\$/);
    expect(
      await hashPassword(
        'pw',
        policy({
          write: { format: 'django-pbkdf2-sha256', iterations: 1000 },
          accept: ['django-pbkdf2-sha256'],
        }),
      ),
    ).toMatch(/^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$/);
  });

  it('trims as PHP trim() does when the store trims (WordPress), and not otherwise', async () => {
    const trims = policy({ trim: true, write: { format: 'wordpress-bcrypt' }, accept: ['wordpress-bcrypt'] });
    const stored = await hashPassword(' \t secret\n\0', trims);
    expect((await verifyPassword('secret', stored, trims)).match).toBe(true);
    expect((await verifyPassword(' secret ', stored, trims)).match).toBe(true);
    const keeps = policy({ write: { format: 'wordpress-bcrypt' }, accept: ['wordpress-bcrypt'] });
    expect((await verifyPassword('secret', await hashPassword(' secret ', keeps), keeps)).match).toBe(false);
  });

  it('dummy work resolves, whatever the password', async () => {
    await expect(dummyVerify('', policy())).resolves.toBeUndefined();
    await expect(
      dummyVerify('x'.repeat(1000), policy({ write: { format: 'phpass' }, accept: ['phpass'] })),
    ).resolves.toBeUndefined();
  });

  it('refuses a write format the store would not read back, naming the field', () => {
    expect(() => policy({ write: { format: 'argon2id' }, accept: ['bcrypt'] })).toThrow(
      /passwords\.write\.format/,
    );
    expect(() => policy({ write: { format: 'bcrypt' }, accept: ['bcrypt-sha256'] })).toThrow(
      /passwords\.write\.format/,
    );
  });
});
