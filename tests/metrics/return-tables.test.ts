/**
 * Calendar return tables and drawdown periods, against hand-computed values, empyrical's published
 * `aggregate_returns` expectations (quantopian/empyrical `empyrical/tests/test_stats.py` @ 40f61b4,
 * `test_aggregate_returns`) and, on real data, the price ratio of Henry Hub year ends.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type Series } from "../../src/lib/data/types.js";
import { parsePriceCsv } from "../../src/lib/data/io.js";
import { maxDrawdown } from "../../src/lib/backtest/metrics.js";
import {
  aggregateReturns,
  drawdownTable,
  monthlyReturnsTable,
  underwaterCurve,
  yearlyReturnsTable,
} from "../../src/lib/backtest/return_tables.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const DAY = 86_400_000;
const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThan(tol);
};
const days = (y: number, m: number, d: number, count: number, step = 1): number[] =>
  Array.from({ length: count }, (_, i) => Date.UTC(y, m, d) + i * step * DAY);

describe("aggregateReturns: empyrical's published values", () => {
  // simple_benchmark: 9 daily returns from 2000-01-30 (a Sunday).
  const simpleBenchmark = [0, 1, 0, 1, 0, 1, 0, 1, 0].map((x) => x / 100);
  const t = days(2000, 0, 30, 9);
  it("weekly (ISO weeks): [0, 0.04060401, 0]", () => {
    const a = aggregateReturns(t, simpleBenchmark, "weekly");
    expect(a.returns.length).toBe(3);
    close(a.returns[0]!, 0);
    close(a.returns[1]!, 0.040604010000000024);
    close(a.returns[2]!, 0);
    // Week starts are the Mondays 2000-01-24, 2000-01-31, 2000-02-07.
    expect(Array.from(a.periodStart)).toEqual([
      Date.UTC(2000, 0, 24),
      Date.UTC(2000, 0, 31),
      Date.UTC(2000, 1, 7),
    ]);
    expect(Array.from(a.bars)).toEqual([1, 7, 1]);
  });
  it("monthly [0.01, 0.030301], quarterly and yearly [0.04060401]", () => {
    const m = aggregateReturns(t, simpleBenchmark, "monthly");
    close(m.returns[0]!, 0.01);
    close(m.returns[1]!, 0.03030099999999991);
    close(aggregateReturns(t, simpleBenchmark, "quarterly").returns[0]!, 0.04060401);
    close(aggregateReturns(t, simpleBenchmark, "yearly").returns[0]!, 0.040604010000000024);
  });
  // weekly_returns: 9 Sundays from 2000-01-30; monthly_returns: 9 month ends from 2000-01-31.
  const r = [0, 1, 10, -4, 2, 3, 2, 1, -10].map((x) => x / 100);
  it("weekly_returns → monthly [0, 0.0878912, −0.0450046], yearly 0.0389310917", () => {
    const tw = days(2000, 0, 30, 9, 7);
    const m = aggregateReturns(tw, r, "monthly");
    close(m.returns[0]!, 0.0);
    close(m.returns[1]!, 0.087891200000000058);
    close(m.returns[2]!, -0.04500459999999995);
    close(aggregateReturns(tw, r, "yearly").returns[0]!, 0.038931091700480147);
  });
  it("monthly_returns → quarterly [0.111, 0.008576, −0.07282], yearly 0.0389310917", () => {
    const tm = Array.from({ length: 9 }, (_, i) => Date.UTC(2000, i + 1, 0)); // month ends Jan..Sep
    const q = aggregateReturns(tm, r, "quarterly");
    close(q.returns[0]!, 0.11100000000000021);
    close(q.returns[1]!, 0.008575999999999917);
    close(q.returns[2]!, -0.072819999999999996);
    close(aggregateReturns(tm, r, "yearly").returns[0]!, 0.038931091700480147);
  });
  it("an ISO week across New Year stays one week (empyrical would split it by calendar year)", () => {
    // 2020-12-28 (Mon) … 2021-01-03 (Sun) is ISO week 53 of 2020.
    const a = aggregateReturns(days(2020, 11, 28, 7), [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01], "weekly");
    expect(a.returns.length).toBe(1);
    close(a.returns[0]!, Math.pow(1.01, 7) - 1);
  });
});

describe("monthly and yearly tables by hand", () => {
  // 2019-12-30 +2 %, 2019-12-31 −1 %, 2020-01-02 +3 %, 2020-01-31T23:59Z NaN, 2020-03-02 −2 %, 2021-06-01 +1 %.
  const time = [
    Date.UTC(2019, 11, 30),
    Date.UTC(2019, 11, 31),
    Date.UTC(2020, 0, 2),
    Date.UTC(2020, 0, 31, 23, 59),
    Date.UTC(2020, 2, 2),
    Date.UTC(2021, 5, 1),
  ];
  const r = [0.02, -0.01, 0.03, NaN, -0.02, 0.01];
  const t = monthlyReturnsTable(time, r);
  it("one row per year without gaps, NaN for months without bars", () => {
    expect(t.years).toEqual([2019, 2020, 2021]);
    expect(t.months.length).toBe(36);
    // Dec 2019: 1.02 × 0.99 − 1 = 0.0098.
    close(t.months[11]!, 0.0098, 1e-15);
    // Jan 2020: 1.03 (the NaN bar compounds as 0), Feb 2020 no bar, Mar 2020 −2 %.
    close(t.months[12]!, 0.03, 1e-15);
    expect(t.months[13]).toBeNaN();
    close(t.months[14]!, -0.02, 1e-15);
    close(t.months[24 + 5]!, 0.01, 1e-15);
    expect(t.months[0]).toBeNaN();
  });
  it("year totals: 2019 0.0098; 2020 1.03 × 0.98 − 1 = 0.0094; 2021 0.01", () => {
    close(t.yearly[0]!, 0.0098, 1e-15);
    close(t.yearly[1]!, 0.0094, 1e-15);
    close(t.yearly[2]!, 0.01, 1e-15);
    const y = yearlyReturnsTable(time, r);
    expect(y.years).toEqual([2019, 2020, 2021]);
    expect(Array.from(y.bars)).toEqual([2, 3, 1]);
    close(y.returns[1]!, 0.0094, 1e-15);
  });
  it("a month whose bars are all NaN is NaN, not 0", () => {
    const m = aggregateReturns([Date.UTC(2020, 0, 1), Date.UTC(2020, 1, 1)], [0.01, NaN], "monthly");
    expect(m.returns[1]).toBeNaN();
  });
  it("empty input gives empty tables", () => {
    expect(monthlyReturnsTable([], []).years).toEqual([]);
    expect(aggregateReturns([], [], "weekly").returns.length).toBe(0);
  });
  it("bad input is a ValidationError naming field and bar", () => {
    expect(() => monthlyReturnsTable([1, 2], [0.01])).toThrow(ValidationError);
    expect(() => aggregateReturns([2, 1], [0.01, 0.02], "monthly")).toThrow(/bar 1/);
    expect(() => aggregateReturns([1, 2], [0.01, Infinity], "monthly")).toThrow(/bar 1/);
  });
});

describe("drawdown table by hand", () => {
  // r = +10 %, −10 %, +15 %, −12 %, +10 %, (to 1.2), −5 %
  // curve 1.1, 0.99, 1.1385 (new high), 1.00188, 1.102068 (still below), 1.2 (new high), 1.14.
  const r = [0.1, -0.1, 0.15, -0.12, 0.1, 1.2 / 1.102068 - 1, -0.05];
  const time = days(2021, 0, 4, r.length);
  const table = drawdownTable(r, { time });
  it("three periods, deepest first, with peak / trough / recovery / length", () => {
    expect(table.length).toBe(3);
    // Deepest: 1.1385 (bar 2) → 1.00188 (bar 3) = −12 %, back above 1.1385 at bar 5 (1.2): length 5 − 2 = 3.
    const a = table[0]!;
    expect([a.peak, a.trough, a.recovery, a.length, a.peakToTrough]).toEqual([2, 3, 5, 3, 1]);
    close(a.depth, -0.12);
    expect(a.recovered).toBe(true);
    expect([a.peakTime, a.troughTime, a.recoveryTime]).toEqual([time[2], time[3], time[5]]);
    // Then 1.1 (bar 0) → 0.99 (bar 1) = −10 %, recovered at bar 2.
    const b = table[1]!;
    expect([b.peak, b.trough, b.recovery, b.length]).toEqual([0, 1, 2, 2]);
    close(b.depth, -0.1);
    // Then 1.2 (bar 5) → 1.14 (bar 6) = −5 %, not recovered: length to the last bar = 1.
    const c = table[2]!;
    expect([c.peak, c.trough, c.recovery, c.length, c.recovered]).toEqual([5, 6, -1, 1, false]);
    close(c.depth, -0.05);
    expect(c.recoveryTime).toBeNaN();
  });
  it("equal depths: the earlier period first", () => {
    // Curve 0.5, 1 (recovers exactly), 0.5: two −50 % periods.
    const t = drawdownTable([-0.5, 1, -0.5]);
    expect(t.map((d) => d.peak)).toEqual([-1, 1]);
    expect(t.map((d) => d.depth)).toEqual([-0.5, -0.5]);
  });
  it("a loss on the first bar has its peak at −1 (the starting capital)", () => {
    const t = drawdownTable([-0.05, 0.02, 0.04]);
    expect(t[0]!.peak).toBe(-1);
    expect(t[0]!.trough).toBe(0);
    // 0.95 × 1.02 = 0.969 < 1; × 1.04 = 1.00776 ≥ 1 → recovery at bar 2, length 2 − (−1) = 3.
    expect(t[0]!.recovery).toBe(2);
    expect(t[0]!.length).toBe(3);
    expect(t[0]!.peakTime).toBeNaN();
  });
  it("`top` limits the rows; the deepest depth equals maxDrawdown; the underwater curve by hand", () => {
    expect(drawdownTable(r, { top: 1 }).length).toBe(1);
    close(drawdownTable(r)[0]!.depth, maxDrawdown(r));
    const u = underwaterCurve(r);
    close(u[1]!, 0.99 / 1.1 - 1);
    close(u[3]!, 1.00188 / 1.1385 - 1);
    close(u[4]!, 1.102068 / 1.1385 - 1);
    expect(u[5]).toBe(0);
    expect(drawdownTable([]).length).toBe(0);
    expect(drawdownTable([0.01, 0.02]).length).toBe(0);
  });
  it("bad input", () => {
    expect(() => drawdownTable(r, { top: -1 })).toThrow(ValidationError);
    expect(() => drawdownTable(r, { time: [1, 2] })).toThrow(/time/);
    expect(() => drawdownTable([0.01, -Infinity])).toThrow(/bar 1/);
  });
});

describe.runIf(HAS_SHARED)("Henry Hub daily (shared data): yearly table = ratio of year-end prices", () => {
  // Read in beforeAll (not while collecting), so that the suite skips cleanly without the shared data.
  let s!: Series;
  let p!: Float64Array;
  let time!: Float64Array;
  let r!: Float64Array;
  beforeAll(() => {
    const file = join(SHARED_DATA, "henry-hub-natural-gas", "daily.csv");
    s = parsePriceCsv(readFileSync(file, "utf8"), { file });
    // Carry the last price over the one empty row so the returns chain exactly from price to price.
    p = Float64Array.from(s.values);
    for (let i = 1; i < p.length; i++) if (Number.isNaN(p[i]!)) p[i] = p[i - 1]!;
    time = s.time.subarray(1);
    r = new Float64Array(p.length - 1);
    for (let i = 1; i < p.length; i++) r[i - 1] = p[i]! / p[i - 1]! - 1;
  });
  it("every full calendar year's compounded return is P(last day) / P(last day of the year before) − 1", () => {
    const y = yearlyReturnsTable(time, r);
    // Last price index of each year.
    const lastOfYear = new Map<number, number>();
    for (let i = 0; i < s.time.length; i++) lastOfYear.set(new Date(s.time[i]!).getUTCFullYear(), i);
    let checked = 0;
    for (let k = 1; k < y.years.length; k++) {
      const yr = y.years[k]!;
      const prev = lastOfYear.get(yr - 1)!;
      const last = lastOfYear.get(yr)!;
      close(y.returns[k]!, p[last]! / p[prev]! - 1, 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
  it("monthly grid compounds to the yearly totals", () => {
    const t = monthlyReturnsTable(time, r);
    for (let k = 0; k < t.years.length; k++) {
      let acc = 1;
      for (let m = 0; m < 12; m++) {
        const v = t.months[k * 12 + m]!;
        if (!Number.isNaN(v)) acc *= 1 + v;
      }
      close(acc - 1, t.yearly[k]!, 1e-9);
    }
  });
});
