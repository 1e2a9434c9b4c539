/**
 * Every stored-hash format as data: how a stored value claims it, how it parses, the work it asks for
 * (checked against the caps before any hashing), how a password is checked, and whether it is already
 * what the write policy writes. A bundle holds only the schemes its store accepts (core/bundling.ts).
 */
import type { HashFormat, PasswordConfig, SaltedDigestLayout, WorkCaps } from '../core/passwords.ts';
import { type Argon2Hash, argon2Matches, parseArgon2 } from './argon2.ts';
import {
  type BcryptHash,
  bcryptMatches,
  parseBcrypt,
  parseDjangoBcrypt,
  parseWordpressBcrypt,
  sha256Hex,
  wordpressPrehash,
} from './bcrypt.ts';
import { cryptMatches, parseCrypt } from './crypt.ts';
import {
  digestMatches,
  parseBareMd5,
  parseDjangoDigest,
  parseSaltedDigest,
  saltedDigestMatches,
} from './digests.ts';
import { parseAspnetIdentity, parseDjangoPbkdf2, pbkdf2Matches } from './pbkdf2.ts';
import { parsePortable, portableMatches } from './portable.ts';

export interface VerifyContext {
  /** The salt column of a salted digest (null reads as the empty salt). */
  salt: string | null;
  saltedDigest?: SaltedDigestLayout;
}

export interface Scheme<Parsed = never> {
  format: HashFormat;
  /** The value's shape names this format, well formed or not. Formats without a prefix claim only when accepted. */
  claims(stored: string, context: VerifyContext): boolean;
  prefixless?: true;
  parse(stored: string, context: VerifyContext): Parsed | null;
  /** What a well-formed value looks like, for the log line about a malformed one. */
  shape: string;
  /** Why the stored parameters ask for more work than the caps allow, or null. */
  overCap(parsed: Parsed, caps: WorkCaps): string | null;
  matches(password: string, parsed: Parsed, context: VerifyContext): Promise<boolean>;
  /** The hash is what the write policy writes today: no rehash due. */
  current(parsed: Parsed, policy: PasswordConfig): boolean;
}

// Every top-level scheme is a pure call over literals and shared functions (no spreads, no templates), so
// esbuild drops the ones a bundle does not reference.
const define = <P>(scheme: Scheme<P>): Scheme<P> => scheme;
const over = (what: string, value: number, cap: number) =>
  value > cap ? `${what} ${value} is over the cap of ${cap}` : null;
const bcryptCap = (parsed: BcryptHash, caps: WorkCaps) => over('bcrypt cost', parsed.cost, caps.bcryptCost);
const bcryptShape = '$2a$/$2b$/$2y$, cost 04-31, 53 characters';
const bcryptClaims = (stored: string) => /^\$2[aby]\$/.test(stored);

export const bcrypt = /* @__PURE__ */ define({
  format: 'bcrypt',
  claims: bcryptClaims,
  parse: parseBcrypt,
  shape: bcryptShape,
  overCap: bcryptCap,
  matches: (password, parsed) => bcryptMatches(password, parsed),
  current: (parsed, policy) =>
    parsed.cost >= policy.bcryptCost &&
    (policy.write.format === 'bcrypt' || (policy.write.format === 'bcrypt-2y' && parsed.minor === 'y')),
});

/** Meteor: looks exactly like bcrypt; a store that accepts it checks its bcrypt-shaped hashes this way. */
export const bcryptSha256 = /* @__PURE__ */ define({
  format: 'bcrypt-sha256',
  claims: bcryptClaims,
  parse: parseBcrypt,
  shape: bcryptShape,
  overCap: bcryptCap,
  matches: (password, parsed) => bcryptMatches(sha256Hex(password), parsed),
  current: (parsed, policy) => policy.write.format === 'bcrypt-sha256' && parsed.cost >= policy.bcryptCost,
});

export const wordpressBcrypt = /* @__PURE__ */ define({
  format: 'wordpress-bcrypt',
  claims: (stored) => stored.startsWith('$wp$'),
  parse: parseWordpressBcrypt,
  shape: '$wp$ then $2y$, cost 04-31, 53 characters',
  overCap: bcryptCap,
  matches: (password, parsed) => bcryptMatches(wordpressPrehash(password), parsed),
  current: (parsed, policy) => policy.write.format === 'wordpress-bcrypt' && parsed.cost >= policy.bcryptCost,
});

const portable = (format: 'phpass' | 'drupal7', prefix: RegExp) =>
  define({
    format,
    claims: (stored) => prefix.test(stored),
    parse: parsePortable,
    shape: 'a count of 7-30, an 8-character salt, 34 characters ($P$/$H$) or 55 ($S$)',
    overCap: (parsed, caps) => over('log2 of the rounds', parsed.log2, caps.portableLog2),
    matches: (password, parsed) => portableMatches(password, parsed),
    // Any $P$ is what WordPress before 6.8 writes and keeps.
    current: (_parsed, policy) => format === 'phpass' && policy.write.format === 'phpass',
  });
export const phpass = /* @__PURE__ */ portable('phpass', /^\$[PH]\$/);
export const drupal7 = /* @__PURE__ */ portable('drupal7', /^(?:\$S\$|U\$)/);

const pbkdf2Cap = <P extends { iterations: number }>(parsed: P, caps: WorkCaps) =>
  over('PBKDF2 iterations', parsed.iterations, caps.pbkdf2Iterations);

const djangoPbkdf2 = (format: 'django-pbkdf2-sha256' | 'django-pbkdf2-sha1', prefix: string) =>
  define({
    format,
    claims: (stored) => stored.startsWith(prefix),
    parse: (stored) => {
      const parsed = parseDjangoPbkdf2(stored);
      return parsed && `pbkdf2_${parsed.algorithm}$` === prefix ? parsed : null;
    },
    shape: `${prefix}<iterations>$<salt>$<base64 digest>`,
    overCap: pbkdf2Cap,
    matches: (password, parsed) => pbkdf2Matches(password, parsed),
    current: (parsed, policy) =>
      format === 'django-pbkdf2-sha256' &&
      policy.write.format === 'django-pbkdf2-sha256' &&
      parsed.iterations >= policy.write.iterations,
  });
export const djangoPbkdf2Sha256 = /* @__PURE__ */ djangoPbkdf2('django-pbkdf2-sha256', 'pbkdf2_sha256$');
export const djangoPbkdf2Sha1 = /* @__PURE__ */ djangoPbkdf2('django-pbkdf2-sha1', 'pbkdf2_sha1$');

const argon2Cap = <P extends { m: number; t: number }>(parsed: P, caps: WorkCaps) =>
  over('argon2 memory (KiB) × passes', parsed.m * parsed.t, caps.argon2Work);

const argon2Match = (password: string, parsed: Argon2Hash) => argon2Matches(password, parsed);

export const argon2 = /* @__PURE__ */ define({
  format: 'argon2',
  claims: (stored) => /^\$argon2(?:id|i|d)\$/.test(stored),
  parse: parseArgon2,
  shape: 'a PHC string: $argon2id$ or $argon2i$, v=16/19, m, t, p, salt, hash',
  overCap: argon2Cap,
  matches: argon2Match,
  current: (parsed, policy) => {
    const want = policy.write.argon2;
    return (
      policy.write.format === 'argon2id' &&
      parsed.type === 'argon2id' &&
      parsed.version === 19 &&
      parsed.m >= want.memoryKiB &&
      parsed.t >= want.passes
    );
  },
});

/** Django's Argon2PasswordHasher: `argon2` before the PHC string. */
export const djangoArgon2 = /* @__PURE__ */ define({
  format: 'django-argon2',
  claims: (stored) => stored.startsWith('argon2$'),
  parse: (stored) => parseArgon2(stored.slice('argon2'.length)),
  shape: 'argon2 then a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash',
  overCap: argon2Cap,
  matches: argon2Match,
  current: () => false,
});

const djangoBcrypt = (
  format: 'django-bcrypt' | 'django-bcrypt-sha256',
  algorithm: 'bcrypt' | 'bcrypt_sha256',
) =>
  define({
    format,
    claims: (stored) => stored.startsWith(`${algorithm}$`),
    parse: (stored) => parseDjangoBcrypt(stored, algorithm),
    shape: `${algorithm}$ then ${bcryptShape}`,
    overCap: bcryptCap,
    matches: (password, parsed) =>
      bcryptMatches(algorithm === 'bcrypt' ? password : sha256Hex(password), parsed),
    current: () => false,
  });
export const djangoBcryptPlain = /* @__PURE__ */ djangoBcrypt('django-bcrypt', 'bcrypt');
export const djangoBcryptSha256 = /* @__PURE__ */ djangoBcrypt('django-bcrypt-sha256', 'bcrypt_sha256');

const cheap = () => null;

export const djangoSalted = /* @__PURE__ */ define({
  format: 'django-salted',
  // Also the unsalted `md5$$<hex>` and `sha1$$<hex>`; UnsaltedMD5PasswordHasher's bare hex is the md5 format.
  claims: (stored) => /^(?:sha1|md5)\$/.test(stored),
  parse: parseDjangoDigest,
  shape: 'sha1$<salt>$<hex> or md5$<salt>$<hex>',
  overCap: cheap,
  matches: async (password, parsed) => digestMatches(password, parsed),
  current: () => false,
});

export const md5 = /* @__PURE__ */ define({
  format: 'md5',
  claims: (stored) => /^[0-9a-fA-F]{32}$/.test(stored),
  prefixless: true,
  parse: parseBareMd5,
  shape: '32 hexadecimal digits',
  overCap: cheap,
  matches: async (password, parsed) => digestMatches(password, parsed),
  current: () => false,
});

export const crypt = /* @__PURE__ */ define({
  format: 'crypt',
  claims: (stored) => /^\$[156]\$/.test(stored),
  parse: parseCrypt,
  shape: '$1$<salt>$<22>, $5$[rounds=N$]<salt>$<43> or $6$[rounds=N$]<salt>$<86>',
  overCap: (parsed, caps) => over('crypt rounds', parsed.rounds, caps.cryptRounds),
  matches: (password, parsed) => cryptMatches(password, parsed),
  current: () => false,
});

export const aspnetIdentity = /* @__PURE__ */ define({
  format: 'aspnet-identity',
  // Base64 with no prefix: only stores that list it try it.
  claims: (stored) => /^A[A-Za-z0-9+/]{40,}={0,2}$/.test(stored),
  prefixless: true,
  parse: parseAspnetIdentity,
  shape: 'base64 of a v2 (0x00) or v3 (0x01) ASP.NET Identity hash',
  overCap: pbkdf2Cap,
  matches: (password, parsed) => pbkdf2Matches(password, parsed),
  current: () => false,
});

export const saltedDigest = /* @__PURE__ */ define({
  format: 'salted-digest',
  // A configured layout describes the store's values: whatever no prefix claims is one of them.
  claims: (_stored, context) => context.saltedDigest !== undefined,
  prefixless: true,
  parse: (stored, context) => (context.saltedDigest ? parseSaltedDigest(stored, context.saltedDigest) : null),
  shape: 'the configured passwords.saltedDigest layout',
  overCap: cheap,
  matches: async (password, expected, context) =>
    context.saltedDigest !== undefined &&
    saltedDigestMatches(password, context.salt ?? '', context.saltedDigest, expected),
  current: () => false,
});
