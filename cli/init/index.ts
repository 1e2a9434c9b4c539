/**
 * `customdb init --<adapter> <url> [--write]`: reads the store's schema, recognizes a framework that has
 * a preset, and proposes a `customdb.config.ts`; `--write` writes it only where no config exists.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import { ADAPTER_NAMES, ADAPTERS } from '../../adapters/registry.ts';
import { recognize } from './recognize.ts';
import { type Proposal, renderConfig } from './render.ts';

const REQUIRED = ['id', 'email', 'passwordHash'] as const;

/** The proposal for the store at `url`, or why there is none. */
export async function propose(adapter: AdapterDescriptor, url: string): Promise<Proposal | string> {
  const introspection = await adapter.introspection?.();
  if (!introspection) return `the ${adapter.name} adapter cannot read a schema`;
  const containers = await introspection.read(url);
  const recognized = recognize(containers, introspection.signatures);
  if (!recognized) return `found no table or collection with an email ${adapter.fieldsKey.replace(/s$/, '')}`;
  const { choice } = recognized;
  if ('fields' in choice) {
    const missing = REQUIRED.filter((part) => !choice.fields[part]);
    if (missing.length > 0)
      return `${recognized.container.name} has nothing the kit recognizes as ${missing.join(', ')}`;
    // The store keeps no flag: the profile says false until one is mapped.
    choice.fields.emailVerified ??= { constant: false };
  }
  return { adapter, recognized, block: introspection.propose(url, recognized.container, choice) };
}

export async function runInitCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      write: { type: 'boolean', default: false },
      ...Object.fromEntries(ADAPTER_NAMES.map((name) => [name, { type: 'string' as const }])),
    },
  });
  const given = (ADAPTERS as readonly AdapterDescriptor[]).filter(
    (adapter) => typeof (values as Record<string, unknown>)[adapter.name] === 'string',
  );
  const [adapter] = given;
  if (!adapter || given.length > 1) {
    process.stderr.write(
      `usage: customdb init ${ADAPTER_NAMES.map((n) => `--${n} <url>`).join(' | ')} [--write]\n`,
    );
    return 2;
  }
  const url = (values as Record<string, unknown>)[adapter.name] as string;
  const proposal = await propose(adapter, url);
  if (typeof proposal === 'string') {
    process.stderr.write(`customdb init: ${proposal}\n`);
    return 1;
  }
  const dir = process.cwd();
  const source = renderConfig(proposal, dir);
  if (!values.write) {
    process.stdout.write(source);
    return 0;
  }
  const target = resolve(dir, 'customdb.config.ts');
  if (existsSync(target)) {
    process.stderr.write(
      `customdb init: ${target} exists; not overwritten (run without --write to see the proposal)\n`,
    );
    return 1;
  }
  writeFileSync(target, source, { flag: 'wx' });
  process.stdout.write(`wrote ${target}\n`);
  return 0;
}
