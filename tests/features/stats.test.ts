import { describe, expect, it } from "vitest";
import { LinearRegression } from "trading-signals";
import {
  LinRegStream,
  PercentileRankStream,
  RollingCovarianceStream,
  RollingMomentsStream,
  autocorrelation,
  linRegR2,
  linRegSlope,
  percentileRank,
  realisedVariance,
  rollingBeta,
  rollingCorrelation,
  rollingCovariance,
  rollingKurtosis,
  rollingMax,
  rollingMin,
  rollingSkew,
  rollingStd,
  rollingSum,
  rollingVar,
  zScore,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { henryHub, maxRelDiff, sp500 } from "./data.js";
import { refCov, refLinReg, refRollingExtreme, refSma, refWindowStats } from "./reference.js";

const hh = henryHub().close.filter((v) => !Number.isNaN(v));
const logret = (p: Float64Array): Float64Array => p.map((v, i) => (i === 0 ? NaN : Math.log(v / p[i - 1]!))).subarray(1);

describe("worked examples", () => {
  it("moments of 2, 4, 4, 4, 5, 5, 7, 9 by hand", () => {
    const x = Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9);
    expect(rollingVar(x, 8)[7]).toBeCloseTo(32 / 7, 14);
    expect(rollingStd(x, 8)[7]).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(zScore(x, 8)[7]).toBeCloseTo((9 - 5) / Math.sqrt(32 / 7), 14);
    // m2 = 4, m3 = 42/8 = 5.25, m4 = (81 + 3 + 0 + 0 + 16 + 256)/8 = 44.5
    const n = 8;
    expect(rollingSkew(x, 8)[7]).toBeCloseTo((Math.sqrt(n * (n - 1)) / (n - 2)) * (5.25 / 8), 13);
    expect(rollingKurtosis(x, 8)[7]).toBeCloseTo(((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (44.5 / 16) - 3 * (n - 1)), 13);
  });
  it("correlation, covariance, beta, regression by hand", () => {
    const x = Float64Array.of(1, 2, 3);
    const y = Float64Array.of(2, 4, 7);
    // means 2, 13/3; Σdxdy = (−1)(−7/3) + 0 + (1)(8/3) = 5; Σdx² = 2; Σdy² = 49/9 + 1/9 + 64/9 = 114/9
    expect(rollingCovariance(x, y, 3)[2]).toBeCloseTo(5 / 2, 14);
    expect(rollingBeta(y, x, 3)[2]).toBeCloseTo(5 / 2, 14);
    expect(rollingCorrelation(x, y, 3)[2]).toBeCloseTo(5 / Math.sqrt(2 * (114 / 9)), 14);
    expect(linRegSlope(y, 3)[2]).toBeCloseTo(2.5, 14);
    expect(linRegR2(y, 3)[2]).toBeCloseTo(25 / (2 * (114 / 9)), 14);
    const lr = new LinRegStream(3);
    for (const v of y) lr.update(v);
    expect(lr.intercept).toBeCloseTo(13 / 3 - 2.5, 14);
    expect(lr.forecast).toBeCloseTo(13 / 3 + 2.5, 14);
  });
  it("percentile rank, sum, extremes, autocorrelation, realised variance by hand", () => {
    const x = Float64Array.of(3, 1, 4, 1, 5);
    expect(percentileRank(x, 4)[3]).toBe(50); // window 3,1,4,1: two values ≤ 1
    expect(percentileRank(x, 4)[4]).toBe(100);
    expect([...rollingSum(x, 2)]).toEqual([NaN, 4, 5, 5, 6]);
    expect([...rollingMax(x, 2)]).toEqual([NaN, 3, 4, 4, 5]);
    expect([...rollingMin(x, 2)]).toEqual([NaN, 1, 1, 1, 1]);
    // alternating series has lag-1 autocorrelation −1
    const alt = Float64Array.of(1, -1, 1, -1, 1, -1);
    expect(autocorrelation(alt, 4, 1)[5]).toBeCloseTo(-1, 14);
    expect(autocorrelation(alt, 4, 2)[5]).toBeCloseTo(1, 14);
    const p = Float64Array.of(100, 110, 99);
    expect(realisedVariance(p, 2)[2]).toBeCloseTo(Math.log(1.1) ** 2 + Math.log(0.9) ** 2, 15);
  });
  it("a constant window has variance 0 and z-score, skew, kurtosis, correlation and R² 0", () => {
    const c = Float64Array.of(3, 3, 3, 3, 3);
    expect(rollingVar(c, 4)[4]).toBe(0);
    expect(zScore(c, 4)[4]).toBe(0);
    expect(rollingSkew(c, 4)[4]).toBe(0);
    expect(rollingKurtosis(c, 4)[4]).toBe(0);
    expect(rollingCorrelation(c, Float64Array.of(1, 2, 3, 4, 5), 4)[4]).toBe(0);
    expect(linRegR2(c, 4)[4]).toBe(0);
  });
});

describe("rolling statistics vs two-pass references on Henry Hub (data/sample)", () => {
  const r = logret(hh);
  it("variance, std, z-score, skew, kurtosis of returns and of prices", () => {
    for (const x of [r, hh]) {
      for (const n of [5, 21, 252]) {
        const ref = refWindowStats(x, n);
        // the reference gives 0/0 = NaN on a constant window (Henry Hub has flat runs); ours is 0 there by convention
        const flat = (a: Float64Array) => a.map((v, i) => (ref.variance[i] === 0 ? 0 : v));
        expect(maxRelDiff(rollingVar(x, n), ref.variance)).toBeLessThan(1e-10);
        expect(maxRelDiff(rollingStd(x, n), ref.variance.map(Math.sqrt))).toBeLessThan(1e-10);
        const z = flat(x.map((v, i) => (v - ref.mean[i]!) / Math.sqrt(ref.variance[i]!)));
        expect(maxRelDiff(zScore(x, n), z)).toBeLessThan(1e-9);
        // power sums about a shift lose ~ε·(shift/σ)⁴ for the 4th moment: 1.7e-8 measured on prices at the
        // Jan 2026 spike (5 → 30 $/MMBtu inside one window), ≤ 2e-10 on returns
        const tol = x === r ? 1e-9 : 1e-7;
        expect(maxRelDiff(rollingSkew(x, n), flat(ref.skew))).toBeLessThan(tol);
        expect(maxRelDiff(rollingKurtosis(x, n), flat(ref.kurt))).toBeLessThan(tol);
      }
    }
  });
  it("sum, min, max, percentile rank", () => {
    expect(maxRelDiff(rollingSum(hh, 63), refSma(hh, 63).map((v) => v * 63))).toBeLessThan(1e-12);
    expect(maxRelDiff(rollingMax(hh, 63), refRollingExtreme(hh, 63, true))).toBe(0);
    expect(maxRelDiff(rollingMin(hh, 63), refRollingExtreme(hh, 63, false))).toBe(0);
    const pr = percentileRank(hh, 50);
    for (let i = 49; i < hh.length; i += 97) {
      let c = 0;
      for (let k = i - 49; k <= i; k++) if (hh[k]! <= hh[i]!) c++;
      expect(pr[i]).toBe((100 * c) / 50);
    }
  });
  it("linear-regression slope and R²; trading-signals LinearRegression slope", () => {
    const ref = refLinReg(hh, 20);
    expect(maxRelDiff(linRegSlope(hh, 20), ref.slope)).toBeLessThan(1e-10);
    expect(maxRelDiff(linRegR2(hh, 20), ref.r2)).toBeLessThan(1e-9);
    const lr = new LinearRegression(20);
    const theirs = Float64Array.from(hh, (v) => {
      const out = lr.add(v);
      return lr.isStable && out ? out.slope : NaN;
    });
    expect(maxRelDiff(linRegSlope(hh, 20), theirs)).toBeLessThan(1e-10);
  });
  it("autocorrelation and realised variance", () => {
    const ac = autocorrelation(r, 60, 1);
    const ref = refCov(r.subarray(0, r.length - 1), r.subarray(1), 60).corr;
    expect(maxRelDiff(ac.subarray(1), ref)).toBeLessThan(1e-10);
    const rv = realisedVariance(hh, 21);
    const ref2 = refSma(r.map((v) => v * v), 21).map((v) => v * 21);
    expect(maxRelDiff(rv.subarray(1), ref2)).toBeLessThan(1e-12);
  });
});

describe.runIf(HAS_SHARED)("covariance family on S&P 500 vs Henry Hub-like pairs (shared)", () => {
  it("covariance, correlation, beta match two-pass references; streams match bit for bit", () => {
    const d = sp500();
    const x = logret(d.close);
    const y = logret(d.open);
    const ref = refCov(x, y, 60);
    expect(maxRelDiff(rollingCovariance(x, y, 60), ref.cov)).toBeLessThan(1e-10);
    expect(maxRelDiff(rollingCorrelation(x, y, 60), ref.corr)).toBeLessThan(1e-10);
    expect(maxRelDiff(rollingBeta(y, x, 60), ref.beta)).toBeLessThan(1e-10);
    const s = new RollingCovarianceStream(60);
    expect(Float64Array.from(x, (v, i) => (s.update(v, y[i]!), s.beta))).toEqual(rollingBeta(y, x, 60));
    const m = new RollingMomentsStream(20, 4);
    expect(Float64Array.from(x, (v) => (m.update(v), m.kurtosis))).toEqual(rollingKurtosis(x, 20));
    const p = new PercentileRankStream(20);
    expect(Float64Array.from(d.close, (v) => p.update(v))).toEqual(percentileRank(d.close, 20));
  });
});

describe("numerical robustness", () => {
  it("variance stays exact for large prices with a tiny spread over a million bars", () => {
    // x = 1e6 + (i mod 7)·1e-3: every window of 7 has the same variance; naive Σx² − (Σx)²/n would lose it
    const n = 1_000_000;
    const x = Float64Array.from({ length: n }, (_, i) => 1e6 + (i % 7) * 1e-3);
    const v = rollingVar(x, 7);
    const exact = (28 / 6) * 1e-6; // values 0..6 ·1e-3: Σd² = 28e-6 about mean 3e-3, /6
    let worst = 0;
    for (let i = 6; i < n; i++) worst = Math.max(worst, Math.abs(v[i]! - exact) / exact);
    expect(worst).toBeLessThan(1e-6);
  });
});

describe("bad input", () => {
  it("windows below the statistic's minimum and mismatched pairs", () => {
    const x = Float64Array.of(1, 2, 3, 4);
    expect(() => rollingVar(x, 1)).toThrow(/integer ≥ 2/);
    expect(() => rollingSkew(x, 2)).toThrow(/integer ≥ 3/);
    expect(() => rollingKurtosis(x, 3)).toThrow(/integer ≥ 4/);
    expect(() => rollingCorrelation(x, Float64Array.of(1, 2), 2)).toThrow(ValidationError);
    expect(() => realisedVariance(Float64Array.of(1, -1, 2), 1)).toThrow(/bar 1.*price must be > 0/);
    expect(() => percentileRank(x, 5)).toThrow(/longer than the data/);
  });
});
