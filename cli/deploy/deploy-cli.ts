/**
 * Auth0 Deploy CLI, directory form: `database-connections/<name>/database.json` and the seven scripts
 * beside it. The Deploy CLI replaces each `##KEY##` from its keyword mappings at deploy time.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DeployPlan, placeholders, scriptPaths, writeScripts } from './plan.ts';

export async function writeDeployCli(plan: DeployPlan, out: string, name: string): Promise<string[]> {
  const dir = join(out, 'database-connections', name);
  const files = await writeScripts(dir, plan);
  const database = {
    name,
    strategy: 'auth0',
    options: { ...plan.options, customScripts: scriptPaths('./'), configuration: placeholders(plan) },
  };
  const file = join(dir, 'database.json');
  await writeFile(file, `${JSON.stringify(database, null, 2)}\n`);
  return [file, ...files];
}
