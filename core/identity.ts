/**
 * The kit's one normalization of an email address or a username. The input and the stored value both go
 * through it, and two identities are the same only when their normal forms are equal: a database's
 * collation may propose candidates (it can use its index), but it never decides who a user is.
 *
 * Why so strict: with MySQL's default utf8mb4_unicode_ci, `jose@` equals `josé@`, `ａ` equals `a`, a
 * trailing space or NUL is ignored, `ß` equals `ss`; and JavaScript's toLowerCase maps the Kelvin sign
 * to `k`. Each of these let one address reach another user's record.
 */
import { KitError } from './errors.ts';

export type IdentifierKind = 'email' | 'username';

// Control, format (zero-width, bidi), surrogate and private-use characters: invisible or unstable.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
const EDGE_SPACE = /^\s|\s$/u;
// Inside a username only the plain space is allowed; other spaces (NBSP, ideographic…) look the same.
const ODD_SPACE = /[^\S ]/u;
const ASCII_UPPER = /[A-Z]+/g;

/** Why `value` is not an identifier the kit accepts, or null. */
export function identifierProblem(value: string, kind: IdentifierKind): string | null {
  if (INVISIBLE.test(value)) return 'contains a control or invisible character';
  if (EDGE_SPACE.test(value)) return 'starts or ends with whitespace';
  if (kind === 'email' ? /\s/u.test(value) : ODD_SPACE.test(value)) return 'contains a space character';
  if (value.normalize('NFC') !== value) return 'is not in Unicode normalization form C';
  // Fullwidth letters, ligatures, the Kelvin and Ohm signs…: text that has a plainer twin.
  if (value.normalize('NFKC') !== value) return 'contains compatibility characters (fullwidth, ligatures…)';
  if (kind === 'email' && !value.includes('@')) return 'is not an email address';
  return null;
}

/** The normal form: only ASCII letters are lowercased (no Unicode case mapping). Throws invalid_input. */
export function normalizeIdentifier(value: string, kind: IdentifierKind, name: string = kind): string {
  const problem = identifierProblem(value, kind);
  if (problem) throw new KitError('invalid_input', `${name} ${problem}`);
  return value.replace(ASCII_UPPER, (letters) => letters.toLowerCase());
}

/** Whether a stored value is the identity `normalized` names. A stored value the kit cannot normalize matches nothing. */
export function isSameIdentity(stored: unknown, normalized: string, kind: IdentifierKind): boolean {
  if (typeof stored !== 'string' || identifierProblem(stored, kind) !== null) return false;
  return stored.replace(ASCII_UPPER, (letters) => letters.toLowerCase()) === normalized;
}
