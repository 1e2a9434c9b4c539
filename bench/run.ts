/**
 * `npm run bench`: the sections BENCH_SECTIONS names (default: all, in this order), each printed as a
 * markdown table on stdout beside JSON lines (`{"bench":…}`) for machines; progress goes to stderr.
 */
import { runArgon2 } from './argon2.ts';
import { runCompare } from './compare.ts';
import { runExport } from './export.ts';
import { type BenchSettings, benchSettings, type SectionName } from './settings.ts';
import { runSizes } from './sizes.ts';
import { describeMachine } from './stats.ts';
import { runTiming } from './timing.ts';

const SECTIONS: Record<SectionName, (settings: BenchSettings) => Promise<void>> = {
  sizes: runSizes,
  compare: runCompare,
  timing: runTiming,
  argon2: runArgon2,
  export: runExport,
};

// Interrupted, still exit through 'exit': the throwaway servers' exit hooks stop them and remove their files.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const settings = benchSettings();
console.log(`# npm run bench${settings.quick ? ' (BENCH_QUICK=1: a smoke run, not a measurement)' : ''}\n`);
console.log(`Machine: ${describeMachine()}.`);
console.log(`Backends: ${settings.adapters.map((adapter) => adapter.name).join(', ')}.`);
for (const name of settings.sections) {
  console.log(`\n## ${name}\n`);
  await SECTIONS[name](settings);
}
