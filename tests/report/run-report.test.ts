import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/node";
import { runBacktest, saveBacktestRun } from "../../src/lib/backtest/index.js";
import { makeBars } from "../../src/lib/data/types.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { checkReportInBrowser } from "../helpers/browser.js";
import { ROOT, cli } from "../helpers/project.js";

const DAY = 86_400_000;

/** A saved run: one asset, 60 days, long 10 units from day 0 to day 29 (filled next open), flat after. */
function savedRun(): string {
  const n = 60;
  const time = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  const close = Array.from({ length: n }, (_, i) => 100 + i + (i % 3));
  const bars = makeBars("NG", {
    time,
    open: close,
    high: close.map((c) => c + 1),
    low: close.map((c) => c - 1),
    close,
  });
  const target = Float64Array.from({ length: n }, (_, i) => (i < 30 ? 10 : 0));
  const result = runBacktest([bars], [target], { initialCash: 10_000 });
  const root = mkdtempSync(join(tmpdir(), "results-"));
  return saveBacktestRun(result, { params: { units: 10 }, dataIds: ["snap-abc123"], metrics: {} }, root).dir;
}

describe("quantbook report <results-dir>", () => {
  const dir = savedRun();

  it("writes the tearsheet with run facts, and CSV and Excel tables whose returns follow the equity curve", async () => {
    const out = mkdtempSync(join(tmpdir(), "report-out-"));
    const r = cli("quantbook", ["report", dir, "--csv", out, "--xlsx", join(out, "run.xlsx")]);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("<dt>data snapshot ids</dt><dd>snap-abc123</dd>");
    expect(html).toContain("<dt>parameters</dt><dd>{&quot;units&quot;:10}</dd>");
    expect(html).toMatch(/<dt>run id<\/dt><dd>[0-9a-f]{16}<\/dd>/);
    // returns.csv: return_t = equity_t / equity_{t-1} - 1, checked against the equity column itself
    const lines = readFileSync(join(out, "returns.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("date,equity,return");
    expect(lines[1]).toMatch(/^2024-01-01,10000,$/);
    for (let i = 2; i < lines.length; i++) {
      const [, e, ret] = (lines[i] as string).split(",");
      const [, ePrev] = (lines[i - 1] as string).split(",");
      expect(Number(ret)).toBeCloseTo(Number(e) / Number(ePrev) - 1, 14);
    }
    // two fills: the day-0 target fills at day 1's open (100 + 1 + 1 % 3 = 102); the first zero target (day 30)
    // fills at day 31's open (100 + 31 + 31 % 3 = 132) on 2024-02-01
    const trades = readFileSync(join(out, "trades.csv"), "utf8").trim().split("\n");
    expect(trades[0]).toBe("date,symbol,qty,price,fee,slippage,reason");
    expect(trades.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "2024-01-02,NG,10,102",
      "2024-02-01,NG,-10,132",
    ]);
    const sheet = await readSheet(join(out, "run.xlsx"), "trades");
    expect(sheet[1]?.slice(0, 4)).toEqual(["2024-01-02", "NG", 10, 102]);
    expect(existsSync(join(out, "metrics.csv"))).toBe(true);
  });

  it.runIf(needs("chromium", !!CHROMIUM))(
    "the tearsheet renders every chart, and prints to PDF",
    async () => {
      const out = mkdtempSync(join(tmpdir(), "report-pdf-"));
      const r = cli("quantbook", ["report", dir, "-o", join(out, "r.html"), "--pdf", join(out, "r.pdf")]);
      expect(r.stderr).toContain(`printed with ${CHROMIUM}`);
      const check = await checkReportInBrowser(
        join(out, "r.html"),
        join(ROOT, "reports/screenshots/run-report.png"),
      );
      expect(check.errors).toEqual([]);
      expect(check.figures).toBeGreaterThanOrEqual(7);
      expect(check.rendered).toBe(check.figures);
      expect(readFileSync(join(out, "r.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    },
  );
});
