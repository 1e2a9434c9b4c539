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

/* P over 16 u64s: v[0], v[1], v[step], v[step + 1], … v[7 * step + 1] (rows: step 2; columns: step 16). */
__attribute__((noinline)) static void permute(u64 *v, u32 step) {
  u64 x0 = v[0], x1 = v[1], x2 = v[step], x3 = v[step + 1], x4 = v[2 * step], x5 = v[2 * step + 1];
  u64 x6 = v[3 * step], x7 = v[3 * step + 1], x8 = v[4 * step], x9 = v[4 * step + 1];
  u64 x10 = v[5 * step], x11 = v[5 * step + 1], x12 = v[6 * step], x13 = v[6 * step + 1];
  u64 x14 = v[7 * step], x15 = v[7 * step + 1];
  G(x0, x4, x8, x12); G(x1, x5, x9, x13); G(x2, x6, x10, x14); G(x3, x7, x11, x15);
  G(x0, x5, x10, x15); G(x1, x6, x11, x12); G(x2, x7, x8, x13); G(x3, x4, x9, x14);
  v[0] = x0; v[1] = x1; v[step] = x2; v[step + 1] = x3; v[2 * step] = x4; v[2 * step + 1] = x5;
  v[3 * step] = x6; v[3 * step + 1] = x7; v[4 * step] = x8; v[4 * step + 1] = x9;
  v[5 * step] = x10; v[5 * step + 1] = x11; v[6 * step] = x12; v[6 * step + 1] = x13;
  v[7 * step] = x14; v[7 * step + 1] = x15;
}

/* next = P(prev ^ ref) ^ prev ^ ref, XORed into next's old content when with_xor (v=0x13, pass > 0). */
static void compress(const u64 *prev, const u64 *ref, u64 *next, int with_xor) {
  for (u32 i = 0; i < QWORDS; i++) r[i] = prev[i] ^ ref[i];
  for (u32 i = 0; i < QWORDS; i++) t[i] = with_xor ? r[i] ^ next[i] : r[i];
  for (u32 i = 0; i < 8; i++) permute(r + 16 * i, 2);
  for (u32 i = 0; i < 8; i++) permute(r + 2 * i, 16);
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
