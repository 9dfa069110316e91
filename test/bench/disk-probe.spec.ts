import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDiskProbe, summarizeFlushes } = require('../../bench/disk-probe') as {
  startDiskProbe(dir: string): { stop(): Promise<Array<[number, number, number]>> };
  summarizeFlushes(
    samples: Array<[number, number, number?]>,
    measuredFrom: number,
    seconds: number,
    slowMs?: number,
  ): {
    flushes: number;
    p50Ms: number;
    maxMs: number;
    slow: number;
    slowMs: number;
    maxBySecond: number[];
    timerLateBySecond: number[];
  };
};

describe('bench disk probe', () => {
  it('lines the slowest flush of each measured second up with the run, ignoring the warm-up', () => {
    const from = 1_000_000;
    const summary = summarizeFlushes(
      [
        [from - 500, 300, 90], // warm-up: not counted
        [from + 10, 2, 0],
        [from + 900, 4, 1.5],
        [from + 1_100, 45.26, 0.2],
        [from + 1_500, 1, 38.04],
        [from + 2_999, 21, 0],
        [from + 3_000, 500, 70], // after the run
      ],
      from,
      3,
    );

    expect(summary).toEqual({
      flushes: 5,
      p50Ms: 4,
      maxMs: 45.3,
      slow: 2,
      slowMs: 20,
      maxBySecond: [4, 45.3, 21],
      timerLateBySecond: [1.5, 38, 0],
    });
  });

  it('reports a second without a flush as 0 rather than leaving it out', () => {
    const summary = summarizeFlushes([[5_000, 3, 1]], 5_000, 2);
    expect(summary.maxBySecond).toEqual([3, 0]);
    expect(summary.timerLateBySecond).toEqual([1, 0]);
  });

  it('times real flushes in a process of its own and leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aps-probe-'));
    try {
      const probe = startDiskProbe(dir);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const started = Date.now();
      const samples = await probe.stop();

      expect(samples.length).toBeGreaterThanOrEqual(2);
      for (const [at, ms, late] of samples) {
        expect(at).toBeLessThanOrEqual(started + 1_000);
        expect(ms).toBeGreaterThan(0);
        expect(late).toBeGreaterThanOrEqual(0);
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
