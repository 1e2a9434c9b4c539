import { parseArgon2 } from './argon2.ts';
import { parseBcrypt } from './bcrypt.ts';
import { parseDjangoPbkdf2 } from './pbkdf2.ts';
import { parsePhpass } from './phpass.ts';
import type { HashFormat } from './types.ts';

/** The format a stored value claims by its prefix alone, whether or not the rest is well formed. */
export function claimedFormat(stored: string): HashFormat | null {
  if (/^\$2[aby]\$/.test(stored)) return 'bcrypt';
  if (/^\$[PH]\$/.test(stored)) return 'phpass';
  if (stored.startsWith('pbkdf2_sha256$')) return 'django-pbkdf2-sha256';
  if (stored.startsWith('pbkdf2_sha1$')) return 'django-pbkdf2-sha1';
  if (/^\$argon2i?d?\$/.test(stored) && !stored.startsWith('$argon2d$')) return 'argon2';
  return null;
}

/**
 * The self-describing format of a well-formed stored hash, else null.
 * A Meteor hash answers 'bcrypt' (it is one); a bare salted digest answers null.
 */
export function identifyHash(stored: string): HashFormat | null {
  if (typeof stored !== 'string') return null;
  const format = claimedFormat(stored);
  switch (format) {
    case 'bcrypt':
      return parseBcrypt(stored) ? format : null;
    case 'phpass':
      return parsePhpass(stored) ? format : null;
    case 'django-pbkdf2-sha256':
    case 'django-pbkdf2-sha1':
      return parseDjangoPbkdf2(stored) ? format : null;
    case 'argon2':
      return parseArgon2(stored) ? format : null;
    default:
      return null;
  }
}
