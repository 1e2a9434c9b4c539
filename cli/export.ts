/**
 * `customdb export --adapter <name> --out DIR`: every user of the configured store to
 * Auth0 bulk-import files. Secrets come from a configuration file (the same keys as Auth0's
 * `configuration`; default configuration.local.json) or from the environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeAllClients } from '../adapters/client-cache.ts';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTER_NAMES, findAdapter, openStore } from '../adapters/registry.ts';
import { loadConfig } from '../build/bundle.ts';
import type { KitConfig } from '../build/config.ts';
import type { UserStore } from '../core/store.ts';
import { exportUsers } from '../export/auth0-import.ts';

/**
 * The adapter's `configuration` from a file (the same keys as the connection's settings; default
 * configuration.local.json, never committed) or, without one, from the environment.
 */
export function readConfiguration(
  adapter: AdapterDescriptor,
  file: string | undefined,
  root: string,
): Record<string, string> {
  const path = file ? resolve(file) : resolve(root, 'configuration.local.json');
  if (file || existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return Object.fromEntries(
    Object.keys(adapter.configuration).flatMap((key) => {
      const value = process.env[key];
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

/** The configured store of `adapter`, opened outside Auth0. */
export async function openConfiguredStore(
  config: KitConfig,
  adapter: AdapterDescriptor,
  configuration: Record<string, string>,
): Promise<UserStore> {
  const store = (config.stores as Record<string, unknown>)[adapter.name];
  if (store === undefined) throw new Error(`customdb config has no stores.${adapter.name}`);
  return openStore(adapter, store, configuration);
}

/** A one-line progress bar on a terminal: users, users/s, and ETA when the total is known. */
export function progressLine(done: number, total: number | null, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const count = `${done.toLocaleString('en')} users  ${Math.round(rate).toLocaleString('en')} users/s`;
  if (!total) return count;
  const width = 24;
  const share = Math.min(1, done / total);
  const filled = Math.round(share * width);
  const eta = rate > 0 ? Math.max(0, Math.round((total - done) / rate)) : 0;
  const clock = `${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}%  ${count}  ETA ${clock}`;
}

export async function runExportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      adapter: { type: 'string' },
      out: { type: 'string', default: 'export' },
      configuration: { type: 'string' },
      config: { type: 'string' },
      'max-file-bytes': { type: 'string' },
    },
  });
  const adapter = findAdapter(values.adapter ?? '');
  if (!adapter) {
    process.stderr.write(
      `usage: customdb export --adapter ${ADAPTER_NAMES.join('|')} [--out DIR] [--configuration FILE]\n`,
    );
    return 2;
  }
  const root = process.cwd();
  const config = await loadConfig(root, values.config);
  const store = await openConfiguredStore(
    config,
    adapter,
    readConfiguration(adapter, values.configuration, root),
  );
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  try {
    const total = tty ? await store.countUsers() : null;
    let lastDraw = 0;
    const summary = await exportUsers({
      users: store.streamAll(),
      userIdPrefix: config.userIdPrefix,
      passwords: config.passwords,
      outDir: resolve(values.out),
      ...(values['max-file-bytes'] ? { maxFileBytes: Number(values['max-file-bytes']) } : {}),
      onProgress: (done) => {
        const now = performance.now();
        if (!tty || now - lastDraw < 200) return;
        lastDraw = now;
        process.stderr.write(`\r${progressLine(done, total, now - started)}\x1b[K`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    // The last frame drawn may be a throttled one: end on the final count.
    if (tty) process.stderr.write(`\r${progressLine(summary.users, total, seconds * 1000)}\x1b[K\n`);
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        ...summary,
        files: summary.files.length,
        seconds: Number(seconds.toFixed(2)),
        usersPerSecond: Math.round(summary.users / seconds),
        peakRssMiB: Number(peakMiB.toFixed(1)),
      }),
    );
    return 0;
  } finally {
    await closeAllClients();
  }
}
