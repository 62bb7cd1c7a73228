import { describe, expect, it } from "vitest";
import { ConfigError, ValidationError, type Series } from "../../src/lib/data/index.js";
import {
  capForecast,
  combineForecasts,
  diversificationMultiplier,
  forecastScalar,
  pooledForecastScalar,
  scaleForecast,
} from "../../src/lib/alpha/index.js";
import { changeFuture, expectSamePast } from "./helpers.js";

const series = (values: number[], name = "f"): Series => ({
  time: Float64Array.from(values, (_, i) => i),
  values: Float64Array.from(values),
  name,
});

describe("forecast scalar (expanding, no backfill)", () => {
  it("hand example: 10 / running mean of |f|, NaN skipped", () => {
    // |f|: 2, 4, –, 6 → running means 2, 3, 3, 4 → scalars 5, 3.333, 3.333, 2.5
    const s = forecastScalar([2, -4, NaN, 6], { minPeriods: 1 });
    expect(s[0]).toBe(5);
    expect(s[1]).toBeCloseTo(10 / 3, 15);
    expect(s[2]).toBeCloseTo(10 / 3, 15);
    expect(s[3]).toBe(2.5);
    const late = forecastScalar([2, -4, NaN, 6], { minPeriods: 3 });
    expect(Number.isNaN(late[1]!) && Number.isNaN(late[2]!)).toBe(true);
    expect(late[3]).toBe(2.5);
  });

  it("scales then caps at ±20 (or a given cap)", () => {
    // scaled: 2×5 = 10, −4×10/3 = −13.33, NaN, 6×2.5 = 15
    const v = scaleForecast(series([2, -4, NaN, 6]), { minPeriods: 1, cap: 12 }).values;
    expect(v[0]).toBe(10);
    expect(v[1]).toBe(-12);
    expect(Number.isNaN(v[2]!)).toBe(true);
    expect(v[3]).toBe(12);
    expect(Array.from(capForecast([25, -30, 19.5]))).toEqual([20, -20, 19.5]);
  });

  it("makes the average absolute forecast 10 on a long stationary series", () => {
    // raw = 3.7 × a deterministic zero-mean pattern; the expanding scalar converges to 10 / mean|raw|
    const n = 6000;
    const raw = new Float64Array(n);
    for (let i = 0; i < n; i++) raw[i] = 3.7 * Math.sin(i * 0.37) * (1 + 0.5 * Math.cos(i * 0.011));
    const scaled = scaleForecast(series(Array.from(raw)), { minPeriods: 250, cap: Infinity }).values;
    let s = 0;
    for (let i = 3000; i < n; i++) s += Math.abs(scaled[i]!);
    expect(s / (n - 3000)).toBeCloseTo(10, 0);
  });

  it("never looks ahead", () => {
    const raw = series(Array.from({ length: 400 }, (_, i) => Math.sin(i / 7) * (i % 5)));
    const a = scaleForecast(raw, { minPeriods: 20 });
    const b = scaleForecast(changeFuture(raw, 300, 3), { minPeriods: 20 });
    expectSamePast(a, b, 300);
  });

  it("bad input is typed", () => {
    expect(() => forecastScalar([1, Infinity])).toThrow(ValidationError);
    expect(() => forecastScalar([1], { minPeriods: 0 })).toThrow(ConfigError);
    expect(() => forecastScalar([1], { target: 0 })).toThrow(ConfigError);
    expect(() => capForecast([1], 0)).toThrow(ConfigError);
  });
});

describe("pooled forecast scalar (cross-sectional median, then expanding mean)", () => {
  it("hand example with odd and even numbers of instruments", () => {
    // bar 0: |f| 1, 3, 5 → 3; bar 1: 2, –, 6 → 4; bar 2: 0, 8, 1 → 1 → running means 3, 3.5, 8/3
    const s = pooledForecastScalar(
      [
        [1, -2, 0],
        [3, NaN, 8],
        [-5, 6, -1],
      ],
      { minPeriods: 1 },
    );
    expect(s[0]).toBeCloseTo(10 / 3, 14);
    expect(s[1]).toBeCloseTo(10 / 3.5, 14);
    expect(s[2]).toBeCloseTo(10 / (8 / 3), 14);
  });

  it("ignoreZeros leaves exact zeros out, as pysystemtrade does", () => {
    // single series 0, 4, 0, 2: with zeros mean |f| after bar 3 is 1.5; without, 3
    expect(forecastScalar([0, 4, 0, 2], { minPeriods: 1 })[3]).toBeCloseTo(10 / 1.5, 14);
    expect(forecastScalar([0, 4, 0, 2], { minPeriods: 1, ignoreZeros: true })[3]).toBeCloseTo(10 / 3, 14);
    expect(Number.isNaN(forecastScalar([0, 4], { minPeriods: 1, ignoreZeros: true })[0]!)).toBe(true);
    // pooled: bar 1 has |f| 0 and 2 → median 1 with zeros, 2 without
    expect(
      pooledForecastScalar(
        [
          [1, 0],
          [3, 2],
        ],
        { minPeriods: 1 },
      )[1],
    ).toBeCloseTo(10 / 1.5, 14);
    expect(
      pooledForecastScalar(
        [
          [1, 0],
          [3, 2],
        ],
        { minPeriods: 1, ignoreZeros: true },
      )[1],
    ).toBeCloseTo(10 / 2, 14);
  });

  it("never looks ahead", () => {
    const mk = (k: number) => Array.from({ length: 300 }, (_, i) => Math.sin(i / (5 + k)) * (1 + k));
    const a = pooledForecastScalar([mk(0), mk(1), mk(2)], { minPeriods: 20 });
    const late = mk(2).map((v, i) => (i >= 200 ? v * 7 : v));
    const b = pooledForecastScalar([mk(0), mk(1), late], { minPeriods: 20 });
    expect(Array.from(b.subarray(0, 200))).toEqual(Array.from(a.subarray(0, 200)));
    expect(b[299]).not.toBe(a[299]);
  });

  it("rejects mismatched lengths", () => {
    expect(() => pooledForecastScalar([[1, 2], [1]])).toThrow(ValidationError);
    expect(() => pooledForecastScalar([])).toThrow(ValidationError);
  });
});

describe("forecast diversification multiplier", () => {
  it("two uncorrelated equal weights → √2 (pysystemtrade's doctest case)", () => {
    expect(diversificationMultiplier([0.5, 0.5], [1, 0, 0, 1])).toBeCloseTo(Math.SQRT2, 15);
  });

  it("three forecasts by hand, with and without flooring negatives", () => {
    // w = .5,.3,.2; ρ12 = .5, ρ13 = −.2, ρ23 = .3
    const corr = [1, 0.5, -0.2, 0.5, 1, 0.3, -0.2, 0.3, 1];
    // floored: wᵀHw = .25 + .09 + .04 + 2(.5·.3·.5 + 0 + .3·.2·.3) = .566
    expect(diversificationMultiplier([0.5, 0.3, 0.2], corr)).toBeCloseTo(1 / Math.sqrt(0.566), 14);
    // not floored: .566 + 2(.5·.2·(−.2)) = .526
    expect(diversificationMultiplier([0.5, 0.3, 0.2], corr, { floorNegative: false })).toBeCloseTo(
      1 / Math.sqrt(0.526),
      14,
    );
  });

  it("caps at 2.5 and normalises weights", () => {
    const n = 10;
    const eye = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    expect(diversificationMultiplier(new Array(n).fill(0.1), eye)).toBe(2.5); // 1/√0.1 = 3.16
    expect(diversificationMultiplier(new Array(n).fill(0.1), eye, { max: 4 })).toBeCloseTo(Math.sqrt(10), 14);
    expect(diversificationMultiplier([1, 1], [1, 0, 0, 1])).toBeCloseTo(Math.SQRT2, 15);
  });

  it("rejects bad matrices and weights", () => {
    expect(() => diversificationMultiplier([0.5, 0.5], [1, 0, 0])).toThrow(ValidationError);
    expect(() => diversificationMultiplier([0.5, 0.5], [1, 2, 2, 1])).toThrow(ValidationError);
    expect(() => diversificationMultiplier([-0.5, 1.5], [1, 0, 0, 1])).toThrow(ValidationError);
    expect(() => diversificationMultiplier([0, 0], [1, 0, 0, 1])).toThrow(ValidationError);
  });
});

describe("combining forecasts", () => {
  it("fixed FDM, renormalised weights when a forecast is missing, capped", () => {
    const a = series([10, NaN, 4, NaN]);
    const b = series([20, -20, 8, NaN]);
    const c = combineForecasts([a, b], [0.25, 0.75], { fdm: 1.2 }).values;
    expect(c[0]).toBe(20); // 1.2 × (0.25 × 10 + 0.75 × 20) = 21 → capped at 20
    expect(c[1]).toBe(-20); // 1.2 × −20 = −24 → −20
    expect(c[2]).toBeCloseTo(1.2 * (0.25 * 4 + 0.75 * 8), 12); // 8.4
    expect(Number.isNaN(c[3]!)).toBe(true);
  });

  it("estimates the FDM from an expanding correlation, 1 before minPeriods", () => {
    // a: 1 −1 1 −1 …, b: 1 1 −1 −1 …: over any multiple of 4 bars, mean 0 and Σab = 0 → ρ = 0 → FDM √2
    const n = 8;
    const a = series(
      Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1)),
      "a",
    );
    const b = series(
      Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 1 : -1)),
      "b",
    );
    const r = combineForecasts([a, b], [0.5, 0.5], { minPeriods: 4 });
    expect(Array.from(r.fdm.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(r.fdm[3]).toBeCloseTo(Math.SQRT2, 14);
    expect(r.values[3]).toBeCloseTo(-Math.SQRT2, 14); // (−1 − 1)/2 × √2
    expect(r.fdm[7]).toBeCloseTo(Math.SQRT2, 14);
    // identical forecasts: ρ = 1 → FDM 1
    const same = combineForecasts([a, a], [0.5, 0.5], { minPeriods: 2 });
    expect(same.fdm[5]).toBeCloseTo(1, 14);
  });

  it("never looks ahead (estimated FDM)", () => {
    const mk = (f: (i: number) => number, name: string) =>
      series(
        Array.from({ length: 500 }, (_, i) => f(i)),
        name,
      );
    const a = mk((i) => 10 * Math.sin(i / 9), "a");
    const b = mk((i) => 8 * Math.cos(i / 13) + 3 * Math.sin(i / 5), "b");
    const base = combineForecasts([a, b], [0.6, 0.4], { minPeriods: 50 });
    const moved = combineForecasts([a, changeFuture(b, 350, 2.5)], [0.6, 0.4], { minPeriods: 50 });
    expectSamePast(base, moved, 350);
  });

  it("rejects mismatched inputs", () => {
    const a = series([1, 2]);
    expect(() => combineForecasts([a], [0.5, 0.5])).toThrow(ValidationError);
    expect(() => combineForecasts([a, series([1, 2, 3])], [0.5, 0.5])).toThrow(ValidationError);
    expect(() => combineForecasts([a, a], [0.5, -0.5])).toThrow(ValidationError);
    expect(() => combineForecasts([a, series([1, Infinity])], [0.5, 0.5])).toThrow(ValidationError);
    expect(() => combineForecasts([a, a], [0.5, 0.5], { fdm: 0 })).toThrow(ConfigError);
  });
});
