/**
 * `--format mgmt-api`: GET the connection, deep-merge the scripts and flags into its `options`, PATCH
 * `{ options }` back. A PATCH replaces `options` wholesale and the API returns `configuration` values
 * only encrypted, so every key is sent in clear text from the given file, and a key the tenant holds
 * that the file lacks is refused unless it is dropped knowingly.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../../core/config.ts';
import { Redactor } from '../../core/redact.ts';
import { MgmtClient } from './mgmt-client.ts';
import { DeployError, type DeployPlan } from './plan.ts';

export interface MgmtApiArgs {
  domain: string;
  connectionId: string;
  configurationFile: string;
  dryRun: boolean;
  dropKeys: readonly string[];
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
}

interface Connection {
  name?: unknown;
  strategy?: unknown;
  options?: Record<string, unknown>;
}

/** The file's keys and string values; an error names the key, never the value. */
function readConfigurationFile(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeployError(`--configuration ${file}: not a readable JSON file (${(error as Error).name})`);
  }
  if (!isRecord(parsed)) throw new DeployError(`--configuration ${file}: must hold one JSON object`);
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new DeployError(`--configuration ${file}: ${key} must be a string`);
  }
  return parsed as Record<string, string>;
}

type Change = 'unchanged' | 'changed' | 'added' | 'removed';

function change(before: Record<string, unknown>, after: Record<string, unknown>, key: string): Change {
  if (!(key in before)) return 'added';
  if (!(key in after)) return 'removed';
  return isDeepStrictEqual(before[key], after[key]) ? 'unchanged' : 'changed';
}

const union = (...records: Record<string, unknown>[]) => [...new Set(records.flatMap(Object.keys))];
const recordAt = (value: unknown) => (isRecord(value) ? value : {});

/** Per script, per option and per configuration key: what the PATCH would do. Names only, never values. */
function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const [oldScripts, newScripts] = [recordAt(before.customScripts), recordAt(after.customScripts)];
  const [oldKeys, newKeys] = [recordAt(before.configuration), recordAt(after.configuration)];
  return [
    ...union(oldScripts, newScripts).map((key) => `script ${key}: ${change(oldScripts, newScripts, key)}`),
    ...union(before, after)
      .filter((key) => key !== 'customScripts' && key !== 'configuration')
      .map((key) => `option ${key}: ${change(before, after, key)}`),
    ...union(oldKeys, newKeys).map((key) => {
      const state = change(oldKeys, newKeys, key);
      // Both sides hold the key: the tenant's value is ciphertext, so nothing can be compared.
      return `configuration ${key}: ${state === 'added' || state === 'removed' ? state : 'set (the tenant returns it encrypted: not compared)'}`;
    }),
  ];
}

export async function deployMgmtApi(plan: DeployPlan, args: MgmtApiArgs): Promise<number> {
  const configuration = readConfigurationFile(args.configurationFile);
  const missing = plan.configurationKeys.filter((key) => !(key in configuration));
  if (missing.length > 0) {
    throw new DeployError(
      `${args.configurationFile} lacks ${missing.join(', ')}: the ${plan.adapter.name} scripts read them and the tenant's values cannot be read back (give "" for a key you do not use)`,
    );
  }
  const redactor = new Redactor();
  const { AUTH0_MGMT_TOKEN, AUTH0_CLIENT_SECRET } = args.env;
  redactor.protect(configuration, AUTH0_MGMT_TOKEN ?? '', AUTH0_CLIENT_SECRET ?? '');
  const api = new MgmtClient({ domain: args.domain, env: args.env, redact: (text) => redactor.redact(text) });
  const path = `/api/v2/connections/${encodeURIComponent(args.connectionId)}`;

  const connection = (await api.call('GET', path)) as Connection;
  if (connection.strategy !== 'auth0') {
    throw new DeployError(
      `connection ${args.connectionId} has strategy ${JSON.stringify(connection.strategy)}: custom database scripts need an auth0 (database) connection`,
    );
  }
  const before = connection.options ?? {};
  const unmanaged = Object.keys(recordAt(before.configuration)).filter(
    (key) => !(key in configuration) && !args.dropKeys.includes(key),
  );
  if (unmanaged.length > 0) {
    throw new DeployError(
      `the tenant holds configuration ${unmanaged.join(', ')}, which ${args.configurationFile} lacks: the API returns values only encrypted, so this deploy would delete them; add them to the file or pass --drop-configuration-key ${unmanaged[0]}`,
    );
  }
  const after: Record<string, unknown> = {
    ...before,
    ...plan.options,
    customScripts: { ...recordAt(before.customScripts), ...plan.scripts },
    // Scripts read an empty key as an absent one: "" in the file means "do not set it".
    configuration: Object.fromEntries(Object.entries(configuration).filter(([, value]) => value !== '')),
  };
  // requires_username changes who can sign up: a deploy to an existing connection leaves it as it is.
  if ('requires_username' in before) after.requires_username = before.requires_username;
  else delete after.requires_username;

  const name = typeof connection.name === 'string' ? connection.name : args.connectionId;
  if (args.dryRun) {
    args.print(
      `dry run: connection ${name} (${args.connectionId}) would change as follows; nothing was sent`,
    );
    for (const line of describeChanges(before, after)) args.print(`  ${line}`);
    return 0;
  }
  await api.call('PATCH', path, { options: after });
  const keys = Object.keys(recordAt(after.configuration));
  args.print(
    `updated connection ${name} (${args.connectionId}): seven scripts, import_mode ${String(after.import_mode)}, configuration ${keys.join(', ') || '(none)'}`,
  );
  return 0;
}
