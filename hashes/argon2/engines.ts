/**
 * Which argon2 implementation runs, chosen once per module instance (once per Auth0 container, since the
 * kit keeps the module on `global`): WebAssembly where the sandbox compiles it, else the native module
 * where require() serves it, else plain JavaScript. All three answer the same tags (test/argon2.test.ts).
 * WebAssembly comes first because it measured faster than the native module inside the vm (PHP's default
 * argon2id: 0.55-0.58× native's time on Node 18, 20 and 22; `BENCH_SECTIONS=argon2 npm run bench`):
 * it reuses one memory where libargon2 allocates and wipes 64 MiB per hash.
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

/** The fastest engine this runtime has; a native failure (its own limits) retries in JavaScript. */
export function defaultEngine(): Engine {
  if (chosen) return chosen;
  const wasm = argon2Engine('wasm');
  const native = wasm ? null : argon2Engine('native');
  chosen = wasm ?? (native ? { name: 'native', raw: (p) => native.raw(p).catch(() => js.raw(p)) } : js);
  return chosen;
}
