/**
 * The password policy of a store: the hash formats login accepts, the one create, change_password and
 * rehash-on-login write, the caps on stored work parameters (checked before any hashing), and whether
 * the framework trims passwords. hashes/ implements it; this module is its shape and its validation.
 */
import { ConfigError, oneOf, record } from './config.ts';

/** Password hash formats a store may hold. */
export const HASH_FORMATS = [
  /** $2a$ / $2b$ / $2y$ (PHP password_hash, Laravel), any cost. */
  'bcrypt',
  /** $P$ / $H$ portable hashes (WordPress before 6.8, phpBB). */
  'phpass',
  /** $wp$2y$…: bcrypt over base64(HMAC-SHA384(password, 'wp-sha384')) (WordPress 6.8+). */
  'wordpress-bcrypt',
  /** 32 hex digits of MD5(password) (WordPress rows from before 2.5). */
  'md5',
  /** $S$ (SHA-512 portable hashes), and $H$/$P$ and U$ upgraded rows (Drupal 7). */
  'drupal7',
  /** pbkdf2_sha256$<iterations>$<salt>$<hash> (Django's default). */
  'django-pbkdf2-sha256',
  /** pbkdf2_sha1$<iterations>$<salt>$<hash> */
  'django-pbkdf2-sha1',
  /** argon2$argon2id$… (Django's Argon2PasswordHasher). */
  'django-argon2',
  /** bcrypt_sha256$$2b$… (bcrypt over the hex SHA-256 of the password). */
  'django-bcrypt-sha256',
  /** bcrypt$$2b$… */
  'django-bcrypt',
  /** sha1$<salt>$<hex> and md5$<salt>$<hex>, and the unsalted md5$$<hex> and sha1$$<hex>. */
  'django-salted',
  /** $argon2id$ / $argon2i$ PHC strings (PHP password_hash, argon2-cffi, passlib). */
  'argon2',
  /** crypt(3) $1$ (MD5-crypt), $5$ (SHA-256-crypt), $6$ (SHA-512-crypt). */
  'crypt',
  /** ASP.NET Identity v2 (0x00, PBKDF2-HMAC-SHA1) and v3 (0x01, PBKDF2 with its header), base64. */
  'aspnet-identity',
  /** A bare digest with the salt in its own column; layout from config. */
  'salted-digest',
  /** bcrypt over the hex SHA-256 of the password (Meteor accounts-password). Looks like bcrypt. */
  'bcrypt-sha256',
] as const;
export type HashFormat = (typeof HASH_FORMATS)[number];

/** What create, change_password and rehash-on-login write, so the framework keeps accepting its users. */
export const WRITE_FORMATS = [
  /** $2b$ at bcryptCost. */
  'bcrypt',
  /** $2y$ at bcryptCost: PHP's password_get_info / password_needs_rehash know only this spelling (Laravel). */
  'bcrypt-2y',
  /** $wp$2y$ at bcryptCost (WordPress 6.8+). */
  'wordpress-bcrypt',
  /** $P$ with 2^8 rounds, as WordPress before 6.8 writes it. */
  'phpass',
  /** pbkdf2_sha256$<iterations>$…, Django's own form. */
  'django-pbkdf2-sha256',
  /** bcrypt over the hex SHA-256 of the password at bcryptCost (Meteor). */
  'bcrypt-sha256',
  /** $argon2id$v=19$… with the configured memory, passes and parallelism. */
  'argon2id',
] as const;
export type WriteFormat = (typeof WRITE_FORMATS)[number];

/** The format login reads each write format as. */
export const WRITTEN_AS: Record<WriteFormat, HashFormat> = {
  bcrypt: 'bcrypt',
  'bcrypt-2y': 'bcrypt',
  'wordpress-bcrypt': 'wordpress-bcrypt',
  phpass: 'phpass',
  'django-pbkdf2-sha256': 'django-pbkdf2-sha256',
  'bcrypt-sha256': 'bcrypt-sha256',
  argon2id: 'argon2',
};

export interface SaltedDigestLayout {
  algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512';
  saltPosition: 'before' | 'after';
  encoding: 'hex' | 'base64';
}

export interface WritePolicy {
  format: WriteFormat;
  /** django-pbkdf2-sha256: Django 5.2 writes 1,000,000. */
  iterations: number;
  /** argon2id: PHP's defaults (64 MiB, 4 passes, 1 lane). */
  argon2: { memoryKiB: number; passes: number; parallelism: number };
}

/** The most work one stored hash may ask for: over it, login refuses before hashing (a fault, logged). */
export interface WorkCaps {
  bcryptCost: number;
  /** argon2: memory (KiB) × passes. */
  argon2Work: number;
  /** PBKDF2 (Django, ASP.NET) iterations. */
  pbkdf2Iterations: number;
  /** phpass and Drupal 7: log2 of the rounds. */
  portableLog2: number;
  /** crypt $5$/$6$ rounds. */
  cryptRounds: number;
}

export interface PasswordConfig {
  /** Cost of the bcrypt-family hashes the kit writes (create, change_password, rehash). */
  bcryptCost: number;
  /** Formats login accepts. bcrypt is always accepted; list the legacy ones the store holds. */
  accept: HashFormat[];
  /** Only with 'salted-digest' in `accept`: the layout, since such hashes do not describe themselves. */
  saltedDigest?: SaltedDigestLayout;
  /** After a login with a hash not in the write format (or below its cost), rewrite it. */
  rehashOnLogin: boolean;
  write: WritePolicy;
  caps: WorkCaps;
  /** WordPress trims passwords before hashing them (wp_hash_password); the kit trims before checking too. */
  trim: boolean;
  /**
   * The native bcrypt module scripts try first (Auth0 serves `bcrypt`; pin it as `bcrypt@x.y.z`), falling
   * back to the bundled implementation with identical results when the runtime does not load it; false
   * bundles no attempt.
   */
  nativeBcrypt: string | false;
}

/** What a config file writes: every part optional, `write` and `caps` key by key. */
export type PasswordConfigInput = Partial<Omit<PasswordConfig, 'write' | 'caps'>> & {
  write?: { format: WriteFormat } & Partial<Omit<WritePolicy, 'format'>>;
  caps?: Partial<WorkCaps>;
};

export const DEFAULT_WRITE: WritePolicy = {
  format: 'bcrypt',
  iterations: 1_000_000,
  argon2: { memoryKiB: 65_536, passes: 4, parallelism: 1 },
};

/**
 * Chosen so that one verification stays under about 5 s (Auth0 stops a script at 20 s), each at least
 * twice what its framework writes by default. Measured on the 2-core development machine, Node 20,
 * under load: bcrypt 15 ≈ 2.3 s (bcryptjs in the vm); argon2 128 MiB × 4 passes ≈ 2.7 s (pure JS in the
 * vm; PHP's default is 64 MiB × 4, Django's 100 MiB × 2); 2,000,000 PBKDF2 iterations ≈ 0.8 s (SHA-256)
 * to 1.5 s (SHA-512); 2^20 portable rounds ≈ 2–2.7 s; 1,000,000 SHA-512-crypt rounds ≈ 2.5–4.7 s
 * (passlib writes 656,000).
 */
export const DEFAULT_CAPS: WorkCaps = {
  bcryptCost: 15,
  argon2Work: 131_072 * 4,
  pbkdf2Iterations: 2_000_000,
  portableLog2: 20,
  cryptRounds: 1_000_000,
};

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function writePolicy(value: unknown, field: string): WritePolicy {
  if (value === undefined) return DEFAULT_WRITE;
  const c = record(value, field);
  const argon2 = c.argon2 === undefined ? {} : record(c.argon2, `${field}.argon2`);
  return {
    format: oneOf(c.format, `${field}.format`, WRITE_FORMATS),
    iterations:
      c.iterations === undefined
        ? DEFAULT_WRITE.iterations
        : integer(c.iterations, `${field}.iterations`, 1000, 10_000_000),
    argon2: {
      memoryKiB:
        argon2.memoryKiB === undefined
          ? 65_536
          : integer(argon2.memoryKiB, `${field}.argon2.memoryKiB`, 1024, 1_048_576),
      passes: argon2.passes === undefined ? 4 : integer(argon2.passes, `${field}.argon2.passes`, 1, 64),
      parallelism:
        argon2.parallelism === undefined
          ? 1
          : integer(argon2.parallelism, `${field}.argon2.parallelism`, 1, 16),
    },
  };
}

function workCaps(value: unknown, field: string): WorkCaps {
  const c = value === undefined ? {} : record(value, field);
  const cap = (key: keyof WorkCaps, min: number, max: number) =>
    c[key] === undefined ? DEFAULT_CAPS[key] : integer(c[key], `${field}.${key}`, min, max);
  return {
    bcryptCost: cap('bcryptCost', 4, 20),
    argon2Work: cap('argon2Work', 1024, 64 * 1_048_576),
    pbkdf2Iterations: cap('pbkdf2Iterations', 1000, 100_000_000),
    portableLog2: cap('portableLog2', 7, 30),
    cryptRounds: cap('cryptRounds', 1000, 999_999_999),
  };
}

function nativeBcrypt(value: unknown, field: string): string | false {
  if (value === undefined) return 'bcrypt';
  if (value === false) return false;
  if (typeof value === 'string' && /^bcrypt(?:@\d+\.\d+\.\d+)?$/.test(value)) return value;
  throw new ConfigError(field, "must be 'bcrypt', 'bcrypt@x.y.z' or false");
}

export function passwordConfig(value: unknown, field: string): PasswordConfig {
  const c = record(value, field);
  const bcryptCost = integer(c.bcryptCost, `${field}.bcryptCost`, 4, 15);
  if (!Array.isArray(c.accept)) throw new ConfigError(`${field}.accept`, 'must be an array of hash formats');
  const accept = c.accept.map((format, i) => oneOf(format, `${field}.accept[${i}]`, HASH_FORMATS));
  if (typeof c.rehashOnLogin !== 'boolean')
    throw new ConfigError(`${field}.rehashOnLogin`, 'must be a boolean');
  if (c.trim !== undefined && typeof c.trim !== 'boolean')
    throw new ConfigError(`${field}.trim`, 'must be a boolean');
  const caps = workCaps(c.caps, `${field}.caps`);
  if (bcryptCost > caps.bcryptCost)
    throw new ConfigError(`${field}.bcryptCost`, `is over caps.bcryptCost (${caps.bcryptCost})`);
  const out: PasswordConfig = {
    bcryptCost,
    accept,
    rehashOnLogin: c.rehashOnLogin,
    write: writePolicy(c.write, `${field}.write`),
    caps,
    trim: c.trim === true,
    nativeBcrypt: nativeBcrypt(c.nativeBcrypt, `${field}.nativeBcrypt`),
  };
  // A store must read back what it writes, or its own users could not log in after a rehash.
  const reads = WRITTEN_AS[out.write.format];
  const bcryptRead = accept.includes('bcrypt') || !accept.includes('bcrypt-sha256');
  if (reads === 'bcrypt' ? !bcryptRead : !accept.includes(reads)) {
    throw new ConfigError(`${field}.write.format`, `writes ${reads} hashes, which ${field}.accept must list`);
  }
  if (accept.includes('salted-digest')) {
    const layout = record(c.saltedDigest, `${field}.saltedDigest`);
    out.saltedDigest = {
      algorithm: oneOf(layout.algorithm, `${field}.saltedDigest.algorithm`, [
        'md5',
        'sha1',
        'sha256',
        'sha512',
      ] as const),
      saltPosition: oneOf(layout.saltPosition, `${field}.saltedDigest.saltPosition`, [
        'before',
        'after',
      ] as const),
      encoding: oneOf(layout.encoding, `${field}.saltedDigest.encoding`, ['hex', 'base64'] as const),
    };
  }
  return out;
}
