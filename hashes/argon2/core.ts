/**
 * Argon2 (RFC 9106) around its memory-hard fill: H0, the first two blocks of each lane, and the tag from
 * the last column. BLAKE2b (called a few dozen times per hash, never in the fill) comes from
 * @noble/hashes; the fill is an engine's (js-fill.ts, wasm-fill.ts).
 */
import { blake2b } from '@noble/hashes/blake2.js';

export type Argon2Type = 'argon2d' | 'argon2i' | 'argon2id';

export interface Argon2Params {
  type: Argon2Type;
  /** 0x13 (19) or the pre-1.3 0x10 (16). */
  version: 16 | 19;
  password: Uint8Array;
  salt: Uint8Array;
  memoryKiB: number;
  passes: number;
  parallelism: number;
  /** Tag length in bytes. */
  length: number;
  /** RFC 9106's K and X, which password stores leave empty (RFC 9106's test vectors set them). */
  secret?: Uint8Array;
  associatedData?: Uint8Array;
}

export const TYPE_CODES: Record<Argon2Type, 0 | 1 | 2> = { argon2d: 0, argon2i: 1, argon2id: 2 };

/** The shape of the memory: lanes of 4 segments; `blocks` is m' (memoryKiB rounded down to 4p). */
export interface Geometry {
  type: 0 | 1 | 2;
  version: 16 | 19;
  passes: number;
  lanes: number;
  segment: number;
  laneLength: number;
  blocks: number;
}

/**
 * Fills the memory from its seeds (block 0 and 1 of each lane: seeds[2 * lane + i], 1024 bytes each)
 * and answers the XOR of each lane's last block, as 1024 bytes.
 */
export type Fill = (geometry: Geometry, seeds: Uint8Array[]) => Promise<Uint8Array>;

/** RFC 9106 §3.1's limits (with the tag at least 4 bytes, the salt at least 8). */
export function checkParams(p: Argon2Params): void {
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  const ok =
    p.type in TYPE_CODES &&
    (p.version === 16 || p.version === 19) &&
    whole(p.parallelism, 1, 0xffffff) &&
    whole(p.memoryKiB, 8 * p.parallelism, 0xffffffff) &&
    whole(p.passes, 1, 0xffffffff) &&
    whole(p.length, 4, 0xffffffff) &&
    p.salt.length >= 8;
  if (!ok) throw new RangeError('argon2: parameters out of range');
}

export function geometry(p: Argon2Params): Geometry {
  const segment = Math.floor(p.memoryKiB / (4 * p.parallelism));
  return {
    type: TYPE_CODES[p.type],
    version: p.version,
    passes: p.passes,
    lanes: p.parallelism,
    segment,
    laneLength: 4 * segment,
    blocks: 4 * segment * p.parallelism,
  };
}

function le32(n: number): Uint8Array {
  return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * H' (RFC 9106 §3.3): BLAKE2b stretched to `length` bytes: the first 32 bytes of V1 … Vr, then all of
 * V(r+1), which is BLAKE2b of Vr cut to what is left (not always 64 bytes: tags need not be multiples of 32).
 */
function hPrime(length: number, input: Uint8Array): Uint8Array {
  const seeded = concat([le32(length), input]);
  if (length <= 64) return blake2b(seeded, { dkLen: length });
  const out = new Uint8Array(length);
  let v = blake2b(seeded);
  out.set(v.subarray(0, 32), 0);
  let at = 32;
  for (; length - at > 64; at += 32) {
    v = blake2b(v);
    out.set(v.subarray(0, 32), at);
  }
  out.set(blake2b(v, { dkLen: length - at }), at);
  return out;
}

/** The tag of `p`, with `fill` doing the memory-hard part. */
export async function argon2With(fill: Fill, p: Argon2Params): Promise<Uint8Array> {
  checkParams(p);
  const g = geometry(p);
  const secret = new Uint8Array(p.secret ?? []);
  const associatedData = new Uint8Array(p.associatedData ?? []);
  // Copies into this realm's Uint8Array: noble checks `instanceof Uint8Array`, which a Buffer made by
  // the host realm fails inside a node:vm sandbox.
  const h0 = blake2b(
    concat([
      le32(p.parallelism),
      le32(p.length),
      le32(p.memoryKiB),
      le32(p.passes),
      le32(p.version),
      le32(g.type),
      le32(p.password.length),
      new Uint8Array(p.password),
      le32(p.salt.length),
      new Uint8Array(p.salt),
      le32(secret.length),
      secret,
      le32(associatedData.length),
      associatedData,
    ]),
  );
  const seeds: Uint8Array[] = [];
  for (let lane = 0; lane < g.lanes; lane++) {
    seeds.push(hPrime(1024, concat([h0, le32(0), le32(lane)])));
    seeds.push(hPrime(1024, concat([h0, le32(1), le32(lane)])));
  }
  return hPrime(p.length, await fill(g, seeds));
}
