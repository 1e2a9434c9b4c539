/**
 * The memory-hard fill in WebAssembly (fill.c, built by build-wasm.sh): 2.5 KiB of code inlined in the
 * bundle, no fetch or file access. Whether Auth0's sandbox exposes `WebAssembly` is not confirmed
 * (AUTH0-RUNTIME.md does not say): `wasmFill()` answers null where it is missing or refuses to compile,
 * and the caller falls back to the native module or the JavaScript fill.
 */
import { yieldToEventLoop } from '../bytes.ts';
import type { Fill, Geometry } from './core.ts';
import { FILL_WASM_BASE64 } from './fill-wasm.ts';

/** The little of the WebAssembly API this uses (the project's type libraries do not declare it). */
interface WasmModule {
  readonly wasm: unique symbol;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { exports: unknown };
}

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  blocks_base(): number;
  fill(
    pass: number,
    lane: number,
    slice: number,
    from: number,
    to: number,
    lanes: number,
    segment: number,
    passes: number,
    type: number,
    version: number,
  ): void;
}

const PAGE = 65536;
/** Blocks per call into WebAssembly (~1 ms): between calls a long hash yields to the event loop. */
const CHUNK = 2048;
/** Work between two yields, as in the JavaScript fill. */
const SLICE_MS = 10;
/**
 * The one instance kept between calls holds at most this much memory (PHP's default 64 MiB and a little
 * more); a larger hash, or one that runs while the kept instance is busy, gets an instance of its own
 * that is dropped afterwards, so a container never holds more than one idle hash's memory.
 */
const KEEP_BLOCK_BYTES = 65 * 1024 * 1024;
/** …its blocks plus the module's own data and stack below them. */
export const KEEP_BYTES = KEEP_BLOCK_BYTES + 2 * PAGE;

let compiled: { api: WasmApi; module: WasmModule } | null | undefined;
let idle: Exports | null = null;

function compile(): { api: WasmApi; module: WasmModule } | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      // Read once: inside a node:vm sandbox every global read is slow.
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      if (api) compiled = { api, module: new api.Module(Buffer.from(FILL_WASM_BASE64, 'base64')) };
    } catch {
      // A sandbox may expose WebAssembly but forbid compiling it (V8's code-generation switches).
    }
  }
  return compiled;
}

/** The kept instance if it is free and the hash fits in what may be kept, else a new one. */
function take({ api, module }: { api: WasmApi; module: WasmModule }, g: Geometry): Exports {
  const kept = g.blocks * 1024 <= KEEP_BLOCK_BYTES ? idle : null;
  if (kept) idle = null;
  return kept ?? (new api.Instance(module).exports as Exports);
}

function release(instance: Exports): void {
  if (idle === null && instance.memory.buffer.byteLength <= KEEP_BYTES) idle = instance;
}

async function fillIn(wasm: Exports, g: Geometry, seeds: Uint8Array[]): Promise<Uint8Array> {
  const base = wasm.blocks_base();
  const need = base + g.blocks * 1024;
  const have = wasm.memory.buffer.byteLength;
  if (need > have) wasm.memory.grow(Math.ceil((need - have) / PAGE));
  // After any grow: a view made before it would be detached.
  const bytes = new Uint8Array(wasm.memory.buffer, base, g.blocks * 1024);
  for (let lane = 0; lane < g.lanes; lane++) {
    bytes.set(seeds[2 * lane] as Uint8Array, lane * g.laneLength * 1024);
    bytes.set(seeds[2 * lane + 1] as Uint8Array, (lane * g.laneLength + 1) * 1024);
  }
  const fill = wasm.fill;
  let started = Date.now();
  for (let pass = 0; pass < g.passes; pass++) {
    for (let slice = 0; slice < 4; slice++) {
      for (let lane = 0; lane < g.lanes; lane++) {
        for (let from = pass === 0 && slice === 0 ? 2 : 0; from < g.segment; from += CHUNK) {
          const to = Math.min(from + CHUNK, g.segment);
          fill(pass, lane, slice, from, to, g.lanes, g.segment, g.passes, g.type, g.version);
          if (Date.now() - started >= SLICE_MS) {
            await yieldToEventLoop();
            started = Date.now();
          }
        }
      }
    }
  }
  const final = new Uint8Array(1024);
  for (let lane = 0; lane < g.lanes; lane++) {
    const last = (lane * g.laneLength + g.laneLength - 1) * 1024;
    for (let k = 0; k < 1024; k++) final[k] = (final[k] as number) ^ (bytes[last + k] as number);
  }
  return final;
}

/** Bytes of WebAssembly memory the container keeps between hashes (for the tests of that bound). */
export function keptBytes(): number {
  return idle ? idle.memory.buffer.byteLength : 0;
}

/** The WebAssembly fill, or null where this runtime cannot compile it. */
export function wasmFill(): Fill | null {
  const wasm = compile();
  if (!wasm) return null;
  return async (g, seeds) => {
    const instance = take(wasm, g);
    try {
      return await fillIn(instance, g, seeds);
    } finally {
      release(instance);
    }
  };
}
