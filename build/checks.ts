/**
 * Checks every emitted script before it is written: a failed check fails the build with the file
 * and the reason. These are the properties a pasted script needs to work the first time in Auth0.
 */
import { builtinModules } from 'node:module';
import { parse } from 'acorn';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { ADAPTERS } from '../adapters/registry.ts';

export const MAX_SCRIPT_BYTES = 100_000;

/** Built-ins no action script needs and Auth0's Node 22 sandbox does not permit to write with. */
const SANDBOX_REFUSED = ['fs', 'fs/promises', 'child_process', 'worker_threads'];

/** Canary values standing in for a tenant's secrets, every adapter's: none may ever appear in a bundle. */
export const SAMPLE_CONFIGURATION: Readonly<Record<string, string>> = Object.fromEntries(
  (ADAPTERS as readonly AdapterDescriptor[]).flatMap((adapter) =>
    Object.entries(adapter.configuration)
      .filter(([, key]) => key.secret)
      .map(([name, key]) => [name, key.canary]),
  ),
);

export interface BundleFacts {
  file: string;
  text: string;
  functionName: string;
  arity: number;
  adapter: string;
  /** Source files esbuild read, from its metafile. */
  inputs: string[];
  /** Modules left to the runtime's require(), from its metafile. */
  externals: string[];
  /** The module names this adapter may require besides Node's built-ins. */
  allowedModules: string[];
  /** Module names and source paths that belong to the other adapters. */
  foreign: { modules: string[]; paths: string[] };
  /** Secret values to look for: the canaries plus any local configuration. */
  secrets: string[];
}

export class BundleCheckError extends Error {
  override readonly name = 'BundleCheckError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

type Node = { type: string; id?: { name: string } | null; params?: unknown[] };

// Annotated so TypeScript knows a call to it ends the path.
type Fail = (reason: string) => never;

function failer(file: string): Fail {
  return (reason) => {
    throw new BundleCheckError(file, reason);
  };
}

function checkShape(facts: BundleFacts): void {
  const fail: Fail = failer(facts.file);
  let program: { body: Node[] };
  try {
    program = parse(facts.text, { ecmaVersion: 2022, sourceType: 'script' }) as unknown as { body: Node[] };
  } catch (error) {
    fail(`does not parse as ES2022 script: ${(error as Error).message}`);
  }
  const [only, ...rest] = program.body;
  if (!only || rest.length > 0)
    fail(`must hold exactly one top-level statement, found ${program.body.length}`);
  if (only.type !== 'FunctionDeclaration')
    fail(`top-level statement is a ${only.type}, not a function declaration`);
  if (only.id?.name !== facts.functionName)
    fail(`function is named '${only.id?.name}', expected '${facts.functionName}'`);
  if (only.params?.length !== facts.arity) {
    fail(
      `function takes ${only.params?.length} parameters, expected ${facts.arity} (arguments and callback)`,
    );
  }
  try {
    // Loaders also evaluate the text as an expression: `(<script>)(args…)`.
    parse(`(${facts.text})`, { ecmaVersion: 2022, sourceType: 'script' });
  } catch (error) {
    fail(`does not parse as a function expression: ${(error as Error).message}`);
  }
}

export function checkBundle(facts: BundleFacts): void {
  const fail: Fail = failer(facts.file);
  checkShape(facts);
  const bytes = Buffer.byteLength(facts.text);
  if (bytes > MAX_SCRIPT_BYTES) fail(`is ${bytes} bytes, over Auth0's ${MAX_SCRIPT_BYTES}-byte script limit`);

  // Empty and short values (a port, a flag) would match by accident: only real secrets are looked for.
  for (const secret of facts.secrets.filter((value) => value.length >= 6)) {
    const at = facts.text.indexOf(secret);
    if (at >= 0)
      fail(
        `contains a configuration value (${secret.slice(0, 4)}…) at offset ${at}: secrets belong in configuration`,
      );
  }
  // Any scheme: a URL carrying a user and a password is a credential, whoever's driver reads it.
  const credentials = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/'"`@:]+:[^\s/'"`@]+@/i.exec(facts.text);
  if (credentials) fail(`contains a connection string with credentials at offset ${credentials.index}`);

  // The Deploy CLI would replace these with keyword values and corrupt the script.
  const token = /@@[A-Za-z0-9_]+@@|##[A-Za-z0-9_]+##/.exec(facts.text);
  if (token) fail(`contains '${token[0]}' at offset ${token.index}, which the Auth0 Deploy CLI replaces`);

  for (const path of facts.inputs) {
    const leaked = facts.foreign.paths.find((foreign) => path.includes(foreign));
    if (leaked) fail(`includes ${path}, which belongs to another adapter than ${facts.adapter}`);
  }
  const builtins = new Set(builtinModules);
  for (const name of facts.externals) {
    if (SANDBOX_REFUSED.includes(name)) {
      fail(
        `requires '${name}': Auth0's Node 22 sandbox forbids filesystem writes and a script needs no processes`,
      );
    }
    const bare = name.replace(/@\d+\.\d+\.\d+$/, '');
    if (facts.foreign.modules.includes(bare))
      fail(`requires '${name}', the driver of another adapter than ${facts.adapter}`);
    if (!builtins.has(name) && !facts.allowedModules.includes(name)) {
      fail(`requires '${name}', which is neither a Node built-in nor this adapter's driver`);
    }
  }
}
