import { describe, expect, it } from "vitest";
import {
  crossSectionalIC,
  factorCorrelationMatrix,
  factorForwardReturns,
  factorPermutationImportance,
  factorRankAutocorrelation,
  icByPeriod,
  icDecay,
  informationCoefficient,
  quantileReturns,
  quantileTurnover,
  summariseIc,
  trailingQuantileBuckets,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { henryHub } from "./data.js";

describe("forward returns", () => {
  it("by hand, with NaN at the end and around missing prices", () => {
    const p = Float64Array.of(100, 110, NaN, 121, 133.1);
    const f1 = factorForwardReturns(p, 1, "simple");
    expect(f1[0]).toBeCloseTo(0.1, 15);
    expect(Number.isNaN(f1[1]!)).toBe(true);
    expect(Number.isNaN(f1[2]!)).toBe(true);
    expect(f1[3]).toBeCloseTo(0.1, 15);
    expect(Number.isNaN(f1[4]!)).toBe(true);
    expect(factorForwardReturns(p, 3)[0]).toBeCloseTo(Math.log(1.21), 15);
  });
  it("no look-ahead beyond the horizon: prices after t+h do not move fwd[t]", () => {
    const p = henryHub().close;
    const a = factorForwardReturns(p, 5);
    const q = p.slice();
    for (let i = 3000; i < q.length; i++) q[i] = q[i]! * 2;
    const b = factorForwardReturns(q, 5);
    expect(b.subarray(0, 2995)).toEqual(a.subarray(0, 2995));
  });
  it("bad horizon and non-positive prices", () => {
    expect(() => factorForwardReturns(Float64Array.of(1, 2), 2)).toThrow(ValidationError);
    expect(() => factorForwardReturns(Float64Array.of(1, -2, 3), 1)).toThrow(/bar 1/);
  });
});

describe("information coefficient", () => {
  it("Pearson and Spearman by hand, ties share their average rank", () => {
    const f = Float64Array.of(1, 2, 3, 4);
    const r = Float64Array.of(0.1, 0.3, 0.2, 0.4);
    // Pearson: means 2.5, 0.25; Σdxdy = 0.225+(−0.025)+(−0.025)+0.225 = 0.4; Σdx² = 5; Σdy² = 0.05
    expect(informationCoefficient(f, r, "pearson").ic).toBeCloseTo(0.4 / Math.sqrt(5 * 0.05), 14);
    expect(informationCoefficient(f, r, "spearman").ic).toBeCloseTo(0.8, 14);
    // ties: factor ranks 1.5, 1.5, 3, 4 against 1, 2, 3, 4
    const tied = informationCoefficient(Float64Array.of(5, 5, 6, 7), Float64Array.of(1, 2, 3, 4), "spearman");
    const a = [1.5, 1.5, 3, 4];
    const ma = 2.5;
    const sab = a.reduce((s, v, i) => s + (v - ma) * (i + 1 - 2.5), 0);
    const saa = a.reduce((s, v) => s + (v - ma) ** 2, 0);
    expect(tied.ic).toBeCloseTo(sab / Math.sqrt(saa * 5), 14);
    // NaN pairs are dropped; t-statistic ρ√((n−2)/(1−ρ²)) with n shrunk by the overlap
    const e = informationCoefficient(Float64Array.of(1, 2, NaN, 3, 4), Float64Array.of(0.1, 0.3, 9, 0.2, 0.4), "spearman", 1);
    expect(e.n).toBe(4);
    expect(e.tStat).toBeCloseTo(0.8 * Math.sqrt(2 / 0.36), 12);
    expect(informationCoefficient(f, r, "spearman", 2).tStat).toBeNaN(); // n/h = 2 → no degrees of freedom
  });

  it("IC by calendar period and its summary", () => {
    // year 1: factor predicts perfectly (IC 1); year 2: perfectly wrong (IC −1); year 3: IC 1
    const time: number[] = [];
    const fac: number[] = [];
    const fwd: number[] = [];
    for (const [y, sign] of [[2019, 1], [2020, -1], [2021, 1]] as const) {
      for (let d = 0; d < 20; d++) {
        time.push(Date.UTC(y, 1, 1 + d));
        fac.push(d);
        fwd.push(sign * d * 0.01);
      }
    }
    const s = icByPeriod(Float64Array.from(time), Float64Array.from(fac), Float64Array.from(fwd), "year", "pearson");
    expect([...s.ic].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, -1, 1]);
    expect([...s.time]).toEqual([Date.UTC(2019, 0, 1), Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1)]);
    const sum = summariseIc(s);
    // mean 1/3, sample sd √((4/9·2 + 16/9)/2) = √(4/3)
    expect(sum.mean).toBeCloseTo(1 / 3, 12);
    expect(sum.std).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(sum.tStat).toBeCloseTo(1 / 3 / (Math.sqrt(4 / 3) / Math.sqrt(3)), 12);
    expect(sum.hitRate).toBeCloseTo(2 / 3, 15);
    expect(sum.periods).toBe(3);
  });

  it("cross-sectional IC per timestamp on a panel", () => {
    const time = Float64Array.of(1, 2);
    const factor = { time, symbols: ["A", "B", "C"], values: [Float64Array.of(1, 3), Float64Array.of(2, 2), Float64Array.of(3, 1)] };
    const fwd = { time, symbols: ["A", "B", "C"], values: [Float64Array.of(0.1, 0.1), Float64Array.of(0.2, 0.2), Float64Array.of(0.3, NaN)] };
    const ic = crossSectionalIC(factor, fwd, "spearman", 2);
    expect([...ic.ic]).toEqual([1, -1]);
    expect([...ic.n]).toEqual([3, 2]);
    expect(() => crossSectionalIC(factor, { ...fwd, symbols: ["A", "C", "B"] })).toThrow(ValidationError);
  });

  it("IC decay: a factor that knows tomorrow has IC 1 at h = 1 and less at longer horizons", () => {
    const p = henryHub().close.filter((v) => !Number.isNaN(v)).subarray(0, 2000);
    const oracle = factorForwardReturns(p, 1); // deliberately look-ahead, to know the answer
    const d = icDecay(oracle, p, [1, 5, 20], "pearson");
    expect(d.ic[0]).toBeCloseTo(1, 12);
    expect(d.ic[1]!).toBeLessThan(d.ic[0]!);
    expect(d.ic[2]!).toBeLessThan(d.ic[1]!);
    // the t-statistic uses n/h pairs
    const n5 = d.n[1]!;
    expect(d.tStat[1]).toBeCloseTo(d.ic[1]! * Math.sqrt((n5 / 5 - 2) / (1 - d.ic[1]! ** 2)), 10);
  });
});

describe("quantiles, spread, turnover", () => {
  it("trailing buckets by hand and without look-ahead", () => {
    const f = Float64Array.of(5, 1, 4, 2, 3, 10);
    const b = trailingQuantileBuckets(f, 2, 4, 2);
    // bar 1: window [5,1], rank of 1 = 1 of 2 → ⌈2·1/2⌉ = 1; bar 2: [5,1,4], 4 ≤: 2 of 3 → ⌈4/3⌉ = 2
    // bar 3: [5,1,4,2], 2 ≤: 2 of 4 → 1; bar 4: [1,4,2,3] (5 left), 3 ≤: 3 of 4 → 2; bar 5: 10 → 2
    expect([...b]).toEqual([NaN, 1, 2, 1, 2, 2]);
    const g = f.slice();
    g[5] = -100;
    expect(trailingQuantileBuckets(g, 2, 4, 2).subarray(0, 5)).toEqual(b.subarray(0, 5));
  });
  it("bucket means, t-statistics and Welch spread by hand", () => {
    const buckets = Float64Array.of(1, 1, 1, 2, 2, 2, NaN);
    const fwd = Float64Array.of(0.01, 0.02, 0.03, 0.05, 0.07, 0.09, 1);
    const q = quantileReturns(buckets, fwd, 2);
    expect(q.mean[0]).toBeCloseTo(0.02, 15);
    expect(q.mean[1]).toBeCloseTo(0.07, 15);
    expect(q.count[0]).toBe(3);
    // bucket 1: sd 0.01 → t = 0.02/(0.01/√3); bucket 2: sd 0.02
    expect(q.tStat[0]).toBeCloseTo(0.02 / (0.01 / Math.sqrt(3)), 8);
    expect(q.spread).toBeCloseTo(0.05, 15);
    expect(q.spreadTStat).toBeCloseTo(0.05 / Math.sqrt(0.0001 / 3 + 0.0004 / 3), 8);
    expect(() => quantileReturns(Float64Array.of(3), Float64Array.of(0.1), 2)).toThrow(/bar 0/);
  });
  it("turnover and rank autocorrelation by hand", () => {
    expect(quantileTurnover(Float64Array.of(1, 1, 2, NaN, 2, 3))).toBeCloseTo(2 / 4, 15);
    // lag-1 pairs (1,2),(2,3),(3,5),(5,4): ranks a = 1,2,3,4, b = 1,2,4,3 → Spearman 0.8
    expect(factorRankAutocorrelation(Float64Array.of(1, 2, 3, 5, 4), 1)).toBeCloseTo(0.8, 14);
  });
});

describe("factor correlation matrix and permutation importance", () => {
  it("correlation matrix: symmetric, unit diagonal, pairwise complete", () => {
    const a = Float64Array.of(1, 2, 3, 4, NaN);
    const b = Float64Array.of(2, 4, 6, 9, 1);
    const c = Float64Array.of(4, 3, 2, 1, 0);
    const m = factorCorrelationMatrix([a, b, c], "spearman");
    expect(m[0]![0]).toBe(1);
    expect(m[0]![1]).toBeCloseTo(1, 14);
    expect(m[1]![0]).toBe(m[0]![1]);
    expect(m[0]![2]).toBeCloseTo(-1, 14);
    // b vs c over all 5 rows: b ranks 2,3,4,5,1 vs c ranks 5,4,3,2,1
    const rb = [2, 3, 4, 5, 1];
    const rc = [5, 4, 3, 2, 1];
    const sxy = rb.reduce((s, v, i) => s + (v - 3) * (rc[i]! - 3), 0);
    expect(m[1]![2]).toBeCloseTo(sxy / 10, 14);
  });
  it("permutation importance finds the informative feature and respects a custom model", () => {
    const n = 500;
    const x0 = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
    const x1 = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.9 + 2));
    const x2 = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 3.1));
    const y = Float64Array.from({ length: n }, (_, i) => x0[i]! - 0.5 * x1[i]! + 0.05 * Math.sin(i * 11.3));
    const imp = factorPermutationImportance([x0, x1, x2], y, { repeats: 10 });
    expect(imp.trainRows).toBe(350);
    expect(imp.importance[0]!).toBeGreaterThan(imp.importance[1]!);
    expect(imp.importance[1]!).toBeGreaterThan(0.05);
    expect(Math.abs(imp.importance[2]!)).toBeLessThan(0.02);
    // a model that only looks at x2 finds nothing important but x2
    const onlyX2 = factorPermutationImportance([x0, x1, x2], y, {
      repeats: 3,
      fit: () => (cols) => cols[2]!.slice(),
    });
    expect(onlyX2.importance[0]).toBe(0);
    expect(onlyX2.importance[1]).toBe(0);
  });
});
