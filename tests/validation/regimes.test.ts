import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  regimeChangePoints,
  regimeSplit,
  segmentLabels,
  volatilityRegimeLabels,
} from "../../src/lib/validation/regimes.js";
import { gaussianSampler, seededRandom } from "../../src/lib/validation/stats.js";

describe("volatility regimes", () => {
  it("labels trailing volatility against thresholds (by hand, window 2)", () => {
    // sd of a pair (a, b) = |a − b|/√2
    const r = [0, 0, 1, -1, 0.2, 0.2, 0.9];
    const v = volatilityRegimeLabels(r, { window: 2, thresholds: [0.2, 1] });
    const expected = [NaN, 0, 1 / Math.SQRT2, 2 / Math.SQRT2, 1.2 / Math.SQRT2, 0, 0.7 / Math.SQRT2];
    for (let i = 1; i < r.length; i++) expect(v.volatility[i]).toBeCloseTo(expected[i]!, 14);
    expect(Number.isNaN(v.volatility[0])).toBe(true);
    expect(Array.from(v.labels)).toEqual([-1, 0, 1, 2, 1, 0, 1]);
  });

  it("splits into terciles by default", () => {
    const g = gaussianSampler(seededRandom(1));
    const r = Float64Array.from({ length: 3000 }, (_, i) => (0.005 + 0.01 * (1 + Math.sin(i / 200))) * g());
    const v = volatilityRegimeLabels(r, { window: 21 });
    const counts = [0, 0, 0];
    for (const l of v.labels) if (l >= 0) counts[l]!++;
    for (const c of counts) expect(Math.abs(c - 2980 / 3)).toBeLessThan(5);
  });
});

describe("change points", () => {
  it("finds a variance break and a mean break", () => {
    const g = gaussianSampler(seededRandom(2));
    const r = Float64Array.from(
      { length: 900 },
      (_, i) => (i < 300 ? 0.005 : 0.02) * g() + (i >= 600 ? 0.02 : 0),
    );
    const cps = regimeChangePoints(r);
    expect(cps.length).toBe(2);
    expect(Math.abs(cps[0]! - 300)).toBeLessThanOrEqual(10);
    expect(Math.abs(cps[1]! - 600)).toBeLessThanOrEqual(25);
  });

  it("finds nothing in homogeneous noise", () => {
    let found = 0;
    for (let s = 0; s < 5; s++) {
      const g = gaussianSampler(seededRandom(10 + s));
      found += regimeChangePoints(Float64Array.from({ length: 1000 }, () => 0.01 * g())).length;
    }
    expect(found).toBeLessThanOrEqual(1);
  });

  it("segment labels by hand", () => {
    expect(Array.from(segmentLabels(6, [4, 2]))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe("regimeSplit", () => {
  it("summarises each regime (by hand)", () => {
    const s = regimeSplit([0.01, -0.02, 0.03, 0.01], [0, 1, 0, -1], 252);
    expect(s.length).toBe(2);
    const a = s[0]!;
    expect(a.label).toBe(0);
    expect(a.count).toBe(2);
    expect(a.annualMean).toBeCloseTo(0.02 * 252, 12);
    const sd = 0.02 / Math.SQRT2;
    expect(a.annualVolatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(a.sharpe).toBeCloseTo((0.02 / sd) * Math.sqrt(252), 10);
    expect(a.hitRate).toBe(1);
    expect(a.totalReturn).toBeCloseTo(1.01 * 1.03 - 1, 14);
    expect(s[1]).toMatchObject({ label: 1, count: 1, sharpe: 0, hitRate: 0 });
    expect(s[1]!.totalReturn).toBeCloseTo(-0.02, 15);
  });

  it("rejects bad input", () => {
    expect(() => regimeSplit([0.1, 0.2], [0])).toThrow(ValidationError);
    expect(() => regimeSplit([0.1, NaN], [0, 0])).toThrow(/bar 1/);
    expect(() => volatilityRegimeLabels([0.1, 0.2], { window: 5 })).toThrow(ValidationError);
  });
});
