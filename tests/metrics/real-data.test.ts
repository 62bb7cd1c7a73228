/**
 * Real data (shared, skipped when absent): S&P 500 daily 1999–2018 (arch-index-daily) and ORCL daily
 * (backtrader-sample-bars), cross-checked against
 *  - numpy/scipy computations following empyrical's formulas: tests/metrics/xcheck_numpy.py, whose
 *    printed values are restated below (run `python3 tests/metrics/xcheck_numpy.py ../shared/data`);
 *  - published market history: the S&P 500 closed at its 2007 high of 1565.15 on 2007-10-09, bottomed
 *    at 676.53 on 2009-03-09 (−56.8 %) and first closed above that high on 2013-03-28; it fell 38.49 % in
 *    calendar 2008 and 16.9 % in October 2008; the 2000 high (1527.46, 2000-03-24) fell to 776.76
 *    (2002-10-09) and was regained on 2007-05-30.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  alphaBeta,
  annualReturn,
  annualVolatility,
  calmarRatio,
  conditionalValueAtRisk,
  cumReturnsFinal,
  downsideRisk,
  excessSharpe,
  maxDrawdown,
  omegaRatio,
  performanceSummary,
  sharpeRatio,
  sortinoRatio,
  stabilityOfTimeseries,
  tailRatio,
  valueAtRisk,
} from "../../src/lib/backtest/metrics.js";
import { rollSharpeRatio } from "../../src/lib/backtest/metrics_rolling.js";
import { drawdownTable, monthlyReturnsTable } from "../../src/lib/backtest/return_tables.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

/** Reads `Date,...,Adj Close,...` rows into a map from ISO date to adjusted close. */
function readAdjClose(file: string, usDates: boolean): Map<string, number> {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const col = header.indexOf("Adj Close");
  const out = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    let d = f[0]!;
    if (usDates) {
      const [m, dd, y] = d.split("/");
      d = `${y}-${m!.padStart(2, "0")}-${dd!.padStart(2, "0")}`;
    }
    out.set(d, Number(f[col]));
  }
  return out;
}

const rel = (a: number, e: number, tol = 1e-10): void => {
  expect(Math.abs(a - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
};

describe.runIf(HAS_SHARED)("S&P 500 daily 1999–2018 and ORCL (shared data)", () => {
  // Read in beforeAll (not while collecting), so that the suite skips cleanly without the shared data.
  let spx!: Map<string, number>;
  let orcl!: Map<string, number>;
  let r!: Float64Array;
  let time!: Float64Array;
  beforeAll(() => {
    spx = readAdjClose(join(SHARED_DATA, "arch-index-daily", "sp500.csv"), true);
    orcl = readAdjClose(join(SHARED_DATA, "backtrader-sample-bars", "orcl-1995-2014.txt"), false);
    const dates = [...spx.keys()].sort();
    const px = dates.map((d) => spx.get(d)!);
    r = new Float64Array(px.length - 1);
    for (let i = 1; i < px.length; i++) r[i - 1] = px[i]! / px[i - 1]! - 1;
    time = Float64Array.from(dates.slice(1), (d) => Date.parse(`${d}T00:00:00Z`));
  });

  it("scalar metrics match numpy/scipy (empyrical formulas) to 1e-10", () => {
    expect(r.length).toBe(5030);
    rel(cumReturnsFinal(r), 1.0412426895121283);
    rel(annualReturn(r), 0.03639554326851813);
    rel(annualVolatility(r), 0.19098207141371265);
    rel(sharpeRatio(r, { riskFree: 0.0001 }), 0.15078967056793302);
    rel(downsideRisk(r, { requiredReturn: 0.0002 }), 0.13693740905593502);
    rel(sortinoRatio(r, { requiredReturn: 0.0002 }), 0.026275680675289518);
    rel(maxDrawdown(r), -0.5677538775030555);
    rel(calmarRatio(r), 0.06410443805083878);
    rel(omegaRatio(r, { requiredReturn: 0.1 }), 0.9601387240596571);
    rel(tailRatio(r), 0.9346216099329484);
    rel(valueAtRisk(r), -0.018643329744495285);
    rel(valueAtRisk(r, { cutoff: 0.01 }), -0.033059417589209855);
    rel(conditionalValueAtRisk(r), -0.028609270423168708);
    rel(stabilityOfTimeseries(r), 0.5319235654076643, 1e-9);
    const s = performanceSummary(r);
    rel(s.maxDrawdown, -0.5677538775030555);
    rel(s.conditionalValueAtRisk, -0.028609270423168708);
  });

  it("rolling 126-day Sharpe matches numpy on two windows", () => {
    const rs = rollSharpeRatio(r, 126);
    rel(rs[r.length - 1]!, -0.8277793369778074, 1e-9);
    rel(rs[1125]!, 0.9981785800140683, 1e-9);
  });

  it("calendar returns: October 2008 −16.94 %, 2008 −38.49 % (published; numpy to 1e-10)", () => {
    const t = monthlyReturnsTable(time, r);
    const y = t.years.indexOf(2008);
    rel(t.months[y * 12 + 9]!, -0.16942452376742045);
    rel(t.yearly[y]!, -0.3848579304617866);
    expect(t.yearly[y]!.toFixed(4)).toBe("-0.3849");
  });

  it("drawdown table: 2007-10-09 → 2009-03-09 → 2013-03-28 (−56.8 %), then 2000-03-24 → 2002-10-09 → 2007-05-30", () => {
    const [a, b] = drawdownTable(r, { top: 2, time });
    const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
    expect([iso(a!.peakTime), iso(a!.troughTime), iso(a!.recoveryTime)]).toEqual([
      "2007-10-09",
      "2009-03-09",
      "2013-03-28",
    ]);
    rel(a!.depth, 676.530029 / 1565.150024 - 1, 1e-9);
    expect([iso(b!.peakTime), iso(b!.troughTime), iso(b!.recoveryTime)]).toEqual([
      "2000-03-24",
      "2002-10-09",
      "2007-05-30",
    ]);
    rel(b!.depth, 776.76001 / 1527.459961 - 1, 1e-6);
  });

  it("ORCL on the S&P 500 over their 4,024 common-date returns: beta, alpha, excess Sharpe match numpy", () => {
    const common = [...spx.keys()].filter((d) => orcl.has(d)).sort();
    const ra = new Float64Array(common.length - 1);
    const rb = new Float64Array(common.length - 1);
    for (let i = 1; i < common.length; i++) {
      ra[i - 1] = orcl.get(common[i]!)! / orcl.get(common[i - 1]!)! - 1;
      rb[i - 1] = spx.get(common[i]!)! / spx.get(common[i - 1]!)! - 1;
    }
    expect(ra.length).toBe(4024);
    const ab = alphaBeta(ra, rb, { riskFree: 0.0001 });
    rel(ab.beta, 1.309926072530877);
    rel(ab.alpha, 0.17284665430657542, 1e-9);
    rel(excessSharpe(ra, rb), 0.028298982061019256);
  });
});
