/** The proposed `customdb.config.ts` as TypeScript source, with a comment on every field left unmapped. */
import { relative } from 'node:path';
import type { AdapterDescriptor } from '../../adapters/descriptor.ts';
import type { ContainerFacts } from '../../adapters/introspection/types.ts';
import type { Recognized } from './recognize.ts';

const KIT_CONFIG_MODULE = new URL('../../build/config.ts', import.meta.url).pathname;

const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as TypeScript source in the project's style: single quotes, bare keys, two-space indent. */
export function toSource(value: unknown, indent = ''): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[${value.map((item) => toSource(item, indent)).join(', ')}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, item]) => `${inner}${KEY.test(key) ? key : toSource(key)}: ${toSource(item, inner)},`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Every string a validated block names, keys included: a field it names is one the kit reads or writes. */
function namesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      namesIn(item, into);
    }
  }
  return into;
}

export interface Proposal {
  adapter: AdapterDescriptor;
  recognized: Recognized;
  block: Record<string, unknown>;
}

/** Fields of the container the block names nowhere. */
export function unmappedFields(proposal: Proposal): ContainerFacts['fields'] {
  const { adapter, recognized, block } = proposal;
  const names = namesIn(adapter.validateConfig(block, `stores.${adapter.name}`));
  // A path inside an array of sub-documents is named by its array.
  const named = (name: string) => names.has(name) || [...names].some((n) => name.startsWith(`${n}.`));
  return recognized.container.fields.filter((field) => !named(field.name));
}

export function renderConfig(proposal: Proposal, configDir: string): string {
  const { adapter, recognized, block } = proposal;
  const { choice, container } = recognized;
  const importPath = relative(configDir, KIT_CONFIG_MODULE).replace(/^(?!\.)/, './');
  const comments = unmappedFields(proposal).map(
    (field) => `    // ${field.name} (${field.type}): not mapped; the kit neither reads nor writes it`,
  );
  const found =
    'preset' in choice
      ? `the ${choice.preset} schema (preset '${choice.preset}') in ${container.name}`
      : `${container.name}, mapped by its field names: check every line`;
  const accept =
    'preset' in choice
      ? "    // The preset accepts its framework's hash formats; `customdb doctor` counts the formats stored."
      : '    // Add the legacy formats your store holds (see README); `customdb doctor` counts them.';
  return [
    `// Proposed by \`customdb init\` from ${adapter.title}: ${found}.`,
    `import { defineConfig } from '${importPath}';`,
    '',
    'export default defineConfig({',
    "  // Auth0 needs user ids unique across the tenant's connections: keep a prefix of this connection's own.",
    "  userIdPrefix: 'legacy|',",
    '  passwords: {',
    '    bcryptCost: 10,',
    accept,
    "    accept: ['bcrypt'],",
    '    rehashOnLogin: false,',
    '  },',
    '  stores: {',
    ...comments,
    `    ${adapter.name}: ${toSource(block, '    ')},`,
    '  },',
    '});',
    '',
  ].join('\n');
}
