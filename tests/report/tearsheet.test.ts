import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tearsheetBlocks, tearsheetHtml, type TearsheetInput } from "../../src/report/index.js";
import { ValidationError } from "../../src/lib/data/types.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { checkReportInBrowser } from "../helpers/browser.js";
import { ROOT } from "../helpers/project.js";

const DAY = 86_400_000;
function series(n: number, f: (i: number) => number): TearsheetInput {
  const time = new Float64Array(n);
  const returns = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = Date.UTC(2020, 0, 1) + i * DAY;
    returns[i] = f(i);
  }
  return { time, returns };
}

describe("tearsheet", () => {
  it("reports total return and max drawdown computed by hand", () => {
    // +10%, -20%, +5%: equity 1.1, 0.88, 0.924 → total −7.6%; peak 1.1 → trough 0.88 = −20%
    const input = series(3, (i) => [0.1, -0.2, 0.05][i] as number);
    const html = tearsheetBlocks(input)
      .filter((b) => b.kind === "html")
      .map((b) => (b.kind === "html" ? b.html : ""))
      .join("");
    expect(html).toContain("<td>Total return</td><td>-7.60%</td>");
    expect(html).toContain("<td>Max drawdown</td><td>-20.00%</td>");
    // the drawdown table: peak on day 1 (2020-01-01), trough day 2, not recovered, depth −20%
    expect(html).toContain(
      "<td>1</td><td>2020-01-01</td><td>2020-01-02</td><td>not recovered</td><td>-20.00%</td>",
    );
  });

  it("has every section, with a benchmark column, alpha/beta and the validation verdict", () => {
    const input = series(400, (i) => 0.001 * Math.sin(i / 7) + 0.0004);
    const bench = Float64Array.from(input.returns, (r, i) => r * 0.5 + 0.0002 * Math.cos(i));
    const blocks = tearsheetBlocks({
      ...input,
      title: "Test strategy",
      benchmark: { name: "Henry Hub", returns: bench },
      trades: { name: "trades", columns: [{ name: "pnl", values: [1.5, -2] }] },
      validation: { verdict: "OOS Sharpe holds up.", survived: true, pbo: 0.12, deflatedSharpe: 0.97 },
    });
    const md = blocks.filter((b) => b.kind === "markdown").map((b) => (b.kind === "markdown" ? b.text : ""));
    expect(md).toEqual([
      "## Test strategy",
      "### Key metrics",
      "### Cumulative returns",
      "### Drawdowns",
      "### Monthly and yearly returns",
      "### Rolling statistics",
      "### Return distribution",
      "### Trades",
      "### Validation verdict\n\n**Survives.** OOS Sharpe holds up.",
    ]);
    const html = blocks.map((b) => (b.kind === "html" ? b.html : "")).join("");
    expect(html).toContain("<th>Henry Hub</th>");
    expect(html).toContain("<td>Beta</td>");
    expect(html).toContain("<td>Probability of backtest overfitting (CSCV)</td><td>0.120</td>");
    expect(blocks.filter((b) => b.kind === "figure").length).toBe(8);
  });

  it("rejects misaligned inputs with a typed error", () => {
    const input = series(10, () => 0.01);
    expect(() => tearsheetBlocks({ ...input, returns: new Float64Array(9) })).toThrow(ValidationError);
    expect(() =>
      tearsheetBlocks({ ...input, benchmark: { name: "b", returns: new Float64Array(3) } }),
    ).toThrow('field "b": benchmark has 3 returns, strategy 10');
  });

  it.runIf(needs("chromium", !!CHROMIUM))("renders every chart in headless Chromium", async () => {
    const input = series(800, (i) => 0.01 * Math.sin(i * 1.3) + 0.0005);
    const bench = Float64Array.from(input.returns, (r, i) => 0.6 * r + 0.004 * Math.cos(i * 0.7));
    const dir = mkdtempSync(join(tmpdir(), "tearsheet-"));
    const path = join(dir, "tearsheet.html");
    writeFileSync(
      path,
      tearsheetHtml({ ...input, title: "Browser check", benchmark: { name: "bench", returns: bench } }),
    );
    const r = await checkReportInBrowser(path, join(ROOT, "reports/screenshots/tearsheet.png"));
    expect(r.errors).toEqual([]);
    expect(r.figures).toBe(8);
    expect(r.rendered).toBe(8);
  });
});
