import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeBars, ValidationError } from "../../src/lib/data/index.js";
import {
  canonicalJson,
  createSweepCsvWriter,
  createSweepPool,
  gridParams,
  jobId,
  randomParams,
  runBacktest,
  runSweep,
  type SweepRow,
} from "../../src/lib/backtest/index.js";

const moduleUrl = (src: string): string => "data:text/javascript," + encodeURIComponent(src);

describe("parameter sets", () => {
  it("a grid is the Cartesian product, first key slowest", () => {
    expect(gridParams({ a: [1, 2], b: ["x", "y", "z"] })).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 1, b: "z" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
      { a: 2, b: "z" },
    ]);
    expect(() => gridParams({ a: [] })).toThrow(/no values/);
  });

  it("random search is reproducible and stays in its ranges", () => {
    const space = {
      w: { min: 5, max: 50, integer: true },
      lr: { min: 1e-4, max: 1e-1, log: true },
      kind: ["a", "b"],
    };
    const a = randomParams(space, 500, 3);
    expect(randomParams(space, 500, 3)).toEqual(a);
    expect(randomParams(space, 500, 4)).not.toEqual(a);
    for (const p of a) {
      expect(Number.isInteger(p.w) && (p.w as number) >= 5 && (p.w as number) <= 50).toBe(true);
      expect((p.lr as number) >= 1e-4 && (p.lr as number) <= 1e-1).toBe(true);
      expect(["a", "b"]).toContain(p.kind);
    }
    // both ends of the integer range are reachable; log-uniform puts about half the mass below 10^-2.5
    expect(new Set(a.map((p) => p.w)).has(5)).toBe(true);
    expect(new Set(a.map((p) => p.w)).has(50)).toBe(true);
    const below = a.filter((p) => (p.lr as number) < 10 ** -2.5).length / a.length;
    expect(below).toBeGreaterThan(0.4);
    expect(below).toBeLessThan(0.6);
  });

  it("job ids are content hashes independent of key order", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    const j = {
      kind: "backtest" as const,
      strategy: "m.js",
      exportName: "run",
      params: { x: 1, y: 2 },
      data: ["s1"],
    };
    expect(jobId(j)).toBe(jobId({ ...j, params: { y: 2, x: 1 } }));
    expect(jobId(j)).not.toBe(jobId({ ...j, data: ["s2"] }));
    expect(jobId(j)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("worker pool", () => {
  const toy = moduleUrl(
    "export const run = (p, d) => { if (p.k === 13) throw new Error('unlucky'); let s = 0; for (const v of d.x) s += v; return { total: s * p.k }; };",
  );

  it("runs every job on the workers, streams rows and reports progress", async () => {
    const streamed: SweepRow[] = [];
    const progress: number[] = [];
    const rows = await runSweep({
      strategy: toy,
      exportName: "run",
      data: { x: Float64Array.of(1, 2, 3, 4) },
      dataIds: ["toy-v1"],
      workers: 2,
      batchSize: 3,
      params: gridParams({ k: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }),
      onRow: (r) => streamed.push(r),
      onProgress: (done) => progress.push(done),
    });
    // sum(1..4) = 10, times k
    expect(rows.map((r) => r.metrics.total)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(streamed.length).toBe(10);
    expect(progress[progress.length - 1]).toBe(10);
    expect(rows[0]!.jobId).toBe(
      jobId({ kind: "backtest", strategy: toy, exportName: "run", params: { k: 1 }, data: ["toy-v1"] }),
    );
  });

  it("keepRows: false returns nothing and only streams (bounded memory)", async () => {
    let n = 0;
    const rows = await runSweep({
      strategy: toy,
      exportName: "run",
      data: { x: Float64Array.of(1) },
      workers: 2,
      keepRows: false,
      params: gridParams({ k: [1, 2, 3] }),
      onRow: () => n++,
    });
    expect(rows).toEqual([]);
    expect(n).toBe(3);
  });

  it("a failing job rejects with a ValidationError naming its parameters, and ends the pool", async () => {
    const pool = await createSweepPool({
      strategy: toy,
      exportName: "run",
      data: { x: Float64Array.of(1) },
      workers: 2,
    });
    try {
      const err = await pool.run(gridParams({ k: [12, 13, 14] })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(/"k":13/);
      expect((err as Error).message).toMatch(/unlucky/);
      await expect(pool.run([{ k: 1 }])).rejects.toThrow(/closed after a failed job/);
    } finally {
      await pool.close();
    }
  });

  it("a missing export is a startup error", async () => {
    await expect(runSweep({ strategy: toy, exportName: "nope", params: [{}], workers: 1 })).rejects.toThrow(
      /no function export nope/,
    );
  });

  const built = fileURLToPath(new URL("../../dist/src/lib/backtest/index.js", import.meta.url));
  it.runIf(existsSync(built))("backtests in the workers equal backtests in the main thread", async () => {
    const n = 300;
    const close = Float64Array.from({ length: n }, (_, t) => 100 + 10 * Math.sin(t / 9) + t / 30);
    const strategy = moduleUrl(`
      import { runBacktest } from ${JSON.stringify(pathToFileURL(built).href)};
      export default (p, d) => {
        const n = d.close.length;
        const target = new Float64Array(n);
        for (let t = 0; t < n; t++) target[t] = t >= p.lag && d.close[t] > d.close[t - p.lag] ? 1 : -1;
        const bars = { symbol: "X", time: d.time, open: d.close, high: d.close, low: d.close, close: d.close, volume: d.close };
        const r = runBacktest([bars], [target], { initialCash: 1000, allowNegativeCash: true });
        return { equity: r.equity[n - 1], fills: r.fillCount };
      };`);
    const time = Float64Array.from({ length: n }, (_, t) => t * 60_000);
    const params = gridParams({ lag: [1, 5, 20] });
    const rows = await runSweep({ strategy, data: { close, time }, workers: 2, params });
    for (const row of rows) {
      const lag = row.params.lag as number;
      const target = Float64Array.from({ length: n }, (_, t) =>
        t >= lag && close[t]! > close[t - lag]! ? 1 : -1,
      );
      const bars = makeBars("X", { time, open: close, high: close, low: close, close });
      const local = runBacktest([bars], [target], { initialCash: 1000, allowNegativeCash: true });
      expect(row.metrics.equity).toBe(local.equity[n - 1]);
      expect(row.metrics.fills).toBe(local.fillCount);
    }
  });
});

describe("streaming sweep table", () => {
  const row = (index: number, k: number, total: number, name = "a"): SweepRow => ({
    index,
    jobId: `id${index}`,
    params: { k, name },
    metrics: { total },
  });

  it("writes rows in parameter order as soon as they are contiguous, holding back only early ones", () => {
    const path = join(mkdtempSync(join(tmpdir(), "qb-csv-")), "out", "t.csv");
    const w = createSweepCsvWriter(path, { params: ["k", "name"], metrics: ["total"] });
    w.onRow(row(2, 3, 0.5));
    w.onRow(row(1, 2, NaN, 'say "hi", then'));
    expect([w.written, w.buffered]).toEqual([0, 2]);
    w.onRow(row(0, 1, 1e-7));
    expect([w.written, w.buffered]).toEqual([3, 0]);
    w.onRow(row(3, 4, -Infinity));
    w.close(4);
    expect(readFileSync(path, "utf8")).toBe(
      'index,job_id,k,name,total\n0,id0,1,a,1e-7\n1,id1,2,"say ""hi"", then",NaN\n2,id2,3,a,0.5\n3,id3,4,a,-Infinity\n',
    );
  });

  it("missing rows are an error and leave no file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "qb-csv-")), "t.csv");
    const w = createSweepCsvWriter(path, { params: ["k"], metrics: ["total"] });
    w.onRow(row(0, 1, 1));
    w.onRow(row(2, 3, 3));
    expect(() => w.close()).toThrow(/missing rows: 1 of 3/);
    expect(existsSync(path)).toBe(false);
  });

  it("two runs of the same sweep on 2 workers give byte-identical files", async () => {
    const strategy = moduleUrl("export default (p) => ({ sq: p.x * p.x, half: p.x / 3 });");
    const files: string[] = [];
    for (let i = 0; i < 2; i++) {
      const path = join(mkdtempSync(join(tmpdir(), "qb-csv-")), "sweep.csv");
      const w = createSweepCsvWriter(path, { params: ["x"], metrics: ["sq", "half"] });
      let maxBuffered = 0;
      await runSweep({
        strategy,
        workers: 2,
        batchSize: 2,
        keepRows: false,
        params: randomParams({ x: { min: -5, max: 5 } }, 40, 11),
        onRow: (r) => {
          w.onRow(r);
          maxBuffered = Math.max(maxBuffered, w.buffered);
        },
      });
      w.close(40);
      expect(maxBuffered).toBeLessThanOrEqual(2 * 2 * 4); // dispatch stays within 4 batches per worker
      files.push(readFileSync(path, "utf8"));
    }
    expect(files[0]).toBe(files[1]);
    expect(files[0]!.trim().split("\n")).toHaveLength(41);
  });
});
