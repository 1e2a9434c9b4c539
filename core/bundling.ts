/**
 * Build-time answers to "does this bundle run X?". esbuild defines them per bundle (build/bundle.ts), so
 * the code of operations a script never runs folds away and the bundle stays small. Outside bundles
 * (tests, the CLI) they are undeclared and everything is kept. Test them inline, always in this form:
 *
 *   typeof __CUSTOMDB_CREATES__ === 'undefined' || __CUSTOMDB_CREATES__
 *
 * esbuild folds that expression; it does not fold a variable holding it.
 */
import { KitError } from './errors.ts';
import { HASH_FORMATS, type PasswordConfig } from './passwords.ts';

declare global {
  /** The bundle is create's: inserting users, create defaults, id generation, uniqueness locks. */
  const __CUSTOMDB_CREATES__: boolean | undefined;
  /** The bundle is change_email's. */
  const __CUSTOMDB_CHANGES_EMAIL__: boolean | undefined;
  /** Offline work (counting and streaming every user for an export): never in a bundle. */
  const __CUSTOMDB_OFFLINE__: boolean | undefined;
}

/** Stands in for an operation left out of a bundle: reaching it is a build fault, said plainly. */
export function notInBundle(operation: string): () => never {
  return () => {
    throw new KitError('config_invalid', `${operation} is not part of this script's bundle`);
  };
}

/**
 * The defines of a bundle holding `script` for a store with `passwords`: besides the flags above, which
 * hash formats it accepts and which it writes (hashes/verify.ts, hashes/write.ts), and the native bcrypt
 * module it tries first.
 */
export function bundleFlags(script: string, passwords: PasswordConfig): Record<string, string> {
  const accepts = Object.fromEntries(
    HASH_FORMATS.map((format) => [
      `__CUSTOMDB_ACCEPTS__.${format.replaceAll('-', '_')}`,
      String(passwords.accept.includes(format)),
    ]),
  );
  return {
    __CUSTOMDB_CREATES__: String(script === 'create'),
    __CUSTOMDB_CHANGES_EMAIL__: String(script === 'change_email'),
    __CUSTOMDB_OFFLINE__: 'false',
    __CUSTOMDB_BUNDLED__: 'true',
    ...accepts,
    __CUSTOMDB_WRITES__: JSON.stringify(passwords.write.format),
    __CUSTOMDB_NATIVE_BCRYPT__: JSON.stringify(passwords.nativeBcrypt),
  };
}
