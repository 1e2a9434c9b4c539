/**
 * Runs a framework's own code: a helper script under /usr/bin/php or /usr/bin/python3 (Debian's, with
 * Debian's framework packages), one command per process, credentials and input through the environment.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RESULT = '@@RESULT@@';
const ERROR = '@@ERROR@@';
/** Salts and secret keys the frameworks want defined; fresh per test process. */
const SECRET = randomBytes(24).toString('hex');

/** Fails, with the exact line that installs them, when any of these Debian packages is missing. */
export async function requirePackages(packages: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const name of packages) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    const status = await run('dpkg-query', ['-W', '-f=${Status}', name]).then(
      ({ stdout }) => stdout,
      () => '',
    );
    if (!status.endsWith('install ok installed')) missing.push(name);
  }
  if (missing.length > 0) {
    throw new Error(
      `Debian packages missing for the framework tests: apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
}

export interface Helper {
  interpreter: '/usr/bin/php' | '/usr/bin/python3';
  script: string;
  /** Connection settings and the like, as CUSTOMDB_FW_* variables. */
  env: Record<string, string>;
}

/** One helper command; its JSON answer, or an error with the helper's refusal (never its input). */
export async function callHelper<T>(helper: Helper, command: string, input: unknown = {}): Promise<T> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
  };
  const outcome = await run(helper.interpreter, [helper.script, command], {
    env: { ...env, ...helper.env, CUSTOMDB_FW_SECRET: SECRET, CUSTOMDB_FW_INPUT: JSON.stringify(input) },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  }).catch((error: { stdout?: string; stderr?: string; code?: unknown }) => ({
    stdout: error.stdout ?? '',
    stderr: `${error.stderr ?? ''} (exit ${String(error.code)})`,
  }));
  const lines = outcome.stdout.split('\n');
  const refused = lines.find((line) => line.startsWith(ERROR));
  if (refused) throw new Error(`${helper.script} ${command}: ${refused.slice(ERROR.length)}`);
  const answer = lines.findLast((line) => line.startsWith(RESULT));
  if (answer === undefined) {
    throw new Error(`${helper.script} ${command} gave no answer: ${outcome.stderr.slice(-1500)}`);
  }
  return JSON.parse(answer.slice(RESULT.length)) as T;
}
