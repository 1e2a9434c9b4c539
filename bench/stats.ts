/**
 * The benchmark's instrument: percentiles, ratios, the interleaving scheduler, a closed-loop load
 * generator, and the report (markdown tables for people, JSON lines for machines).
 */
import { cpus, totalmem } from 'node:os';

/** The p-th percentile (0-100) by linear interpolation between closest ranks (numpy's default). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const lower = sorted[low] as number;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (rank - low);
}

export const median = (samples: readonly number[]) => percentile(samples, 50);
export const p90 = (samples: readonly number[]) => percentile(samples, 90);

/** a / b, NaN when either is missing or b is zero (printed as '–', never as Infinity). */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/** Milliseconds with precision that suits their size: 0.42, 7.3, 86. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value < 1 ? value.toFixed(2) : value < 10 ? value.toFixed(1) : value.toFixed(0);
}

/**
 * Runs `body` once per arm per iteration, ABAB…, with the first arm rotating each iteration (AB, BA,
 * AB…) so that neither arm always runs on the heels of the other. Stops after `iterations`, or after
 * the iteration that passes `budgetMs` once `minIterations` are done. Returns each arm's samples.
 */
export async function interleave<A>(
  arms: readonly A[],
  iterations: number,
  body: (arm: A, iteration: number) => Promise<number>,
  { budgetMs = Number.POSITIVE_INFINITY, minIterations = 3 } = {},
): Promise<number[][]> {
  const samples = arms.map((): number[] => []);
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) {
    if (i >= minIterations && performance.now() - started > budgetMs) break;
    for (let k = 0; k < arms.length; k += 1) {
      const index = (i + k) % arms.length;
      (samples[index] as number[]).push(await body(arms[index] as A, i));
    }
  }
  return samples;
}

export interface LoadResult {
  /** Wall time from the first call's start to the last call's end. */
  seconds: number;
  /** Every call's own duration, in milliseconds: one per completed call. */
  latencies: number[];
}

/**
 * A closed loop: `concurrency` workers issue `call(k)` for k = 0…total-1, each waiting for its last
 * call; past `budgetMs` no worker starts another call, so a slow server ends the round early.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  call: (k: number) => Promise<void>,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    // Every worker makes at least one call, so a round always measures something.
    while (next < total && (next < concurrency || performance.now() - started <= budgetMs)) {
      const k = next;
      next += 1;
      const callStarted = performance.now();
      await call(k);
      latencies.push(performance.now() - callStarted);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** Calls per second of a load. */
export const throughput = (load: LoadResult) => load.latencies.length / load.seconds;

export type Cell = string | number;

export function markdownTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map((cell) => String(cell)).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One line naming what the numbers were taken on: they mean little without it. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpu}, ${cpus().length} cores, ${memory} GiB, Node ${process.version} on ${process.platform}-${process.arch}`;
}

/** One measurement as a JSON line (`{"bench":…}`), for machines reading the same stdout. */
export function emitJson(bench: string, record: Record<string, unknown>): void {
  const round = (value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;
  const rounded = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, round(value)]));
  console.log(JSON.stringify({ bench, ...rounded }));
}

/** Progress goes to stderr, so stdout stays the report. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** A bound the performance issue sets on a ratio: at most (latency) or at least (throughput). */
export interface Target {
  bound: number;
  atMost: boolean;
}

export function formatTarget(target: Target | undefined): string {
  return target ? `${target.atMost ? '≤' : '≥'} ${target.bound.toFixed(2)}×` : '–';
}

/**
 * 'pass', 'FAIL', or 'noise' when the ratio misses the bound by less than `band` (5%): on a shared
 * machine such a row says nothing until it is measured again on a quiet one.
 */
export function verdict(value: number, target: Target | undefined, band = 0.05): string {
  if (!target || !Number.isFinite(value)) return '–';
  const { bound, atMost } = target;
  if (atMost ? value <= bound : value >= bound) return 'pass';
  return (atMost ? value <= bound * (1 + band) : value >= bound * (1 - band)) ? 'noise' : 'FAIL';
}
