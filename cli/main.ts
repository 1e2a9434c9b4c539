/** `customdb <command>`: build, hash, … Each command returns its exit code. */
import { resolve } from 'node:path';
import { buildAll } from '../build/bundle.ts';
import { BundleCheckError } from '../build/checks.ts';
import { ConfigError } from '../build/config.ts';

const USAGE = `usage: customdb <command>

  build                 bundle every script for every configured adapter into dist/<adapter>/<script>.js
  export --adapter A    write every user of the store to Auth0 bulk-import files (--out DIR)
  init --<adapter> URL  read a store's schema and propose a customdb.config.ts (--write to write it)
  doctor                report what will hurt in Auth0 (--adapter A, --configuration FILE); exit 1 if it blocks
  deploy --format F     write the scripts for deploy-cli, yaml or terraform, or PATCH them in (mgmt-api)
  try <script> [args]   run a built script against your store in the local Auth0 runtime
  hash identify <hash>  name the format of a stored password hash
  hash verify <hash>    check a password (read from stdin) against a stored hash
`;

async function buildCommand(args: string[]): Promise<number> {
  const root = resolve(process.cwd());
  const configFile = args[0] === '--config' ? args[1] : undefined;
  try {
    const built = await buildAll({ root, ...(configFile ? { configFile } : {}) });
    for (const script of built) {
      console.log(
        `${script.file.padEnd(34)} ${String(script.bytes).padStart(7)} bytes  sha256 ${script.sha256.slice(0, 12)}`,
      );
    }
    console.log(`built ${built.length} scripts; every file passed the bundle checks`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BundleCheckError) {
      console.error(`build failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'build':
      return buildCommand(args);
    case 'export': {
      const { runExportCommand } = await import('./export.ts');
      return runExportCommand(args);
    }
    case 'init': {
      const { runInitCommand } = await import('./init/index.ts');
      return runInitCommand(args);
    }
    case 'doctor': {
      const { runDoctorCommand } = await import('./doctor/index.ts');
      return runDoctorCommand(args);
    }
    case 'deploy': {
      const { runDeployCommand } = await import('./deploy/index.ts');
      return runDeployCommand(args);
    }
    case 'try': {
      const { runTryCommand } = await import('./try.ts');
      return runTryCommand(args);
    }
    case 'hash': {
      const { runHashCommand } = await import('./hash.ts');
      return runHashCommand(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`customdb: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
