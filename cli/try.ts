/**
 * `customdb try <script> [arguments…] --adapter A --configuration FILE`: the dashboard's "Try" button
 * without a tenant. Runs the built bundle (dist/<adapter>/<script>.js) in the local Auth0 runtime
 * against the real store and prints what the callback received. Passwords come from stdin (or a
 * prompt), never from argv, where shell history and the process list would keep them.
 * Exit status: 0 the callback had no error, 1 it had one, 2 usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTER_NAMES, findAdapter } from '../adapters/registry.ts';
import { SCRIPT_NAMES, SCRIPTS, type ScriptName } from '../build/scripts.ts';
import { isRecord } from '../core/config.ts';
import { Redactor } from '../core/redact.ts';
import { Auth0Container } from '../runtime/container.ts';
import { readConfiguration } from './export.ts';
import { readPassword } from './hash.ts';

export interface TryIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: customdb try <script> [arguments…] --adapter ${ADAPTER_NAMES.join('|')} [--configuration FILE.json] [--dist dist]
  login <email or username>          password from stdin
  create '<user JSON>'               e.g. '{"email":"a@example.com"}'; password from stdin
  verify <email>
  change_password <email>            new password from stdin
  get_user <email>
  delete <user_id>
  change_email <email> <new email> [true|false]
`;

class UsageError extends Error {}

/** Which scripts take a password, and the argument count before it. */
const PASSWORD_AFTER: Partial<Record<ScriptName, number>> = { login: 1, change_password: 1 };

const NO_ARGV_PASSWORD =
  'the password is read from stdin or a prompt, never from the command line (shell history and the process list keep it)';

/** A password typed at a terminal, not echoed; or stdin's text without its last newline. */
async function password(io: TryIo): Promise<string> {
  const { stdin } = io;
  const tty = stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof tty.setRawMode !== 'function') return readPassword(stdin);
  io.stderr.write('password: ');
  tty.setRawMode(true);
  let typed = '';
  try {
    for await (const chunk of tty) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return typed;
        if (char === '\u0003') throw new UsageError('interrupted');
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    tty.setRawMode(false);
    tty.pause();
    io.stderr.write('\n');
  }
}

function parseUser(text: string | undefined): Record<string, unknown> {
  let user: unknown;
  try {
    user = JSON.parse(text ?? '');
  } catch {
    throw new UsageError('create takes the user as JSON: \'{"email":"a@example.com"}\'');
  }
  if (!isRecord(user)) throw new UsageError('create takes the user as one JSON object');
  if ('password' in user) throw new UsageError(`create: ${NO_ARGV_PASSWORD}`);
  return user;
}

/** The script's arguments, in the order of its parameters, with the password read from stdin. */
async function scriptArguments(script: ScriptName, given: string[], io: TryIo): Promise<unknown[]> {
  const takes = SCRIPTS[script].params.length;
  const before = PASSWORD_AFTER[script];
  if (before !== undefined && given.length > before) throw new UsageError(`${script}: ${NO_ARGV_PASSWORD}`);
  if (script === 'create') {
    if (given.length !== 1) throw new UsageError('create takes one argument: the user as JSON');
    return [{ ...parseUser(given[0]), password: await password(io) }];
  }
  if (before !== undefined) {
    if (given.length !== before)
      throw new UsageError(`${script} takes ${before} argument before the password`);
    return [...given, await password(io)];
  }
  // change_email's third parameter (verified) is optional and a boolean.
  const required = script === 'change_email' ? 2 : takes;
  if (given.length < required || given.length > takes) {
    throw new UsageError(
      `${script} takes ${required === takes ? takes : `${required} or ${takes}`} arguments`,
    );
  }
  if (script === 'change_email' && given[2] !== undefined) {
    if (given[2] !== 'true' && given[2] !== 'false')
      throw new UsageError('change_email: verified is true or false');
    return [given[0], given[1], given[2] === 'true'];
  }
  return given;
}

/** What the callback received, as one error line or the result as JSON. */
function describe(error: (Error & Record<string, unknown>) | null, results: unknown[]): string {
  if (error) {
    const code = typeof error.code === 'string' ? ` (code ${error.code})` : '';
    return `error: ${error.name}${code}: ${error.message}`;
  }
  return results.length === 0 ? 'ok (callback(null))' : JSON.stringify(results[0] ?? null, null, 2);
}

export async function runTryCommand(
  args: string[],
  io: TryIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        adapter: { type: 'string' },
        configuration: { type: 'string' },
        dist: { type: 'string', default: 'dist' },
      },
    });
    const [script, ...given] = positionals;
    if (!SCRIPT_NAMES.includes(script as ScriptName)) {
      throw new UsageError(`the script is one of ${SCRIPT_NAMES.join(', ')}`);
    }
    const adapter: AdapterDescriptor | null = findAdapter(values.adapter ?? '');
    if (!adapter) throw new UsageError(`--adapter is one of ${ADAPTER_NAMES.join(', ')}`);
    const file = resolve(values.dist, adapter.name, `${script}.js`);
    if (!existsSync(file)) {
      io.stderr.write(`customdb try: ${file} not found: run customdb build first\n`);
      return 1;
    }
    const callArgs = await scriptArguments(script as ScriptName, given, io);
    const configuration = readConfiguration(adapter, values.configuration, process.cwd());
    // The bundles never print a secret; this guards what try itself prints all the same.
    const redactor = new Redactor();
    redactor.protect(
      configuration,
      callArgs.filter((_, i) => i === PASSWORD_AFTER[script as ScriptName]),
    );
    if (script === 'create') redactor.protect((callArgs[0] as { password: string }).password);
    const container = new Auth0Container({ configuration });
    try {
      const call = await container.invoke(readFileSync(file, 'utf8'), callArgs, `${adapter.name}/${script}`);
      for (const line of call.logs) io.stderr.write(`log: ${redactor.redact(line)}\n`);
      io.stdout.write(`${redactor.redact(describe(call.error, call.results))}\n`);
      return call.error ? 1 : 0;
    } finally {
      await container[Symbol.asyncDispose]();
    }
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    io.stderr.write(`customdb try: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
}
