/**
 * Legacy password formats through the built login bundle, on every backend: each vector comes from
 * its real producer (test/vectors/generate.sh). Each store declares its formats, so each vector
 * runs against a bundle built from a config variant that accepts it, with rehash-on-login on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { buildAll } from '../../build/bundle.ts';
import type { KitConfig, PasswordConfig } from '../../build/config.ts';
import { type PasswordConfigInput, passwordConfig, WRITE_FORMATS, WRITTEN_AS } from '../../core/passwords.ts';
import { identifyHash, verifyPassword } from '../../hashes/index.ts';
import { HASH_FORMATS, type HashFormat } from '../../hashes/types.ts';
import { WrongUsernameOrPasswordError } from '../../runtime/errors.ts';
import { describeEachBackend } from '../support/harness.ts';
import { HASH_VECTORS, type HashVector } from '../vectors/vectors.ts';

const ROOT = inject('root');
const VECTORS = HASH_VECTORS;

/** Formats a value cannot be mistaken for: a store may accept all of them at once. */
const PREFIXED = HASH_FORMATS.filter(
  (f) => !['bcrypt-sha256', 'salted-digest', 'md5', 'aspnet-identity'].includes(f),
);

/** The password policy a store holding this vector would configure. */
function passwordsFor(vector: HashVector, more: PasswordConfigInput = {}): PasswordConfig {
  const accept: HashFormat[] = PREFIXED.includes(vector.format) ? PREFIXED : [vector.format];
  return passwordConfig(
    {
      bcryptCost: 10,
      accept,
      rehashOnLogin: true,
      // Meteor's store keeps writing Meteor's format: it accepts nothing else.
      ...(vector.format === 'bcrypt-sha256' ? { write: { format: 'bcrypt-sha256' } } : {}),
      ...(vector.saltedDigest ? { saltedDigest: vector.saltedDigest } : {}),
      ...more,
    },
    'passwords',
  );
}

const variantName = (passwords: PasswordConfig) => JSON.stringify(passwords);
const outRoot = mkdtemp(join(tmpdir(), 'customdb-legacy-'));
const builds = new Map<string, Promise<string>>();

/** Builds (once) the login script of a config variant and returns its dist directory. */
function variantDir(passwords: PasswordConfig): Promise<string> {
  const name = variantName(passwords);
  let built = builds.get(name);
  if (!built) {
    built = (async () => {
      const config: KitConfig = { ...inject('suiteConfig'), passwords };
      const outDir = join(await outRoot, String(builds.size));
      await buildAll({ root: ROOT, config, outDir, scripts: ['login'] });
      return outDir;
    })();
    builds.set(name, built);
  }
  return built;
}

afterAll(async () => {
  await rm(await outRoot, { recursive: true, force: true });
});

const label = (vector: HashVector) =>
  `${vector.format}${vector.saltedDigest ? ` ${Object.values(vector.saltedDigest).join('/')}` : ''} (${vector.producer}, ${JSON.stringify(vector.password).slice(0, 24)})`;

describeEachBackend('legacy formats', (h) => {
  it.each(VECTORS.map((vector) => [label(vector), vector] as const))(
    'legacy - should verify %s, refuse a wrong password, and rehash to bcrypt on login',
    async (_, vector) => {
      const dir = await variantDir(passwordsFor(vector));
      const login = h().script('login', dir);
      const email = h().email('legacy');
      const id = await h().seed({ email, passwordHash: vector.hash, passwordSalt: vector.salt ?? null });

      // Wrong at the start: bcrypt reads only the first 72 bytes, so a changed tail would still match.
      const wrong = await h().container.invoke(login, [email, `x${vector.password}`], 'legacy/login');
      expect(wrong.error).toBeInstanceOf(WrongUsernameOrPasswordError);
      expect((await h().probe.find(email))?.passwordHash).toBe(vector.hash);

      const right = await h().container.invoke(login, [email, vector.password], 'legacy/login');
      expect(right.error).toBeNull();
      expect((right.results[0] as { user_id: string }).user_id).toBe(h().userId(id));

      const stored = await h().probe.find(email);
      expect(stored?.migratedAt).toBeInstanceOf(Date);
      const cost = Number(/^\$2[aby]\$(\d\d)\$/.exec(vector.hash)?.[1]);
      if (vector.format === 'bcrypt' && cost >= 10) {
        expect(stored?.passwordHash).toBe(vector.hash);
      } else {
        // Every other format, and bcrypt below the configured cost, is rewritten in the write format.
        const policy = passwordsFor(vector);
        expect(stored?.passwordHash).toMatch(/^\$2[ab]\$10\$/);
        const check = await verifyPassword(vector.password, stored?.passwordHash as string, policy, {
          salt: null,
        });
        expect(check).toMatchObject({ match: true, needsRehash: false });
        expect(stored?.passwordSalt).toBeNull();
      }
      const again = await h().container.invoke(login, [email, vector.password], 'legacy/login');
      expect(again.error).toBeNull();
      const wrongAfter = await h().container.invoke(login, [email, `x${vector.password}`], 'legacy/login');
      expect(wrongAfter.error).toBeInstanceOf(WrongUsernameOrPasswordError);
    },
  );

  /** What each write format's hash identifies as. */
  const WRITTEN: Record<(typeof WRITE_FORMATS)[number], RegExp> = {
    bcrypt: /^\$2b\$10\$/,
    'bcrypt-2y': /^\$2y\$10\$/,
    'wordpress-bcrypt': /^\$wp\$2y\$10\$/,
    phpass: /^\$P\$B/,
    'django-pbkdf2-sha256': /^pbkdf2_sha256\$1000000\$/,
    'bcrypt-sha256': /^\$2b\$10\$/,
    argon2id: /^\$argon2id\$v=19\$m=65536,t=4,p=1\$/,
  };

  it.each(WRITE_FORMATS.map((format) => [format]))(
    'legacy - should rehash a Django SHA-1 user into the %s write format, which then verifies',
    { timeout: 60_000 },
    async (format) => {
      // Django's SHA-1 PBKDF2 is never any write format: every format rewrites it.
      const vector = VECTORS.find((v) => v.format === 'django-pbkdf2-sha1') as HashVector;
      const passwords = passwordsFor(vector, {
        write: { format },
        accept: [...PREFIXED, WRITTEN_AS[format]],
      });
      const login = h().script('login', await variantDir(passwords));
      const email = h().email(`legacy-write-${format}`);
      await h().seed({ email, passwordHash: vector.hash });
      expect((await h().container.invoke(login, [email, vector.password], 'legacy/login')).error).toBeNull();
      const written = (await h().probe.find(email))?.passwordHash as string;
      expect(written).toMatch(WRITTEN[format]);
      const reader = passwordConfig(
        { ...passwords, accept: [...passwords.accept, 'bcrypt-sha256'] },
        'passwords',
      );
      const check = await verifyPassword(
        vector.password,
        written,
        format === 'bcrypt-sha256' ? reader : passwords,
      );
      expect(check).toMatchObject({ match: true, needsRehash: false });
      expect(identifyHash(written)).not.toBeNull();
      expect((await h().container.invoke(login, [email, vector.password], 'legacy/login')).error).toBeNull();
      expect((await h().probe.find(email))?.passwordHash).toBe(written);
    },
  );

  it('legacy - should keep a legacy hash as it is when rehashOnLogin is off', async () => {
    const vector = VECTORS.find((v) => v.format === 'phpass') as HashVector;
    const dir = await variantDir(passwordsFor(vector, { rehashOnLogin: false }));
    const login = h().script('login', dir);
    const email = h().email('legacy-norehash');
    await h().seed({ email, passwordHash: vector.hash });
    expect((await h().container.invoke(login, [email, vector.password], 'legacy/login')).error).toBeNull();
    expect((await h().probe.find(email))?.passwordHash).toBe(vector.hash);
  });

  it('legacy - should still log in when writing the rehash fails (the failure is logged)', async () => {
    const vector = VECTORS.find((v) => v.format === 'phpass') as HashVector;
    // The adapter's own way to make the server refuse the migration mark's write.
    const broken = h().testing.failingMigrationMark(h().store);
    const outDir = join(await outRoot, 'broken-migration');
    await buildAll({
      root: ROOT,
      config: { ...h().config, passwords: passwordsFor(vector), stores: { [h().adapter.name]: broken } },
      outDir,
      scripts: ['login'],
    });
    const login = h().script('login', outDir);
    const email = h().email('legacy-writefault');
    await h().seed({ email, passwordHash: vector.hash });
    const result = await h().container.invoke(login, [email, vector.password], 'legacy/login');
    expect(result.error).toBeNull();
    expect(result.logs.join('\n')).toContain('could not record migration');
    expect(result.logs.join('\n')).not.toContain(vector.password);
    expect((await h().probe.find(email))?.passwordHash).toBe(vector.hash);
  });
});
