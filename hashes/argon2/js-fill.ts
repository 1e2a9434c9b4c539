/**
 * The memory-hard fill (RFC 9106 §3.2-3.6) in plain JavaScript: the fallback where WebAssembly is not
 * available. Written here rather than taken from @noble/hashes/argon2: noble's inner loop reads the
 * global `Math` per step, and inside a node:vm context (the kit's local runtime, possibly Auth0's
 * sandbox) every global read goes through the context's interceptor, which made a PHP default hash
 * (m=65536,t=4,p=1) take ~15 s instead of ~1.3 s. Every binding of the hot loop below is lexical.
 */
import { yieldToEventLoop } from '../bytes.ts';
import type { Geometry } from './core.ts';

const imul = Math.imul;
const TWO32 = 4294967296;
/** Words (u32) per 1 KiB block; a block is 128 little-endian u64s stored as (low, high) word pairs. */
const WORDS = 256;
/** Work between two yields to the event loop, so a long hash does not stall the container. */
const SLICE_MS = 10;

/**
 * High 32 bits of the 64-bit product of two u32s. The float product is off by less than 2^11, so after
 * removing the exact low word and dividing by 2^32, rounding to the nearest integer is exact.
 */
function mulHi(a: number, b: number): number {
  return ((a * b - (imul(a, b) >>> 0)) / TWO32 + 0.5) >>> 0;
}

/** BlaMka's G over the u64s at indices a, b, c, d of `v` (RFC 9106 §3.6). */
function gb(v: Uint32Array, a: number, b: number, c: number, d: number): void {
  let al = v[2 * a] as number;
  let ah = v[2 * a + 1] as number;
  let bl = v[2 * b] as number;
  let bh = v[2 * b + 1] as number;
  let cl = v[2 * c] as number;
  let ch = v[2 * c + 1] as number;
  let dl = v[2 * d] as number;
  let dh = v[2 * d + 1] as number;
  let lo: number;
  let pl: number;
  let ph: number;
  let xl: number;
  let xh: number;

  // a = a + b + 2 * lo32(a) * lo32(b); d = rotr64(d ^ a, 32)
  pl = imul(al, bl) >>> 0;
  ph = mulHi(al, bl);
  lo = al + bl + ((pl << 1) >>> 0);
  ah = (ah + bh + ((ph << 1) | (pl >>> 31)) + ((lo / TWO32) | 0)) | 0;
  al = lo >>> 0;
  xl = dl ^ al;
  xh = dh ^ ah;
  dl = xh >>> 0;
  dh = xl >>> 0;
  // c = c + d + 2 * lo32(c) * lo32(d); b = rotr64(b ^ c, 24)
  pl = imul(cl, dl) >>> 0;
  ph = mulHi(cl, dl);
  lo = cl + dl + ((pl << 1) >>> 0);
  ch = (ch + dh + ((ph << 1) | (pl >>> 31)) + ((lo / TWO32) | 0)) | 0;
  cl = lo >>> 0;
  xl = bl ^ cl;
  xh = bh ^ ch;
  bl = ((xl >>> 24) | (xh << 8)) >>> 0;
  bh = ((xh >>> 24) | (xl << 8)) >>> 0;
  // a = a + b + 2 * lo32(a) * lo32(b); d = rotr64(d ^ a, 16)
  pl = imul(al, bl) >>> 0;
  ph = mulHi(al, bl);
  lo = al + bl + ((pl << 1) >>> 0);
  ah = (ah + bh + ((ph << 1) | (pl >>> 31)) + ((lo / TWO32) | 0)) | 0;
  al = lo >>> 0;
  xl = dl ^ al;
  xh = dh ^ ah;
  dl = ((xl >>> 16) | (xh << 16)) >>> 0;
  dh = ((xh >>> 16) | (xl << 16)) >>> 0;
  // c = c + d + 2 * lo32(c) * lo32(d); b = rotr64(b ^ c, 63)
  pl = imul(cl, dl) >>> 0;
  ph = mulHi(cl, dl);
  lo = cl + dl + ((pl << 1) >>> 0);
  ch = (ch + dh + ((ph << 1) | (pl >>> 31)) + ((lo / TWO32) | 0)) | 0;
  cl = lo >>> 0;
  xl = bl ^ cl;
  xh = bh ^ ch;
  bl = ((xl << 1) | (xh >>> 31)) >>> 0;
  bh = ((xh << 1) | (xl >>> 31)) >>> 0;

  v[2 * a] = al;
  v[2 * a + 1] = ah;
  v[2 * b] = bl;
  v[2 * b + 1] = bh;
  v[2 * c] = cl;
  v[2 * c + 1] = ch;
  v[2 * d] = dl;
  v[2 * d + 1] = dh;
}

/** The permutation P over 16 u64s given by their indices in `v`. */
function permute(
  v: Uint32Array,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  x4: number,
  x5: number,
  x6: number,
  x7: number,
  x8: number,
  x9: number,
  x10: number,
  x11: number,
  x12: number,
  x13: number,
  x14: number,
  x15: number,
): void {
  gb(v, x0, x4, x8, x12);
  gb(v, x1, x5, x9, x13);
  gb(v, x2, x6, x10, x14);
  gb(v, x3, x7, x11, x15);
  gb(v, x0, x5, x10, x15);
  gb(v, x1, x6, x11, x12);
  gb(v, x2, x7, x8, x13);
  gb(v, x3, x4, x9, x14);
}

/** Compression G: out = P(x ^ y) ^ (x ^ y), XORed into `out` instead of replacing it when `xor` is set. */
function compress(mem: Uint32Array, x: number, y: number, out: number, xor: boolean, r: Uint32Array): void {
  // `out` is never `x`, and may be `y` only word for word, so it can take its first part at once.
  if (xor) {
    for (let k = 0; k < WORDS; k++) {
      const w = (mem[x + k] as number) ^ (mem[y + k] as number);
      r[k] = w;
      mem[out + k] = w ^ (mem[out + k] as number);
    }
  } else {
    for (let k = 0; k < WORDS; k++) {
      const w = (mem[x + k] as number) ^ (mem[y + k] as number);
      r[k] = w;
      mem[out + k] = w;
    }
  }
  // P over the 8 rows of 16 u64s, then over the 8 columns of 2 x 8 (RFC 9106 §3.5).
  for (let i = 0; i < 128; i += 16) {
    permute(
      r,
      i,
      i + 1,
      i + 2,
      i + 3,
      i + 4,
      i + 5,
      i + 6,
      i + 7,
      i + 8,
      i + 9,
      i + 10,
      i + 11,
      i + 12,
      i + 13,
      i + 14,
      i + 15,
    );
  }
  for (let i = 0; i < 16; i += 2) {
    permute(
      r,
      i,
      i + 1,
      i + 16,
      i + 17,
      i + 32,
      i + 33,
      i + 48,
      i + 49,
      i + 64,
      i + 65,
      i + 80,
      i + 81,
      i + 96,
      i + 97,
      i + 112,
      i + 113,
    );
  }
  for (let k = 0; k < WORDS; k++) mem[out + k] = (mem[out + k] as number) ^ (r[k] as number);
}

export async function jsFill(g: Geometry, seeds: Uint8Array[]): Promise<Uint8Array> {
  const { type, lanes, segment, laneLength, blocks } = g;
  const mem = new Uint32Array(blocks * WORDS);
  const loadBlock = (bytes: Uint8Array, at: number) => {
    for (let k = 0; k < WORDS; k++) {
      const b = 4 * k;
      mem[at + k] =
        ((bytes[b] as number) |
          ((bytes[b + 1] as number) << 8) |
          ((bytes[b + 2] as number) << 16) |
          ((bytes[b + 3] as number) << 24)) >>>
        0;
    }
  };
  for (let lane = 0; lane < lanes; lane++) {
    loadBlock(seeds[2 * lane] as Uint8Array, lane * laneLength * WORDS);
    loadBlock(seeds[2 * lane + 1] as Uint8Array, (lane * laneLength + 1) * WORDS);
  }

  const r = new Uint32Array(WORDS);
  // Scratch blocks past the memory: zero, address-generator input, addresses.
  const scratch = new Uint32Array(3 * WORDS);
  const ZERO = 0;
  const INPUT = WORDS;
  const ADDRESSES = 2 * WORDS;
  const nextAddresses = () => {
    scratch[INPUT + 12] = ((scratch[INPUT + 12] as number) + 1) >>> 0;
    compress(scratch, ZERO, INPUT, ADDRESSES, false, r);
    compress(scratch, ZERO, ADDRESSES, ADDRESSES, false, r);
  };
  let started = Date.now();

  for (let pass = 0; pass < g.passes; pass++) {
    for (let slice = 0; slice < 4; slice++) {
      const independent = type === 1 || (type === 2 && pass === 0 && slice < 2);
      for (let lane = 0; lane < lanes; lane++) {
        if (independent) {
          scratch.fill(0, INPUT, 3 * WORDS);
          scratch[INPUT] = pass;
          scratch[INPUT + 2] = lane;
          scratch[INPUT + 4] = slice;
          scratch[INPUT + 6] = blocks;
          scratch[INPUT + 8] = g.passes;
          scratch[INPUT + 10] = type;
        }
        let index = 0;
        if (pass === 0 && slice === 0) {
          index = 2;
          if (independent) nextAddresses();
        }
        let current = lane * laneLength + slice * segment + index;
        let previous = current % laneLength === 0 ? current + laneLength - 1 : current - 1;
        for (; index < segment; index++, current++, previous++) {
          if (current % laneLength === 1) previous = current - 1;
          let j1: number;
          let j2: number;
          if (independent) {
            if (index % 128 === 0) nextAddresses();
            j1 = scratch[ADDRESSES + 2 * (index % 128)] as number;
            j2 = scratch[ADDRESSES + 2 * (index % 128) + 1] as number;
          } else {
            j1 = mem[previous * WORDS] as number;
            j2 = mem[previous * WORDS + 1] as number;
          }
          const refLane = pass === 0 && slice === 0 ? lane : j2 % lanes;
          const sameLane = refLane === lane;
          const area =
            pass === 0
              ? slice === 0
                ? index - 1
                : slice * segment + (sameLane ? index - 1 : index === 0 ? -1 : 0)
              : laneLength - segment + (sameLane ? index - 1 : index === 0 ? -1 : 0);
          const relative = area - 1 - mulHi(area, mulHi(j1, j1));
          const start = pass !== 0 && slice !== 3 ? (slice + 1) * segment : 0;
          const ref = refLane * laneLength + ((start + relative) % laneLength);
          // Version 0x13 XORs into the block it overwrites from the second pass on; 0x10 never does.
          const xor = g.version === 19 && pass !== 0;
          compress(mem, previous * WORDS, ref * WORDS, current * WORDS, xor, r);
          if ((index & 127) === 127 && Date.now() - started >= SLICE_MS) {
            await yieldToEventLoop();
            started = Date.now();
          }
        }
      }
    }
  }

  const final = new Uint32Array(WORDS);
  for (let lane = 0; lane < lanes; lane++) {
    const last = (lane * laneLength + laneLength - 1) * WORDS;
    for (let k = 0; k < WORDS; k++) final[k] = (final[k] as number) ^ (mem[last + k] as number);
  }
  const bytes = new Uint8Array(1024);
  for (let k = 0; k < WORDS; k++) {
    const w = final[k] as number;
    bytes.set([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24], 4 * k);
  }
  return bytes;
}
