import { timingSafeEqual } from 'node:crypto';
import { KitError } from '../core/errors.ts';
import type { HashFormat } from './types.ts';

/** Constant-time for equal lengths; a length mismatch answers false before looking at any content. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function equalAscii(a: string, b: string): boolean {
  return equalBytes(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/** Stored data that claims a format but does not parse as it. Never echoes the hash: it ends up in logs. */
export function malformed(format: HashFormat, why: string): never {
  throw new KitError('unknown_hash_format', `malformed ${format} password hash: ${why}`);
}

/**
 * Strict base64: only the canonical encoding of its bytes is accepted (Buffer.from alone skips junk).
 * `padded` false is the PHC "B64" form (standard alphabet, no '=').
 */
export function decodeBase64(text: string, padded: boolean): Buffer | null {
  const shape = padded
    ? /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
    : /^[A-Za-z0-9+/]*$/;
  if (text === '' || !shape.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  const again = bytes.toString('base64');
  return (padded ? again : again.replace(/=+$/, '')) === text ? bytes : null;
}

export function encodeB64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/** A decimal without sign or leading zeros, within [min, max]. */
export function decimal(text: string | undefined, min: number, max: number): number | null {
  if (text === undefined || !/^(?:0|[1-9]\d{0,9})$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Lets other requests of the container run during a long hash; setTimeout where a sandbox lacks setImmediate. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
