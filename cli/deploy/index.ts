/**
 * `customdb deploy --format deploy-cli|yaml|terraform|mgmt-api`: the adapter's seven built scripts (from
 * dist/, so run `customdb build` first) to a tenant, never with a configuration value in a written file.
 * Exit status: 0 done, 1 refused (one line saying why), 2 usage.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../build/bundle.ts';
import { ConfigError } from '../../build/config.ts';
import { writeDeployCli } from './deploy-cli.ts';
import { deployMgmtApi } from './mgmt-api.ts';
import { chooseStore, connectionName, DeployError, planDeploy } from './plan.ts';
import { writeTerraform } from './terraform.ts';
import { writeYaml } from './yaml.ts';

const FILE_FORMATS = { 'deploy-cli': writeDeployCli, yaml: writeYaml, terraform: writeTerraform };

const USAGE = `usage: customdb deploy --format deploy-cli|yaml|terraform --out DIR --connection-name NAME [--adapter A]
       customdb deploy --format mgmt-api --domain TENANT|URL --connection-id ID --configuration FILE.json
                       [--adapter A] [--dry-run] [--drop-configuration-key KEY]…
  common: --config customdb.config.ts, --dist dist (the output of customdb build)
  mgmt-api token: AUTH0_MGMT_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (client credentials)
`;

export interface DeployIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      format: { type: 'string' },
      adapter: { type: 'string' },
      config: { type: 'string' },
      dist: { type: 'string', default: 'dist' },
      out: { type: 'string' },
      'connection-name': { type: 'string' },
      domain: { type: 'string' },
      'connection-id': { type: 'string' },
      configuration: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'drop-configuration-key': { type: 'string', multiple: true, default: [] as string[] },
    },
  }).values;
}

export async function runDeployCommand(
  args: string[],
  io: DeployIo = { env: process.env, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    io.stderr.write(`customdb deploy: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const format = values.format ?? '';
  const isFileFormat = format in FILE_FORMATS;
  if (!isFileFormat && format !== 'mgmt-api') {
    io.stderr.write(`customdb deploy: --format must be deploy-cli, yaml, terraform or mgmt-api\n${USAGE}`);
    return 2;
  }
  const print = (line: string) => io.stdout.write(`${line}\n`);
  try {
    const config = await loadConfig(process.cwd(), values.config);
    const plan = await planDeploy(config, chooseStore(config, values.adapter), resolve(values.dist));
    if (isFileFormat) {
      if (!values.out) throw new DeployError('--out DIR is required for this format');
      const name = connectionName(values['connection-name']);
      const write = FILE_FORMATS[format as keyof typeof FILE_FORMATS];
      for (const file of await write(plan, resolve(values.out), name)) print(file);
      return 0;
    }
    const { domain, 'connection-id': connectionId, configuration } = values;
    if (!domain || !connectionId || !configuration) {
      throw new DeployError('mgmt-api needs --domain, --connection-id and --configuration FILE.json');
    }
    return await deployMgmtApi(plan, {
      domain,
      connectionId,
      configurationFile: configuration,
      dryRun: values['dry-run'],
      dropKeys: values['drop-configuration-key'],
      env: io.env,
      print,
    });
  } catch (error) {
    if (error instanceof DeployError || error instanceof ConfigError) {
      io.stderr.write(`customdb deploy: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
