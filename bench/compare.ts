/**
 * The `compare` section: the kit's bundles against the project's copies of Auth0's stock templates
 * (bench/stock/), on every backend, in one process and one emulator, interleaved call by call.
 * Concurrency 1 gives each arm's latency; BENCH_CONCURRENCY calls in flight give its throughput; a new
 * container's first call gives its cold start. Every answer is checked: wrong answers abort the run.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { AdapterDescriptor } from '../adapters/descriptor.ts';
import { buildAll } from '../build/bundle.ts';
import type { ScriptName } from '../build/scripts.ts';
import { Auth0Container } from '../runtime/container.ts';
import { storeOf, suiteConfig } from '../test/support/backends.ts';
import { HASH_HEADERS, hashReference } from './hashes.ts';
import { latencyProxy } from './latency-proxy.ts';
import type { BenchSettings } from './settings.ts';
import {
  type Cell,
  closedLoop,
  emitJson,
  formatMs,
  formatRatio,
  formatTarget,
  interleave,
  markdownTable,
  median,
  p90,
  progress,
  ratio,
  throughput,
  verdict,
} from './stats.ts';
import { stockContainer, stockScript } from './stock.ts';
import { type ArmName, LOGIN_EMAIL, PASSWORD, population, type Workload } from './workloads.ts';

const ROOT = new URL('..', import.meta.url).pathname;
/** The rows whose cold start is measured: the two scripts of a lazy migration. */
const COLD_ROWS = ['login success', 'get_user'];

interface Arm {
  name: ArmName;
  script(name: ScriptName): string;
  newContainer(): Auth0Container;
  /** The container the warm rows share, as Auth0 reuses one between calls. */
  container: Auth0Container;
}

function arm(name: ArmName, load: (script: ScriptName) => string, newContainer: () => Auth0Container): Arm {
  const texts = new Map<ScriptName, string>();
  return {
    name,
    script(script) {
      const text = texts.get(script) ?? load(script);
      texts.set(script, text);
      return text;
    },
    newContainer,
    container: newContainer(),
  };
}

interface Tables {
  latency: Cell[][];
  throughput: Cell[][];
  cold: Cell[][];
  floor: Cell[][];
}

/** The emulator's own cost per call, which both arms pay: a script that answers at once. */
const EMPTY_SCRIPT = 'function getByEmail(email, callback) {\n  callback(null, null);\n}';

/** A row whose calls failed is reported, not dropped: the other rows still measure. */
function failedRow(kind: string, backend: string, row: string, error: unknown, width: number): Cell[] {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 160) ?? '';
  emitJson('compare', { kind, backend, row, error: reason });
  progress(`compare: ${backend}, ${row}, ${kind}: ${reason}`);
  return [backend, row, ...Array<Cell>(width - 3).fill('–'), `FAIL: ${reason}`];
}

/** Runs one call of `workload`, checks its answer, and answers its wall time in milliseconds. */
async function timedCall(backend: string, a: Arm, container: Auth0Container, workload: Workload) {
  const args = workload.args(a.name);
  const started = performance.now();
  const outcome = await container.invoke(a.script(workload.script), args, `${a.name}/${workload.script}`);
  const elapsed = performance.now() - started;
  const wrong = outcome.timedOut ? 'no answer in time' : workload.check(outcome);
  if (wrong) throw new Error(`${backend}, ${a.name}, ${workload.name}: ${wrong} ${outcome.logs.join(' ')}`);
  return elapsed;
}

const armCells = (samples: number[]) => [formatMs(median(samples)), formatMs(p90(samples))];
/** Both arms' latency percentiles for a JSON line: kitP50Ms, kitP90Ms, stockP50Ms, stockP90Ms. */
const armStats = (kit: number[], stock: number[]) => ({
  kitP50Ms: median(kit),
  kitP90Ms: p90(kit),
  stockP50Ms: median(stock),
  stockP90Ms: p90(stock),
});

async function compareBackend(
  adapter: AdapterDescriptor,
  distDir: string,
  settings: BenchSettings,
  tables: Tables,
): Promise<string> {
  const testing = await adapter.testing();
  await using server = await testing.provision();
  const backend = adapter.name;
  const store = storeOf(await suiteConfig([adapter]), adapter);
  progress(`compare: ${backend} on ${server.label}: seeding`);
  await testing.prepare(server, store);
  // Only the arms go through the proxy: seeding and cleanup take the direct way.
  const proxy = settings.rttMs > 0 ? await latencyProxy(server.url, settings.rttMs) : null;
  const configuration = {
    ...testing.configuration(proxy ? { ...server, url: proxy.rewrite(server.url) } : server),
    ...(settings.poolSize === null ? {} : { DB_POOL_SIZE: String(settings.poolSize) }),
  };
  const arms = [
    arm(
      'kit',
      (script) => readFileSync(join(distDir, backend, `${script}.js`), 'utf8'),
      () => new Auth0Container({ configuration }),
    ),
    arm(
      'stock',
      (script) => stockScript(adapter, script),
      () => stockContainer(adapter, configuration),
    ),
  ];
  try {
    const { users, workloads } = population(settings, await bcrypt.hash(PASSWORD, 10));
    const probe = testing.openProbe(server, store);
    await probe.seedMany(users).finally(() => probe.close());
    const call = (a: Arm, workload: Workload, container = a.container) =>
      timedCall(backend, a, container, workload);

    progress(`compare: ${backend}, an empty script`);
    await using empty = new Auth0Container({ configuration });
    const floor: number[] = [];
    for (let k = 0; k < settings.warmup + settings.iterations; k += 1) {
      // Timed as the rows are: around invoke(), whose elapsedMs leaves out the new vm context.
      const started = performance.now();
      await empty.invoke(EMPTY_SCRIPT, [LOGIN_EMAIL], 'empty');
      if (k >= settings.warmup) floor.push(performance.now() - started);
    }
    emitJson('compare', { kind: 'floor', backend, p50Ms: median(floor), p90Ms: p90(floor) });
    tables.floor.push([backend, formatMs(median(floor)), formatMs(p90(floor))]);

    for (const workload of workloads) {
      progress(`compare: ${backend}, ${workload.name}, concurrency 1`);
      try {
        for (const a of arms) for (let k = 0; k < settings.warmup; k += 1) await call(a, workload);
        const n = workload.bcrypt ? settings.loginIterations : settings.iterations;
        const [kit = [], stock = []] = await interleave(arms, n, (a) => call(a, workload), {
          budgetMs: settings.rowSeconds * 1000,
        });
        const value = ratio(median(kit), median(stock));
        emitJson('compare', {
          kind: 'latency',
          backend,
          row: workload.name,
          calls: kit.length,
          ...armStats(kit, stock),
          ratio: value,
        });
        tables.latency.push([
          backend,
          workload.name,
          ...armCells(kit),
          ...armCells(stock),
          formatRatio(value),
          formatTarget(workload.latencyTarget),
          verdict(value, workload.latencyTarget),
        ]);
      } catch (error) {
        tables.latency.push(failedRow('latency', backend, workload.name, error, 9));
      }
    }

    const { concurrency } = settings;
    for (const workload of workloads) {
      progress(`compare: ${backend}, ${workload.name}, concurrency ${concurrency}`);
      const calls = workload.bcrypt ? settings.loginRoundCalls : settings.roundCalls;
      try {
        for (const a of arms)
          await closedLoop(settings.warmup, concurrency, async () => void (await call(a, workload)));
        const latencies: Record<ArmName, number[]> = { kit: [], stock: [] };
        const [kit = [], stock = []] = await interleave(arms, settings.rounds, async (a) => {
          const one = async () => void (await call(a, workload));
          const load = await closedLoop(calls, concurrency, one, settings.roundSeconds * 1000);
          latencies[a.name].push(...load.latencies);
          return throughput(load);
        });
        const value = ratio(median(kit), median(stock));
        emitJson('compare', {
          kind: 'throughput',
          backend,
          row: workload.name,
          concurrency,
          calls: latencies.kit.length,
          rounds: settings.rounds,
          kitCallsPerSecond: median(kit),
          stockCallsPerSecond: median(stock),
          ratio: value,
          ...armStats(latencies.kit, latencies.stock),
        });
        tables.throughput.push([
          backend,
          workload.name,
          median(kit).toFixed(1),
          median(stock).toFixed(1),
          formatRatio(value),
          armCells(latencies.kit).join(' / '),
          armCells(latencies.stock).join(' / '),
          formatTarget(workload.throughputTarget),
          verdict(value, workload.throughputTarget),
        ]);
      } catch (error) {
        tables.throughput.push(failedRow('throughput', backend, workload.name, error, 9));
      }
    }

    for (const workload of workloads.filter((w) => COLD_ROWS.includes(w.name))) {
      progress(`compare: ${backend}, ${workload.name}, cold start`);
      const [kit = [], stock = []] = await interleave(arms, settings.coldSamples, async (a) => {
        const container = a.newContainer();
        try {
          return await call(a, workload, container);
        } finally {
          await container[Symbol.asyncDispose]();
        }
      });
      const value = ratio(median(kit), median(stock));
      emitJson('compare', {
        kind: 'cold',
        backend,
        row: workload.name,
        ...armStats(kit, stock),
        ratio: value,
      });
      tables.cold.push([backend, workload.name, ...armCells(kit), ...armCells(stock), formatRatio(value)]);
    }
  } finally {
    for (const a of arms) await a.container[Symbol.asyncDispose]();
    await proxy?.close();
    await testing.drop(server, store);
  }
  return `${backend}: ${server.label}`;
}

export async function runCompare(settings: BenchSettings): Promise<void> {
  const hashRows = await hashReference(settings);
  const tables: Tables = { latency: [], throughput: [], cold: [], floor: [] };
  const servers: string[] = [];
  const distDir = await mkdtemp(join(tmpdir(), 'customdb-bench-compare-'));
  try {
    await buildAll({ root: ROOT, config: await suiteConfig(settings.adapters), outDir: distDir });
    for (const adapter of settings.adapters) {
      servers.push(await compareBackend(adapter, distDir, settings, tables));
    }
  } finally {
    await rm(distDir, { recursive: true, force: true });
  }
  const { concurrency } = settings;
  const armHeaders = (what: string) => [
    `kit ${what} p50`,
    `kit ${what} p90`,
    `stock ${what} p50`,
    `stock ${what} p90`,
  ];
  const network = settings.rttMs > 0 ? `${settings.rttMs} ms added to every round trip` : 'the bare loopback';
  const pool = settings.poolSize === null ? 'its default' : `DB_POOL_SIZE=${settings.poolSize}`;
  console.log(
    `Servers: ${servers.join('; ')}; database network: ${network} (BENCH_RTT_MS); the kit's pool: ${pool} (BENCH_POOL_SIZE).\n`,
  );
  console.log("### The emulator's own cost per call: a script that answers at once, ms (both arms pay it)\n");
  console.log(`${markdownTable(['backend', 'p50', 'p90'], tables.floor)}\n`);
  console.log('### One password check in the vm: the kit against the native module\n');
  console.log(`${markdownTable(HASH_HEADERS, hashRows)}\n`);
  console.log('### Concurrency 1: latency per call, ms (kit/stock < 1: the kit is faster)\n');
  console.log(
    `${markdownTable(['backend', 'row', ...armHeaders('ms'), 'kit/stock p50', 'target', 'verdict'], tables.latency)}\n`,
  );
  console.log(`### Concurrency ${concurrency}: throughput, calls/s (kit/stock > 1: the kit is faster)\n`);
  console.log(
    `${markdownTable(
      [
        'backend',
        'row',
        'kit calls/s',
        'stock calls/s',
        'kit/stock',
        'kit p50 / p90 ms',
        'stock p50 / p90 ms',
        'target',
        'verdict',
      ],
      tables.throughput,
    )}\n`,
  );
  console.log("### Cold start: a new container's first call, ms\n");
  console.log(markdownTable(['backend', 'row', ...armHeaders('ms'), 'kit/stock p50'], tables.cold));
}
