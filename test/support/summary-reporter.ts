import type { Reporter, TestModule } from 'vitest/node';
import { ADAPTER_NAMES } from '../../adapters/registry.ts';
import { selectedAdapters } from './backends.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const line = (label: string, t: Tally) =>
  `${label}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;

/** The backend a test ran on, from its suite title `… [<adapter>: <server>]`. */
function backendOf(fullName: string): string | null {
  return ADAPTER_NAMES.find((name) => fullName.includes(`[${name}: `)) ?? null;
}

/**
 * Ends the run with the plain lines CI reads: the count per backend (a backend with no tests run shows
 * 0 passed, so a silently skipped backend is visible), then 'tests: N passed, N failed, N skipped'.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[], unhandledErrors: readonly unknown[]) {
    const total: Tally = { passed: 0, failed: 0, skipped: 0 };
    const perBackend = new Map<string, Tally>(
      selectedAdapters().map((adapter) => [adapter.name, { passed: 0, failed: 0, skipped: 0 }]),
    );
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        total[key] += 1;
        const backend = backendOf(test.fullName);
        if (backend) {
          const tally = perBackend.get(backend) ?? { passed: 0, failed: 0, skipped: 0 };
          tally[key] += 1;
          perBackend.set(backend, tally);
        }
      }
      // A failed hook or import marks the module failed while its tests only show as skipped.
      const testsFailed = [...module.children.allTests()].some((test) => test.result().state === 'failed');
      if (module.state() === 'failed' && !testsFailed) total.failed += 1;
    }
    total.failed += unhandledErrors.length;
    const lines = [...perBackend.entries()].map(([backend, tally]) => line(`tests on ${backend}`, tally));
    process.stdout.write(`\n${[...lines, line('tests', total)].join('\n')}\n`);
  }
}
