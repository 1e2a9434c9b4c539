/**
 * Auth0 Deploy CLI, YAML form: a `databases:` entry in `tenant.yaml` and the scripts where the Deploy
 * CLI's own export puts them (`./databases/<name>/<key>.js`, resolved against the YAML file's folder).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DeployPlan, placeholders, scriptPaths, writeScripts } from './plan.ts';

/** A YAML scalar: JSON's double-quoted strings are YAML too, so `##KEY##` is never read as a comment. */
const scalar = (value: string | boolean) => JSON.stringify(value);

function mapping(entries: Record<string, string>, indent: string): string[] {
  return Object.entries(entries).map(([key, value]) => `${indent}${key}: ${scalar(value)}`);
}

export async function writeYaml(plan: DeployPlan, out: string, name: string): Promise<string[]> {
  const files = await writeScripts(join(out, 'databases', name), plan);
  const flags = Object.entries(plan.options).map(([key, value]) => `      ${key}: ${scalar(value)}`);
  const text = [
    'databases:',
    `  - name: ${scalar(name)}`,
    `    strategy: ${scalar('auth0')}`,
    '    options:',
    ...flags,
    '      customScripts:',
    ...mapping(scriptPaths(`./databases/${name}/`), '        '),
    '      configuration:',
    ...mapping(placeholders(plan), '        '),
    '',
  ].join('\n');
  const file = join(out, 'tenant.yaml');
  await writeFile(file, text);
  return [file, ...files];
}
