/**
 * The `sizes` section: every paste-ready file of the repository's own config (`customdb.config.ts`),
 * built into a temporary folder, in bytes against Auth0's 100 kB script limit and the 40 kB login target.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll } from '../build/bundle.ts';
import { MAX_SCRIPT_BYTES } from '../build/checks.ts';
import { SCRIPT_NAMES } from '../build/scripts.ts';
import { emitJson, markdownTable, progress } from './stats.ts';

/** The performance issue's target for `login.js`, the largest bundle. */
export const LOGIN_TARGET_BYTES = 40_000;
const ROOT = new URL('..', import.meta.url).pathname;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export async function runSizes(): Promise<void> {
  progress('sizes: building the default config');
  const dir = await mkdtemp(join(tmpdir(), 'customdb-bench-sizes-'));
  try {
    const built = await buildAll({ root: ROOT, outDir: dir });
    const adapters = [...new Set(built.map((file) => file.adapter))];
    const bytesOf = (adapter: string, script: string) =>
      built.find((file) => file.adapter === adapter && file.script === script)?.bytes;
    for (const file of built) {
      emitJson('sizes', {
        adapter: file.adapter,
        script: file.script,
        bytes: file.bytes,
        limitBytes: MAX_SCRIPT_BYTES,
        ...(file.script === 'login' ? { targetBytes: LOGIN_TARGET_BYTES } : {}),
      });
    }
    const rows = SCRIPT_NAMES.map((script) => [
      `${script}.js`,
      ...adapters.map((adapter) => {
        const bytes = bytesOf(adapter, script);
        return bytes === undefined ? '–' : `${kB(bytes)} (${Math.round((bytes / MAX_SCRIPT_BYTES) * 100)}%)`;
      }),
    ]);
    const target = [
      `login.js ≤ ${kB(LOGIN_TARGET_BYTES)}`,
      ...adapters.map((adapter) => {
        const bytes = bytesOf(adapter, 'login') ?? Number.NaN;
        return bytes <= LOGIN_TARGET_BYTES ? 'pass' : `FAIL (+${kB(bytes - LOGIN_TARGET_BYTES)})`;
      }),
    ];
    console.log(
      `Bundle sizes of the default config; kB = 1000 bytes, percentages of Auth0's ${kB(MAX_SCRIPT_BYTES)} script limit.\n`,
    );
    console.log(markdownTable(['script', ...adapters], [...rows, target]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
