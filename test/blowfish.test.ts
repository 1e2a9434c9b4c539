/** The bundled bcrypt against the real producers' hashes and against bcryptjs, byte for byte. */
import { createHash, createHmac } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { bcryptCompute } from '../hashes/blowfish.ts';
import { HASH_VECTORS } from './vectors/vectors.ts';

/** The bcrypt part of a vector and the password bcrypt itself sees. */
function bcryptPart(format: string, password: string, hash: string): [string, string] | null {
  const hex = createHash('sha256').update(password).digest('hex');
  if (format === 'bcrypt') return [password, hash];
  if (format === 'bcrypt-sha256') return [hex, hash];
  if (format === 'django-bcrypt') return [password, hash.slice('bcrypt$'.length)];
  if (format === 'django-bcrypt-sha256') return [hex, hash.slice('bcrypt_sha256$'.length)];
  if (format === 'wordpress-bcrypt') {
    return [createHmac('sha384', 'wp-sha384').update(password.trim()).digest('base64'), hash.slice(3)];
  }
  return null;
}

describe('bundled bcrypt', () => {
  const vectors = HASH_VECTORS.flatMap((v) => {
    const part = bcryptPart(v.format, v.password, v.hash);
    return part ? [[`${v.format} · ${v.producer}`, ...part] as const] : [];
  });

  it.each(vectors)('%s: recomputes the producer’s hash', async (_, password, hash) => {
    expect(await bcryptCompute(password, hash.slice(0, 29))).toBe(hash);
    expect(await bcryptCompute(`Z${password}`, hash.slice(0, 29))).not.toBe(hash);
  });

  it('equals bcryptjs on 200 random passwords and salts (fixed seed; non-ASCII, empty, past 72 bytes)', async () => {
    let seed = 20261124;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 200; i++) {
      let password = '';
      for (let k = random(100); k > 0; k--)
        password += String.fromCodePoint(random(4) === 0 ? 0xa0 + random(0x2000) : 0x20 + random(0x5f));
      const minor = ['a', 'b', 'y'][i % 3] as string;
      const setting = bcrypt.genSaltSync(4).replace(/^\$2b\$/, `$2${minor}$`);
      const expected = bcrypt.hashSync(password, setting.replace(/^\$2y\$/, '$2b$')).slice(4);
      expect((await bcryptCompute(password, setting)).slice(4), JSON.stringify(password)).toBe(expected);
    }
  });

  it('reads 72 bytes of the password, like every bcrypt', async () => {
    const setting = bcrypt.genSaltSync(4);
    const long = 'x'.repeat(72);
    expect(await bcryptCompute(`${long}tail`, setting)).toBe(await bcryptCompute(long, setting));
  });

  it('refuses what is not a bcrypt setting', async () => {
    await expect(bcryptCompute('pw', '$2b$03$abcdefghijklmnopqrstuv')).rejects.toThrow(/cost/);
    await expect(bcryptCompute('pw', '$2x$10$abcdefghijklmnopqrstuv')).rejects.toThrow(/setting/);
  });
});
