/** Native bcrypt and the bundled implementation answer every bcrypt-family vector identically. */
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { passwordConfig } from '../core/passwords.ts';
import { type BcryptEngine, bcryptEngine, nativeEngine, useBcryptEngine } from '../hashes/bcrypt.ts';
import { hashPassword, verifyPassword } from '../hashes/index.ts';
import type { HashFormat } from '../hashes/types.ts';
import { HASH_VECTORS } from './vectors/vectors.ts';

const BCRYPT_FAMILY: readonly HashFormat[] = [
  'bcrypt',
  'bcrypt-sha256',
  'wordpress-bcrypt',
  'django-bcrypt',
  'django-bcrypt-sha256',
];
const native = nativeEngine(createRequire(import.meta.url)('bcrypt') as never, 'bcrypt');
const bundled = bcryptEngine();
const engines: [string, BcryptEngine][] = [
  ['native bcrypt', native],
  ['the bundled implementation', bundled],
];

afterAll(() => useBcryptEngine(null));

describe('bcrypt engines', () => {
  it('outside a bundle the bundled implementation is chosen (no require of a native module)', () => {
    expect(bundled.name).not.toMatch(/native/);
  });

  const vectors = HASH_VECTORS.filter((v) => BCRYPT_FAMILY.includes(v.format));
  it.each(vectors.map((v) => [`${v.format} · ${v.producer}`, v] as const))(
    '%s: same answers from both',
    async (_, v) => {
      const policy = passwordConfig(
        {
          bcryptCost: 4,
          rehashOnLogin: false,
          accept: [v.format],
          ...(v.format === 'bcrypt-sha256' ? { write: { format: 'bcrypt-sha256' } } : {}),
        },
        'passwords',
      );
      for (const [name, engine] of engines) {
        useBcryptEngine(engine);
        expect((await verifyPassword(v.password, v.hash, policy)).match, name).toBe(true);
        expect((await verifyPassword(`Z${v.password}`, v.hash, policy)).match, name).toBe(false);
      }
    },
  );

  it('each verifies what the other writes, $2b$ and $2y$ alike', async () => {
    for (const format of ['bcrypt', 'bcrypt-2y'] as const) {
      const policy = passwordConfig(
        { bcryptCost: 4, rehashOnLogin: false, accept: ['bcrypt'], write: { format } },
        'passwords',
      );
      for (const [writer, write] of engines) {
        useBcryptEngine(write);
        const stored = await hashPassword('pässwörd-✓', policy);
        expect(stored.slice(0, 4)).toBe(format === 'bcrypt' ? '$2b$' : '$2y$');
        for (const [reader, read] of engines) {
          useBcryptEngine(read);
          expect((await verifyPassword('pässwörd-✓', stored, policy)).match, `${writer} → ${reader}`).toBe(
            true,
          );
        }
      }
    }
  });
});
