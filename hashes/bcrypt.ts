/**
 * The bcrypt family: plain bcrypt ($2a$/$2b$/$2y$), Meteor's bcrypt over the hex SHA-256 of the password,
 * WordPress 6.8's `$wp$` bcrypt over base64(HMAC-SHA384(password, 'wp-sha384')), and Django's `bcrypt$`
 * and `bcrypt_sha256$` wrappers. One engine computes bcrypt: native `bcrypt` where the runtime serves it
 * (core/bundling.ts names it), else the bundled one (blowfish.ts), with identical results.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { KitError } from '../core/errors.ts';
import { bcryptCompute, bcryptSetting } from './blowfish.ts';
import { equalAscii } from './bytes.ts';

export interface BcryptHash {
  minor: 'a' | 'b' | 'y';
  cost: number;
  /** '$2x$NN$' plus the 22-character salt. */
  setting: string;
  /** The 31-character digest. */
  digest: string;
}

const BCRYPT = /^\$2([aby])\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

export function parseBcrypt(stored: string): BcryptHash | null {
  const m = BCRYPT.exec(stored);
  if (!m) return null;
  const cost = Number(m[2]);
  if (cost < 4 || cost > 31) return null;
  return { minor: m[1] as BcryptHash['minor'], cost, setting: stored.slice(0, 29), digest: m[4] as string };
}

/** What computes bcrypt here: hash(password, setting) → the full hash string. */
export interface BcryptEngine {
  name: string;
  hash(password: string, setting: string): Promise<string>;
}

const javascript: BcryptEngine = { name: 'the bundled bcrypt', hash: bcryptCompute };

/** node.bcrypt.js (N-API): computes $2a$/$2b$; $2y$ is the same algorithm under PHP's spelling. */
export function nativeEngine(
  module: { hash(data: string, salt: string): Promise<string> },
  name: string,
): BcryptEngine {
  return {
    name: `native ${name}`,
    async hash(password, setting) {
      const out = await module.hash(password, setting.replace(/^\$2y\$/, '$2b$'));
      return setting.startsWith('$2y$') ? `$2y$${out.slice(4)}` : out;
    },
  };
}

declare const __CUSTOMDB_NATIVE_BCRYPT__: string | false | undefined;
let engine: BcryptEngine | null = null;

/** The engine, chosen once: native where the bundle names a module the runtime serves, else the bundled one. */
export function bcryptEngine(): BcryptEngine {
  if (engine) return engine;
  engine = javascript;
  if (typeof __CUSTOMDB_NATIVE_BCRYPT__ !== 'undefined' && __CUSTOMDB_NATIVE_BCRYPT__) {
    try {
      const module = require(__CUSTOMDB_NATIVE_BCRYPT__) as { hash?: unknown };
      if (typeof module.hash === 'function')
        engine = nativeEngine(module as never, __CUSTOMDB_NATIVE_BCRYPT__);
    } catch {
      // Not served by this runtime: the bundled implementation gives identical results.
    }
  }
  return engine;
}

/** The engine's name once a hash has chosen it, else null: scripts log it once per container. */
export function bcryptEngineInUse(): string | null {
  return engine ? engine.name : null;
}

/** For tests that run both engines over the same vectors. */
export function useBcryptEngine(chosen: BcryptEngine | null): void {
  engine = chosen;
}

/**
 * Recomputes with the stored salt and compares the digests ourselves, in constant time.
 * $2a$/$2b$/$2y$ compute the same for every password under 256 bytes; bcrypt reads at most 72 bytes.
 */
export async function bcryptMatches(password: string, parsed: BcryptHash): Promise<boolean> {
  const computed = await bcryptEngine().hash(password, parsed.setting);
  return equalAscii(computed.slice(-31), parsed.digest);
}

/** A new bcrypt hash at `cost`, under the `$2b$` or PHP's `$2y$` spelling. */
export async function bcryptHash(password: string, cost: number, minor: 'b' | 'y' = 'b'): Promise<string> {
  if (!Number.isInteger(cost) || cost < 4 || cost > 31)
    throw new KitError('config_invalid', 'bcrypt cost must be from 4 to 31');
  return bcryptEngine().hash(password, bcryptSetting(cost, minor, randomBytes(16)));
}

/** Meteor's accounts-password (and Django's bcrypt_sha256) hash bcrypt(lowercase hex SHA-256 of the password). */
export function sha256Hex(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

/** WordPress 6.8: bcrypt over base64(HMAC-SHA384(password, 'wp-sha384')) keeps what lies past 72 bytes. */
export function wordpressPrehash(password: string): string {
  return createHmac('sha384', 'wp-sha384').update(password, 'utf8').digest('base64');
}

/** `$wp$2y$…` (WordPress 6.8+): the bcrypt hash after the `$wp` prefix. */
export function parseWordpressBcrypt(stored: string): BcryptHash | null {
  return stored.startsWith('$wp$2') ? parseBcrypt(stored.slice(3)) : null;
}

/** Django's `bcrypt$<hash>` and `bcrypt_sha256$<hash>`: the bcrypt hash after the algorithm name. */
export function parseDjangoBcrypt(stored: string, algorithm: 'bcrypt' | 'bcrypt_sha256'): BcryptHash | null {
  return stored.startsWith(`${algorithm}$$2`) ? parseBcrypt(stored.slice(algorithm.length + 1)) : null;
}
