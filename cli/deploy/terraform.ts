/**
 * Terraform: one `auth0_connection` resource (strategy auth0) whose scripts are `file()`s beside it and
 * whose `configuration` comes from one sensitive variable per key, so no value is ever in a .tf file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCRIPT_NAMES } from '../../build/scripts.ts';
import { type DeployPlan, writeScripts } from './plan.ts';

/** An HCL string: JSON's escapes, and `${`/`%{` doubled so Terraform takes them literally. */
const hcl = (text: string) => JSON.stringify(text).replace(/([$%])\{/g, '$1$1{');

export async function writeTerraform(plan: DeployPlan, out: string, name: string): Promise<string[]> {
  const files = await writeScripts(out, plan);
  const variables = plan.configurationKeys.flatMap((key) => [
    `variable "${key}" {`,
    `  description = ${hcl(plan.adapter.configuration[key]?.description ?? '')}`,
    '  type        = string',
    '  sensitive   = true',
    '}',
    '',
  ]);
  const { options } = plan;
  const text = [
    'terraform {',
    '  required_providers {',
    '    auth0 = { source = "auth0/auth0" }',
    '  }',
    '}',
    '',
    ...variables,
    'resource "auth0_connection" "customdb" {',
    `  name     = ${hcl(name)}`,
    '  strategy = "auth0"',
    '  options {',
    '    enabled_database_customization = true',
    `    import_mode                    = ${options.import_mode}`,
    ...(options.requires_username ? ['    requires_username              = true'] : []),
    '    custom_scripts = {',
    ...SCRIPT_NAMES.map((script) => `      ${script} = file("\${path.module}/${script}.js")`),
    '    }',
    '    configuration = {',
    ...plan.configurationKeys.map((key) => `      ${key} = var.${key}`),
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const file = join(out, 'main.tf');
  await writeFile(file, text);
  return [file, ...files];
}
