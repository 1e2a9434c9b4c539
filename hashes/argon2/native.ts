/**
 * The `argon2` npm module (native, libargon2) where the runtime's require() serves it, used only where
 * WebAssembly is not (engines.ts says why). Whether Auth0's "Can I require" list has it is not
 * confirmed: a failed require answers null and the caller falls back to JavaScript.
 */
import { type Argon2Params, checkParams, TYPE_CODES } from './core.ts';

interface NativeArgon2 {
  hash(
    password: Buffer,
    options: {
      raw: true;
      salt: Buffer;
      type: number;
      version: number;
      memoryCost: number;
      timeCost: number;
      parallelism: number;
      hashLength: number;
      secret: Buffer;
      associatedData: Buffer;
    },
  ): Promise<Uint8Array>;
}

export type Argon2Raw = (p: Argon2Params) => Promise<Uint8Array>;

/** Auth0's require(): a global of the script's sandbox (absent in an ES module, e.g. under the tests). */
export function runtimeRequire(): ((name: string) => unknown) | undefined {
  return typeof require === 'function' ? require : undefined;
}

/** argon2Raw through the native module, or null where `load` cannot load it. */
export function nativeArgon2(load = runtimeRequire()): Argon2Raw | null {
  let native: NativeArgon2;
  try {
    native = load?.('argon2') as NativeArgon2;
    if (typeof native?.hash !== 'function') return null;
  } catch {
    return null;
  }
  return async (p) => {
    checkParams(p);
    const tag = await native.hash(Buffer.from(p.password), {
      raw: true,
      salt: Buffer.from(p.salt),
      type: TYPE_CODES[p.type],
      version: p.version,
      memoryCost: p.memoryKiB,
      timeCost: p.passes,
      parallelism: p.parallelism,
      hashLength: p.length,
      secret: Buffer.from(p.secret ?? []),
      associatedData: Buffer.from(p.associatedData ?? []),
    });
    // Into this realm: the module's Buffer belongs to the host's.
    return new Uint8Array(tag);
  };
}
