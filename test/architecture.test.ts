/**
 * The kit's two structural rules, checked on the source itself so that a change cannot quietly break them:
 * imports point down (core at the bottom; adapters and hashes above it; scripts and export above those;
 * build, runtime and cli on top), and outside `adapters/` no code names an adapter or its driver.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../adapters/registry.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** What each top-level folder may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  hashes: ['core'],
  adapters: ['core'],
  scripts: ['core', 'hashes'],
  export: ['core', 'hashes'],
  build: ['core', 'hashes', 'adapters', 'scripts'],
  runtime: ['core', 'adapters'],
  cli: ['core', 'hashes', 'adapters', 'scripts', 'export', 'build', 'runtime'],
};

/** Folders whose code must take every adapter fact from the registry. */
const ADAPTER_FREE = ['core', 'hashes', 'scripts', 'export', 'build', 'runtime', 'cli', 'test/support'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The top-level folder of every relative import or dynamic import in a file. */
function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((specifier) => {
    const target = relative(ROOT, resolve(join(ROOT, file, '..'), specifier));
    return { specifier, folder: target.split('/')[0] as string };
  });
}

describe('architecture', () => {
  it.each(Object.keys(MAY_IMPORT))('architecture - %s/ imports only the layers below it', (layer) => {
    const breaches = sourceFiles(layer).flatMap((file) =>
      importedFolders(file)
        .filter(({ folder }) => folder !== layer && !MAY_IMPORT[layer]?.includes(folder))
        .map(({ specifier }) => `${file} imports ${specifier}`),
    );
    expect(breaches).toEqual([]);
  });

  it.each(ADAPTER_FREE)('architecture - %s/ names no adapter and no driver', (folder) => {
    const names = ADAPTERS.flatMap((adapter) => [adapter.name, adapter.driverPackage]);
    const literal = new RegExp(`(['"\`])(${names.join('|')})(@[^'"\`]*)?\\1`);
    const breaches = sourceFiles(folder).flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (literal.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(breaches).toEqual([]);
  });

  it('architecture - every adapter lives in adapters/<name>/ with its store module there', () => {
    for (const adapter of ADAPTERS) {
      expect(adapter.store.source.startsWith(`adapters/${adapter.name}/`), adapter.name).toBe(true);
    }
  });
});
