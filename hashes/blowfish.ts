/**
 * bcrypt (Provos and Mazières' EksBlowfish, OpenBSD's $2b$), compact: the same results as bcryptjs for
 * $2a$/$2b$/$2y$, from about a third of its bundled size. The password is its UTF-8 bytes and a trailing
 * NUL, cycled over 72 bytes; the salt is 16 bytes; the output is "OrpheanBeholderScryDoubt" enciphered 64
 * times, 23 bytes of it written in bcrypt's base64. The hot loop reads only locals and typed arrays: in a
 * node:vm context (the kit's runtime, perhaps Auth0's) every global read is slow.
 */
import { BLOWFISH_INIT } from './blowfish-constants.ts';
import { yieldToEventLoop } from './bytes.ts';

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** "OrpheanBeholderScryDoubt" as six big-endian words. */
const MAGIC = [0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274];
const SETTING = /^\$2([aby])\$(\d\d)\$([./A-Za-z0-9]{22})/;

let initial: Int32Array | null = null;

/** P (18 words) then S (4 × 256 words), decoded once per container. */
function initialState(): Int32Array {
  if (!initial) {
    const bytes = Buffer.from(BLOWFISH_INIT, 'base64');
    initial = new Int32Array(1042);
    for (let i = 0; i < 1042; i++) initial[i] = bytes.readInt32LE(i * 4);
  }
  return initial;
}

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; ) {
    const c1 = bytes[i++] as number;
    out += ALPHABET[c1 >> 2];
    let c = (c1 & 0x03) << 4;
    if (i >= length) {
      out += ALPHABET[c];
      break;
    }
    const c2 = bytes[i++] as number;
    out += ALPHABET[c | (c2 >> 4)];
    c = (c2 & 0x0f) << 2;
    if (i >= length) {
      out += ALPHABET[c];
      break;
    }
    const c3 = bytes[i++] as number;
    out += `${ALPHABET[c | (c3 >> 6)]}${ALPHABET[c3 & 0x3f]}`;
  }
  return out;
}

function decode(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let n = 0;
  const at = (i: number) => ALPHABET.indexOf(text[i] as string);
  for (let i = 0; n < length; i += 4) {
    const [c1, c2, c3, c4] = [at(i), at(i + 1), at(i + 2), at(i + 3)];
    out[n++] = (c1 << 2) | (c2 >> 4);
    if (n < length) out[n++] = ((c2 & 0x0f) << 4) | (c3 >> 2);
    if (n < length) out[n++] = ((c3 & 0x03) << 6) | c4;
  }
  return out;
}

/** The Blowfish state and its two operations, as closures over one Int32Array (P at 0, S at 18). */
function cipher() {
  const state = initialState().slice();
  const S = 18;
  const lr = new Int32Array(2);
  const encipher = () => {
    let l = (lr[0] as number) ^ (state[0] as number);
    let r = lr[1] as number;
    for (let i = 1; i <= 16; i += 2) {
      let n = (state[S + (l >>> 24)] as number) + (state[S + 0x100 + ((l >>> 16) & 0xff)] as number);
      n = (n ^ (state[S + 0x200 + ((l >>> 8) & 0xff)] as number)) + (state[S + 0x300 + (l & 0xff)] as number);
      r ^= n ^ (state[i] as number);
      n = (state[S + (r >>> 24)] as number) + (state[S + 0x100 + ((r >>> 16) & 0xff)] as number);
      n = (n ^ (state[S + 0x200 + ((r >>> 8) & 0xff)] as number)) + (state[S + 0x300 + (r & 0xff)] as number);
      l ^= n ^ (state[i + 1] as number);
    }
    lr[0] = r ^ (state[17] as number);
    lr[1] = l;
  };
  /** XORs the key's words into P, cycling over the key from its start. */
  const mixKey = (key: Uint8Array) => {
    let at = 0;
    for (let i = 0; i < 18; i++) {
      let word = 0;
      for (let k = 0; k < 4; k++, at = (at + 1) % key.length) word = (word << 8) | (key[at] as number);
      state[i] = (state[i] as number) ^ word;
    }
  };
  /** Re-keys every P and S word, with the salt's words mixed in when given (the first, "expensive" setup). */
  const expand = (salt: Uint8Array | null) => {
    lr[0] = 0;
    lr[1] = 0;
    let at = 0;
    const next = (salt_: Uint8Array) => {
      let word = 0;
      for (let k = 0; k < 4; k++, at = (at + 1) % salt_.length) word = (word << 8) | (salt_[at] as number);
      return word;
    };
    for (let i = 0; i < 1042; i += 2) {
      if (salt) {
        lr[0] = (lr[0] as number) ^ next(salt);
        lr[1] = (lr[1] as number) ^ next(salt);
      }
      encipher();
      state[i] = lr[0] as number;
      state[i + 1] = lr[1] as number;
    }
  };
  return { lr, encipher, mixKey, expand };
}

/** A new setting: `$2<minor>$<cost>$` and 16 random bytes of salt in bcrypt's base64. */
export function bcryptSetting(cost: number, minor: 'a' | 'b' | 'y', random: Uint8Array): string {
  return `$2${minor}$${String(cost).padStart(2, '0')}$${encode(random, 16)}`;
}

/**
 * The full 60-character hash of `password` under `setting` ('$2b$10$' and a 22-character salt), as
 * bcryptjs's hash(password, setting). Yields to the event loop about every 10 ms of work.
 */
export async function bcryptCompute(password: string, setting: string): Promise<string> {
  const m = SETTING.exec(setting);
  if (!m) throw new Error('not a bcrypt setting');
  const cost = Number(m[2]);
  if (cost < 4 || cost > 31) throw new Error('bcrypt cost must be from 4 to 31');
  const key = new Uint8Array(Buffer.from(`${password}\0`, 'utf8'));
  const salt = decode(m[3] as string, 16);
  const { lr, encipher, mixKey, expand } = cipher();
  mixKey(key);
  expand(salt);
  let started = Date.now();
  for (let round = 0, rounds = 2 ** cost; round < rounds; round++) {
    mixKey(key);
    expand(null);
    mixKey(salt);
    expand(null);
    if ((round & 7) === 7 && Date.now() - started >= 10) {
      await yieldToEventLoop();
      started = Date.now();
    }
  }
  const out = new Uint8Array(24);
  for (let w = 0; w < 6; w += 2) {
    lr[0] = MAGIC[w] as number;
    lr[1] = MAGIC[w + 1] as number;
    for (let i = 0; i < 64; i++) encipher();
    for (let k = 0; k < 2; k++) {
      const word = lr[k] as number;
      out.set([word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff], (w + k) * 4);
    }
  }
  return `$2${m[1]}$${m[2]}$${encode(salt, 16)}${encode(out, 23)}`;
}
