import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeBars, ValidationError } from "../../src/lib/data/index.js";
import {
  backtestRunId,
  codeVersion,
  commissionPerOrder,
  loadBacktestRun,
  runBacktest,
  saveBacktestRun,
} from "../../src/lib/backtest/index.js";

const day = 86_400_000;
const run = () =>
  runBacktest(
    [
      makeBars("NG", {
        time: [0, day, 2 * day, 3 * day],
        open: [3, 3, 3.2, 3.1],
        high: [3, 3.3, 3.2, 3.1],
        low: [3, 2.9, 3, 3],
        close: [3, 3.1, 3.15, 3.05],
      }),
      makeBars("CL", {
        time: [0, day, 2 * day, 3 * day],
        open: [70, 70, 71, 72],
        high: [70, 71, 72, 73],
        low: [70, 69, 70, 71],
        close: [70, 70.5, 71.5, 72.5],
      }),
    ],
    [Float64Array.of(2, 2, -1, -1), Float64Array.of(0, 1, 1, 0)],
    { initialCash: 10_000, costs: [commissionPerOrder(1.5)] },
  );
const code = { libraryVersion: "9.9.9", gitCommit: "abc123" };

describe("results store", () => {
  it("the run id is the SHA-256 of the canonical inputs", () => {
    const expected = createHash("sha256")
      .update(
        '{"dataIds":["hh-2026"],"gitCommit":"abc123","kind":"backtest","libraryVersion":"9.9.9","params":{"a":1,"b":"x"}}',
      )
      .digest("hex")
      .slice(0, 16);
    expect(backtestRunId({ kind: "backtest", params: { b: "x", a: 1 }, dataIds: ["hh-2026"], code })).toBe(
      expected,
    );
  });

  it("same inputs give byte-identical files; different inputs a different id", () => {
    const rootA = mkdtempSync(join(tmpdir(), "qb-res-a-"));
    const rootB = mkdtempSync(join(tmpdir(), "qb-res-b-"));
    const info = {
      params: { fast: 5, slow: 20 },
      dataIds: ["snap-1"],
      metrics: { sharpe: 1.25, omega: Infinity },
      code,
    };
    const a = saveBacktestRun(run(), info, rootA);
    const b = saveBacktestRun(run(), { ...info, params: { slow: 20, fast: 5 } }, rootB);
    expect(a.runId).toBe(b.runId);
    const files = readdirSync(a.dir).sort();
    expect(files).toEqual(["equity.parquet", "fills.parquet", "run.json"]);
    for (const f of files)
      expect(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f)))).toBe(true);
    expect(saveBacktestRun(run(), { ...info, dataIds: ["snap-2"] }, rootA).runId).not.toBe(a.runId);
    expect(saveBacktestRun(run(), { ...info, code: { ...code, gitCommit: "def" } }, rootA).runId).not.toBe(
      a.runId,
    );
  });

  it("records what ran and reads the tables back", () => {
    const root = mkdtempSync(join(tmpdir(), "qb-res-c-"));
    const r = run();
    const saved = saveBacktestRun(
      r,
      { params: { k: 1 }, dataIds: ["d"], metrics: { sharpe: 0.5, bad: NaN }, code },
      root,
    );
    const back = loadBacktestRun(saved.dir);
    expect(back.record).toMatchObject({
      runId: saved.runId,
      kind: "backtest",
      params: { k: 1 },
      dataIds: ["d"],
      libraryVersion: "9.9.9",
      gitCommit: "abc123",
      execution: "next-open",
      lookAheadProne: false,
      metrics: { sharpe: 0.5, bad: "NaN" },
      summary: { fills: r.fillCount, totalFees: 1.5 * r.fillCount },
    });
    expect(Array.from(back.equity.time)).toEqual([0, day, 2 * day, 3 * day]);
    expect(Array.from(back.equity.columns.equity!)).toEqual(Array.from(r.equity));
    // decided after bar t, filled at the open of t + 1: NG 2 (bar 1) then −1 (bar 3); CL 1 from bar 2
    expect(Array.from(back.equity.columns["position:NG"]!)).toEqual([0, 2, 2, -1]);
    expect(Array.from(back.equity.columns["position:CL"]!)).toEqual([0, 0, 1, 1]);
    expect(Array.from(back.fills.columns.qty!)).toEqual([2, 1, -3]);
    expect(back.fills.strings.symbol).toEqual(["NG", "CL", "NG"]);
    expect(back.fills.strings.reason_name).toEqual(["signal", "signal", "signal"]);
    expect(Array.from(back.fills.time)).toEqual([day, 2 * day, 3 * day]);
  });

  it("non-finite parameters are rejected; codeVersion finds this package", () => {
    expect(() =>
      saveBacktestRun(run(), { params: { x: NaN }, dataIds: [], code }, mkdtempSync(join(tmpdir(), "q-"))),
    ).toThrow(ValidationError);
    const v = codeVersion();
    expect(v.libraryVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(v.gitCommit).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });
});
