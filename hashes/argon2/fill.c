/*
 * The memory-hard part of Argon2 (RFC 9106 §3.2-3.6) for WebAssembly: the kit's JavaScript computes H0,
 * the first two blocks of each lane and the final H' with BLAKE2b, and calls `fill` on runs of blocks of
 * one segment so that it can yield to the event loop between them. Built by build-wasm.sh; no libc.
 *
 * Memory: blocks start at `blocks_base()` (1 KiB aligned), lane-major (block c of lane l is at index
 * l * lane_length + c), each 128 little-endian u64s, as in the reference implementation.
 */
typedef unsigned long long u64;
typedef unsigned int u32;

#define QWORDS 128

extern unsigned char __heap_base;

static u64 zero_block[QWORDS];
static u64 input_block[QWORDS];
static u64 address_block[QWORDS];
static u64 r[QWORDS];
static u64 t[QWORDS];

__attribute__((export_name("blocks_base"))) u32 blocks_base(void) {
  return ((u32)&__heap_base + 1023u) & ~1023u;
}

static inline u64 rotr(u64 x, u32 n) { return (x >> n) | (x << (64 - n)); }

static inline u64 blamka(u64 x, u64 y) { return x + y + 2 * (u64)(u32)x * (u64)(u32)y; }

#define G(a, b, c, d)                                                                                    \
  do {                                                                                                    \
    a = blamka(a, b); d = rotr(d ^ a, 32);                                                                \
    c = blamka(c, d); b = rotr(b ^ c, 24);                                                                \
    a = blamka(a, b); d = rotr(d ^ a, 16);                                                                \
    c = blamka(c, d); b = rotr(b ^ c, 63);                                                                \
  } while (0)

#define P(v, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15)                     \
  do {                                                                                                    \
    G(v[i0], v[i4], v[i8], v[i12]); G(v[i1], v[i5], v[i9], v[i13]);                                      \
    G(v[i2], v[i6], v[i10], v[i14]); G(v[i3], v[i7], v[i11], v[i15]);                                    \
    G(v[i0], v[i5], v[i10], v[i15]); G(v[i1], v[i6], v[i11], v[i12]);                                    \
    G(v[i2], v[i7], v[i8], v[i13]); G(v[i3], v[i4], v[i9], v[i14]);                                      \
  } while (0)

/* next = P(prev ^ ref) ^ prev ^ ref, XORed into next's old content when with_xor (v=0x13, pass > 0). */
static void compress(const u64 *prev, const u64 *ref, u64 *next, int with_xor) {
  for (u32 i = 0; i < QWORDS; i++) r[i] = prev[i] ^ ref[i];
  for (u32 i = 0; i < QWORDS; i++) t[i] = with_xor ? r[i] ^ next[i] : r[i];
  for (u32 i = 0; i < 8; i++) {
    u32 k = 16 * i;
    P(r, k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7, k + 8, k + 9, k + 10, k + 11, k + 12, k + 13,
      k + 14, k + 15);
  }
  for (u32 i = 0; i < 8; i++) {
    u32 k = 2 * i;
    P(r, k, k + 1, k + 16, k + 17, k + 32, k + 33, k + 48, k + 49, k + 64, k + 65, k + 80, k + 81, k + 96,
      k + 97, k + 112, k + 113);
  }
  for (u32 i = 0; i < QWORDS; i++) next[i] = t[i] ^ r[i];
}

/* The address block that covers indices 128 * (counter - 1) ... of the segment (RFC 9106 §3.4.1.2). */
static void next_addresses(u64 counter) {
  input_block[6] = counter;
  compress(zero_block, input_block, address_block, 0);
  compress(zero_block, address_block, address_block, 0);
}

/*
 * Fills blocks `from` .. `to` - 1 of segment `slice` of `lane` in pass `pass`. type: 0 argon2d,
 * 1 argon2i, 2 argon2id; version 16 or 19; segment = lane_length / 4; total = blocks of all lanes.
 */
__attribute__((export_name("fill"))) void fill(u32 pass, u32 lane, u32 slice, u32 from, u32 to, u32 lanes,
                                               u32 segment, u32 passes, u32 type, u32 version) {
  u64 *memory = (u64 *)blocks_base();
  u32 lane_length = 4 * segment;
  int independent = type == 1 || (type == 2 && pass == 0 && slice < 2);
  int with_xor = version == 19 && pass != 0;
  if (independent) {
    for (u32 i = 0; i < QWORDS; i++) input_block[i] = 0;
    input_block[0] = pass;
    input_block[1] = lane;
    input_block[2] = slice;
    input_block[3] = (u64)lane_length * lanes;
    input_block[4] = passes;
    input_block[5] = type;
  }
  for (u32 index = from; index < to; index++) {
    u32 current = lane * lane_length + slice * segment + index;
    u32 previous = current % lane_length == 0 ? current + lane_length - 1 : current - 1;
    u64 pseudo;
    if (independent) {
      if (index % QWORDS == 0 || index == from) next_addresses(index / QWORDS + 1);
      pseudo = address_block[index % QWORDS];
    } else {
      pseudo = memory[(u64)previous * QWORDS];
    }
    u32 ref_lane = pass == 0 && slice == 0 ? lane : (u32)(pseudo >> 32) % lanes;
    int same_lane = ref_lane == lane;
    u32 area;
    if (pass == 0) {
      area = slice == 0 ? index - 1 : slice * segment + (same_lane ? index - 1 : (index == 0 ? (u32)-1 : 0));
    } else {
      area = lane_length - segment + (same_lane ? index - 1 : (index == 0 ? (u32)-1 : 0));
    }
    u64 j1 = (u32)pseudo;
    u64 relative = area - 1 - (u32)(((u64)area * ((j1 * j1) >> 32)) >> 32);
    u32 start = pass != 0 && slice != 3 ? (slice + 1) * segment : 0;
    u32 ref = ref_lane * lane_length + (u32)((start + relative) % lane_length);
    compress(memory + (u64)previous * QWORDS, memory + (u64)ref * QWORDS, memory + (u64)current * QWORDS,
             with_xor);
  }
}
