/**
 * The esbuild pipeline: for each configured adapter and each script, one paste-ready file
 * `dist/<adapter>/<script>.js` holding exactly one function declaration.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTERS } from '../adapters/registry.ts';
import { bundleFlags } from '../core/bundling.ts';
import { type BundleFacts, checkBundle, SAMPLE_CONFIGURATION } from './checks.ts';
import { type ConfiguredStore, configuredStores, type KitConfig, validateConfig } from './config.ts';
import { SCRIPT_NAMES, SCRIPTS, type ScriptName } from './scripts.ts';

export interface BuildOptions {
  root: string;
  configFile?: string;
  /** A config object instead of the file (tests build variants this way); validated all the same. */
  config?: unknown;
  /** Build only these scripts (default: all seven). */
  scripts?: readonly ScriptName[];
  outDir?: string;
  /** Extra secret values to look for, e.g. a local configuration used by `customdb try`. */
  secrets?: string[];
}

export interface BuiltScript {
  adapter: string;
  script: ScriptName;
  file: string;
  bytes: number;
  sha256: string;
}

export async function loadConfig(root: string, configFile = 'customdb.config.ts'): Promise<KitConfig> {
  const path = resolve(root, configFile);
  if (!existsSync(path)) throw new Error(`customdb config: ${path} not found`);
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  return validateConfig(module.default);
}

/** Values from a local configuration file (never committed) that must not reach a bundle either. */
function localSecrets(root: string): string[] {
  const path = join(root, 'configuration.local.json');
  if (!existsSync(path)) return [];
  const values = Object.values(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  return values.filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

/** Routes the driver import to the name Auth0's require() must load, and keeps built-ins external. */
function externals(driverPackage: string, driverName: string, nativeBcrypt: string | false): Plugin {
  return {
    name: 'customdb-externals',
    setup(pluginBuild) {
      // The native bcrypt scripts try first: the runtime's, never bundled.
      if (nativeBcrypt) {
        pluginBuild.onResolve({ filter: new RegExp(`^${nativeBcrypt.replace(/[.@]/g, '\\$&')}$`) }, () => ({
          path: nativeBcrypt,
          external: true,
        }));
      }
      pluginBuild.onResolve({ filter: new RegExp(`^${driverPackage}$`) }, () => ({
        path: driverName,
        external: true,
      }));
      // Auth0's require() is only known to serve bare built-in names; 'node:crypto' is not confirmed.
      pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({
        path: args.path.slice('node:'.length),
        external: true,
      }));
    },
  };
}

function entrySource(
  config: KitConfig,
  { adapter, store, passwords }: ConfiguredStore,
  script: ScriptName,
  generation: string,
) {
  const { source, factory } = adapter.store;
  const inactiveMessage =
    (store as { inactiveMessage?: string }).inactiveMessage ?? 'This account is disabled.';
  const settings = { userIdPrefix: config.userIdPrefix, passwords, inactiveMessage };
  const publicKeys = Object.entries(adapter.configuration).flatMap(([key, { secret }]) =>
    secret ? [] : [key],
  );
  return [
    `import script from './scripts/${script}.ts';`,
    `import { ${factory} } from './${source}';`,
    `import { toAuth0Function } from './build/wrapper.ts';`,
    `import { useClientGeneration } from './adapters/client-cache.ts';`,
    `useClientGeneration(${JSON.stringify(generation)});`,
    `const store = ${JSON.stringify(store)};`,
    `export const run = toAuth0Function(${JSON.stringify(script)}, script, (configuration) => ${factory}(store, configuration), ${JSON.stringify(settings)}, ${JSON.stringify(publicKeys)});`,
  ].join('\n');
}

/** Sandbox names each call hands the module: a cached module must not use the first call's. */
const PER_CALL = [
  'configuration',
  'console',
  'WrongUsernameOrPasswordError',
  'ValidationError',
  'UnauthorizedError',
];

/**
 * One function declaration. The bundled module is evaluated once per container and kept on Auth0's
 * `global` under its content hash; every call hands it its own configuration, console and error classes.
 */
function wrapAsFunction(
  adapter: AdapterDescriptor,
  script: ScriptName,
  driver: string,
  iife: string,
): string {
  const { functionName, params } = SCRIPTS[script];
  const key = createHash('sha256').update(iife).digest('hex').slice(0, 20);
  const env = PER_CALL.map((name) => `${name}: typeof ${name} === 'undefined' ? undefined : ${name}`).join(
    ', ',
  );
  return [
    `function ${functionName}(${[...params, 'callback'].join(', ')}) {`,
    `  // auth0-customdb-kit: ${script} script for the ${adapter.name} adapter (driver: require('${driver}')).`,
    `  // Generated by \`customdb build\`: edit the TypeScript in scripts/ and rebuild instead of this text.`,
    `  // Reads its secrets from the connection's configuration: ${adapter.configurationSummary}.`,
    `  var modules = typeof global === 'undefined' ? {} : global.__customdbModules || (global.__customdbModules = {});`,
    `  var kit = modules['${key}'];`,
    '  if (!kit) {',
    iife.trimEnd(),
    `    kit = modules['${key}'] = __customdb;`,
    '  }',
    `  return kit.run({ ${env} }, Array.prototype.slice.call(arguments));`,
    '}',
  ].join('\n');
}

/** The hash of the kit code bundles run: clients cached by one build are never handed to another. */
async function codeGeneration(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of ['core', 'adapters', 'scripts', 'hashes', 'build']) {
    const files = (await readdir(join(root, folder), { recursive: true }))
      .filter((file) => file.endsWith('.ts'))
      .sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, folder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export async function buildAll(options: BuildOptions): Promise<BuiltScript[]> {
  const { root } = options;
  const config = options.config ? validateConfig(options.config) : await loadConfig(root, options.configFile);
  const outDir = options.outDir ?? join(root, 'dist');
  const secrets = [...Object.values(SAMPLE_CONFIGURATION), ...localSecrets(root), ...(options.secrets ?? [])];
  const built: BuiltScript[] = [];
  const generation = await codeGeneration(root);
  for (const configured of configuredStores(config)) {
    const { adapter, store, passwords } = configured;
    const dir = join(outDir, adapter.name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const others = ADAPTERS.filter((other) => other.name !== adapter.name);
    for (const script of options.scripts ?? SCRIPT_NAMES) {
      const result = await build({
        stdin: {
          contents: entrySource(config, configured, script, generation),
          resolveDir: root,
          sourcefile: `${adapter.name}-${script}.ts`,
          loader: 'ts',
        },
        bundle: true,
        write: false,
        format: 'iife',
        globalName: '__customdb',
        platform: 'node',
        target: 'node18',
        // No keepNames: its __name() wrappers cost ~3.5 kB per bundle and make every scheme object
        // impure, so esbuild could no longer drop the hash formats a store does not accept. Errors
        // reach Auth0's logs by their stable codes and messages, not by stack frames.
        keepNames: false,
        minify: true,
        legalComments: 'inline',
        metafile: true,
        logLevel: 'silent',
        plugins: [externals(adapter.driverPackage, store.driver, passwords.nativeBcrypt)],
        // Only the code this script runs (core/bundling.ts).
        define: bundleFlags(script, passwords),
      });
      const output = result.outputFiles[0];
      if (!output) throw new Error(`${adapter.name}/${script}: esbuild produced no output`);
      const text = `${wrapAsFunction(adapter, script, store.driver, output.text)}\n`;
      const file = join(dir, `${script}.js`);
      const facts: BundleFacts = {
        file: relative(root, file),
        text,
        functionName: SCRIPTS[script].functionName,
        arity: SCRIPTS[script].params.length + 1,
        adapter: adapter.name,
        inputs: Object.keys(result.metafile.inputs),
        externals: Object.values(result.metafile.outputs).flatMap((out) =>
          out.imports.filter((imported) => imported.external).map((imported) => imported.path),
        ),
        allowedModules: [store.driver, ...(passwords.nativeBcrypt ? [passwords.nativeBcrypt] : [])],
        foreign: {
          modules: others.map((other) => other.driverPackage),
          // Every file of another adapter's folder, and another driver's package.
          paths: others.flatMap((other) => [
            `adapters/${other.name}/`,
            `node_modules/${other.driverPackage}/`,
          ]),
        },
        secrets,
      };
      checkBundle(facts);
      await writeFile(file, text);
      built.push({
        adapter: adapter.name,
        script,
        file: facts.file,
        bytes: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      });
    }
  }
  return built;
}
