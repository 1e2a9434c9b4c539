/**
 * `customdb hash identify <hash>` and `customdb hash verify <hash> [options]` (password on stdin).
 * Exit codes: 0 match / identified, 1 mismatch, 2 unknown or malformed hash, or a usage error.
 */
import { parseArgs } from 'node:util';
import { isKitError } from '../core/errors.ts';
import { passwordConfig } from '../core/passwords.ts';
import { identifyHash, verifyPassword } from '../hashes/index.ts';
import { HASH_FORMATS, type HashFormat, type SaltedDigestLayout } from '../hashes/types.ts';

export interface HashCommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: customdb hash identify <hash>
       customdb hash verify <hash> [--format F] [--salt S --algorithm md5|sha1|sha256|sha512
                                    --salt-position before|after --encoding hex|base64]
  verify reads the password from stdin (one trailing newline is dropped).
  --format bcrypt-sha256 checks a bcrypt hash as Meteor's (bcrypt over the hex SHA-256 of the password);
  --trim trims the password as WordPress does. Hashes over the default work caps are refused before any hashing.
  exit: 0 match, 1 mismatch, 2 unknown, malformed, unusable or over-cap hash
`;

/** Every format a value can show by itself (bare MD5 and ASP.NET's base64 included): the CLI checks what it is handed. */
const SELF_DESCRIBING: HashFormat[] = HASH_FORMATS.filter(
  (f) => f !== 'salted-digest' && f !== 'bcrypt-sha256',
);
const FORMATS: readonly HashFormat[] = HASH_FORMATS;
const ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
const POSITIONS = ['before', 'after'] as const;
const ENCODINGS = ['hex', 'base64'] as const;

class UsageError extends Error {}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function oneOf<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

export async function readPassword(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  // `echo pw |` and a typed line end with one newline that is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function verify(args: string[], io: HashCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      salt: { type: 'string' },
      algorithm: { type: 'string' },
      'salt-position': { type: 'string' },
      encoding: { type: 'string' },
      trim: { type: 'boolean' },
    },
  });
  const [stored, ...extra] = positionals;
  if (stored === undefined || extra.length > 0) throw new UsageError('verify takes exactly one <hash>');
  const format = oneOf(values.format, '--format', FORMATS);
  const algorithm = oneOf(values.algorithm, '--algorithm', ALGORITHMS);
  const saltPosition = oneOf(values['salt-position'], '--salt-position', POSITIONS);
  const encoding = oneOf(values.encoding, '--encoding', ENCODINGS);
  const layoutGiven = [algorithm, saltPosition, encoding].some((v) => v !== undefined);
  if (values.salt !== undefined && !layoutGiven) throw new UsageError('--salt goes with --algorithm');

  let accept: HashFormat[] = format === undefined ? [...SELF_DESCRIBING] : [format];
  let saltedDigest: SaltedDigestLayout | undefined;
  if (layoutGiven || format === 'salted-digest') {
    // Guessing the position or encoding would turn a wrong guess into a silent "mismatch".
    if (!algorithm || !saltPosition || !encoding) {
      throw new UsageError('a salted digest needs --algorithm, --salt-position and --encoding');
    }
    saltedDigest = { algorithm, saltPosition, encoding };
    accept = [...accept, 'salted-digest'];
  }

  const password = await readPassword(io.stdin);
  const policy = passwordConfig(
    {
      bcryptCost: 10,
      accept,
      rehashOnLogin: false,
      trim: values.trim === true,
      // Only checking here: the write format matters only in that a policy must read it back.
      ...(format === 'bcrypt-sha256' ? { write: { format: 'bcrypt-sha256' as const } } : {}),
      ...(saltedDigest ? { saltedDigest } : {}),
    },
    'options',
  );
  const result = await verifyPassword(password, stored, policy, { salt: values.salt ?? '' });
  write(io.stdout, `${result.match ? 'match' : 'mismatch'} (${result.format})`);
  return result.match ? 0 : 1;
}

function identify(args: string[], io: HashCommandIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  const [stored, ...extra] = positionals;
  if (stored === undefined || extra.length > 0) throw new UsageError('identify takes exactly one <hash>');
  const format = identifyHash(stored);
  write(io.stdout, format ?? 'unknown');
  return format ? 0 : 2;
}

/** `args` are the words after `hash`. */
export async function runHashCommand(args: string[], io: HashCommandIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'identify':
        return identify(rest, io);
      case 'verify':
        return await verify(rest, io);
      case 'help':
      case '--help':
      case '-h':
        write(io.stdout, USAGE);
        return 0;
      default:
        throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      write(io.stderr, `customdb hash: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (
      isKitError(error, 'unknown_hash_format') ||
      isKitError(error, 'hash_over_cap') ||
      isKitError(error, 'unusable_password') ||
      isKitError(error, 'config_invalid')
    ) {
      write(io.stderr, `customdb hash: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
