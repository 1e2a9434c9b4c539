/**
 * Which argon2 implementation runs, chosen once per module instance (once per Auth0 container, since the
 * kit keeps the module on `global`): the native module where require() serves it, else WebAssembly where
 * the sandbox compiles it, else plain JavaScript. All three answer the same tags (test/argon2.test.ts).
 */
import { argon2With } from './core.ts';
import { jsFill } from './js-fill.ts';
import { type Argon2Raw, nativeArgon2, runtimeRequire } from './native.ts';
import { wasmFill } from './wasm-fill.ts';

export type EngineName = 'native' | 'wasm' | 'js';

export interface Engine {
  name: EngineName;
  raw: Argon2Raw;
}

const js: Engine = { name: 'js', raw: (p) => argon2With(jsFill, p) };

/** One engine by name, or null where this runtime lacks it; `load` stands in for require(). */
export function argon2Engine(name: EngineName, load = runtimeRequire()): Engine | null {
  if (name === 'js') return js;
  if (name === 'wasm') {
    const fill = wasmFill();
    return fill ? { name, raw: (p) => argon2With(fill, p) } : null;
  }
  const raw = nativeArgon2(load);
  return raw ? { name, raw } : null;
}

let chosen: Engine | undefined;

/** The fastest engine this runtime has; a native failure (its own limits) retries in the next one. */
export function defaultEngine(): Engine {
  if (chosen) return chosen;
  const fallback = argon2Engine('wasm') ?? js;
  const native = argon2Engine('native');
  chosen = native ? { name: 'native', raw: (p) => native.raw(p).catch(() => fallback.raw(p)) } : fallback;
  return chosen;
}
