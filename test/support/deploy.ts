/** What the deploy tests share: the suite's config as a file, its first store, and captured output. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { type ConfiguredStore, configuredStores, type KitConfig } from '../../build/config.ts';
import { runDeployCommand } from '../../cli/deploy/index.ts';
import { collector } from './output.ts';

/** Writes `config` as a config module in `dir` and returns its path. */
export async function writeConfig(
  dir: string,
  config: KitConfig | Record<string, unknown>,
  name = 'config.mjs',
) {
  const file = join(dir, name);
  await writeFile(file, `export default ${JSON.stringify(config)};\n`);
  return file;
}

export function suiteStores(): ConfiguredStore[] {
  return configuredStores(inject('suiteConfig'));
}

/** A distinctive value per configuration key of `adapter`: any of them in an output is a leak. */
export function plantedConfiguration(adapter: AdapterDescriptor, tag: string): Record<string, string> {
  return Object.fromEntries(
    Object.keys(adapter.configuration).map((key, i) => [key, `planted-${tag}-${key}-${i}-Zq7`]),
  );
}

/** `customdb deploy` in-process, over the suite's bundles. */
export async function deploy(args: string[], env: NodeJS.ProcessEnv = {}) {
  const [stdout, stderr] = [collector(), collector()];
  const code = await runDeployCommand([...args, '--dist', inject('distDir')], {
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
