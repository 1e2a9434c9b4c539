export {
  HASH_FORMATS,
  type HashFormat,
  type PasswordConfig,
  type SaltedDigestLayout,
  WRITE_FORMATS,
  type WriteFormat,
} from '../core/passwords.ts';

/** The algorithms of Auth0's bulk-import `custom_password_hash` that the kit's formats map to. */
export type Auth0HashAlgorithm = 'bcrypt' | 'argon2' | 'pbkdf2' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A user's `custom_password_hash` in an Auth0 bulk user import file. */
export interface Auth0CustomPasswordHash {
  algorithm: Auth0HashAlgorithm;
  hash: { value: string; encoding: 'utf8' | 'hex' | 'base64' };
  salt?: { value: string; encoding: 'utf8'; position: 'prefix' | 'suffix' };
}

export type Auth0ImportResult =
  | { importable: true; value: Auth0CustomPasswordHash }
  | { importable: false; reason: string };
