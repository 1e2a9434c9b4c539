import { describe, expect, it } from 'vitest';
import { benchSettings } from '../bench/settings.ts';
import {
  closedLoop,
  formatRatio,
  formatTarget,
  interleave,
  markdownTable,
  median,
  p90,
  percentile,
  ratio,
  throughput,
  verdict,
} from '../bench/stats.ts';

describe('bench statistics', () => {
  it('bench - percentiles interpolate between closest ranks', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.1);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2], 0)).toBe(1);
    expect(percentile([1, 2], 100)).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('bench - a ratio of nothing is not a number, and prints as a dash', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
    expect(formatRatio(0.5)).toBe('0.50×');
    expect(formatRatio(Number.NaN)).toBe('–');
  });

  it('bench - interleaving runs every arm each iteration and rotates which goes first', async () => {
    const order: string[] = [];
    const samples = await interleave(['a', 'b'], 3, async (arm, i) => {
      order.push(`${arm}${i}`);
      return i;
    });
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2']);
    expect(samples).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });

  it('bench - the closed loop makes every call once and never exceeds its concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const result = await closedLoop(25, 4, async (k) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(k);
      inFlight -= 1;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, k) => k));
    expect(most).toBe(4);
    expect(result.latencies).toHaveLength(25);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('bench - a verdict passes within the bound, calls a near miss noise, and fails the rest', () => {
    const atMost = { bound: 1, atMost: true };
    const atLeast = { bound: 3, atMost: false };
    expect(formatTarget(atMost)).toBe('≤ 1.00×');
    expect(formatTarget(atLeast)).toBe('≥ 3.00×');
    expect(formatTarget(undefined)).toBe('–');
    expect(verdict(0.98, atMost)).toBe('pass');
    expect(verdict(1.04, atMost)).toBe('noise');
    expect(verdict(1.2, atMost)).toBe('FAIL');
    expect(verdict(3.1, atLeast)).toBe('pass');
    expect(verdict(2.9, atLeast)).toBe('noise');
    expect(verdict(2.2, atLeast)).toBe('FAIL');
    expect(verdict(Number.NaN, atLeast)).toBe('–');
    expect(verdict(5, undefined)).toBe('–');
  });

  it('bench - a time budget ends the interleaving and the load early, after a minimum', async () => {
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
    const slow = async () => {
      await pause();
      return 1;
    };
    const samples = await interleave(['a', 'b'], 100, slow, {
      budgetMs: 1,
      minIterations: 2,
    });
    expect(samples.map((arm) => arm.length)).toEqual([2, 2]);
    const load = await closedLoop(100, 3, pause, 0);
    expect(load.latencies).toHaveLength(3);
    expect(throughput(load)).toBeCloseTo(3 / load.seconds);
  });

  it('bench - tables are markdown', () => {
    expect(
      markdownTable(
        ['a', 'b'],
        [
          [1, 'x'],
          [2, 'y'],
        ],
      ),
    ).toBe('| a | b |\n| --- | --- |\n| 1 | x |\n| 2 | y |');
  });

  it('bench - settings refuse unknown sections and bad counts', () => {
    expect(() => benchSettings({ BENCH_SECTIONS: 'sizes,nope' })).toThrow(/nope/);
    expect(() => benchSettings({ BENCH_ITERATIONS: '0' })).toThrow(/BENCH_ITERATIONS/);
    expect(benchSettings({ BENCH_QUICK: '1' }).sizes).toEqual([10000]);
    expect(benchSettings({ BENCH_SIZES: '5,7' }).sizes).toEqual([5, 7]);
  });
});
