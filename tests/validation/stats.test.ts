import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  gaussianSampler,
  returnMoments,
  sampleSharpe,
  seededRandom,
  stdNormalCdf,
  stdNormalPdf,
  stdNormalQuantile,
} from "../../src/lib/validation/stats.js";

describe("standard normal", () => {
  it("matches tabulated values (Abramowitz & Stegun table 26.1)", () => {
    expect(stdNormalCdf(0)).toBe(0.5);
    expect(stdNormalCdf(1)).toBeCloseTo(0.841344746068543, 14);
    expect(stdNormalCdf(-2.5)).toBeCloseTo(0.00620966532577613, 15);
    expect(stdNormalCdf(3)).toBeCloseTo(0.99865010196837, 14);
    // far tail: 1 − Φ(8) = 6.22096057427178e-16, Φ(−10) = 7.61985302416047e-24
    expect(stdNormalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
    expect(stdNormalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 10);
    expect(stdNormalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
  it("inverts Φ to double precision", () => {
    expect(stdNormalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(stdNormalQuantile(0.95)).toBeCloseTo(1.64485362695147, 13);
    expect(stdNormalQuantile(0.025)).toBeCloseTo(-1.95996398454005, 13);
    expect(stdNormalQuantile(0.999)).toBeCloseTo(3.09023230616781, 12);
    for (const x of [-7, -3.3, -1, -0.2, 0.7, 2.2, 4.9]) {
      expect(stdNormalQuantile(stdNormalCdf(x))).toBeCloseTo(x, 9);
    }
    expect(() => stdNormalQuantile(1.2)).toThrow(ValidationError);
    expect(() => stdNormalQuantile(NaN)).toThrow(ValidationError);
  });
});

describe("returnMoments", () => {
  it("computes sample moments by hand", () => {
    // r = (−1, 0, 0, 5): mean 1, deviations (−2, −1, −1, 4), Σd² = 22, Σd³ = −8 −1 −1 + 64 = 54,
    // Σd⁴ = 16 + 1 + 1 + 256 = 274.
    const m = returnMoments([-1, 0, 0, 5]);
    expect(m.n).toBe(4);
    expect(m.mean).toBe(1);
    expect(m.std).toBeCloseTo(Math.sqrt(22 / 3), 14);
    expect(m.skewness).toBeCloseTo(54 / 4 / Math.pow(22 / 4, 1.5), 14);
    expect(m.kurtosis).toBeCloseTo(274 / 4 / Math.pow(22 / 4, 2), 14);
    expect(sampleSharpe([-1, 0, 0, 5])).toBeCloseTo(1 / Math.sqrt(22 / 3), 14);
  });
  it("has raw kurtosis 3 and skew 0 for normal samples", () => {
    const g = gaussianSampler(seededRandom(3));
    const x = new Float64Array(400_000);
    for (let i = 0; i < x.length; i++) x[i] = 0.01 + 0.02 * g();
    const m = returnMoments(x);
    expect(m.kurtosis).toBeGreaterThan(2.97); // se of kurtosis ≈ √(24/n) ≈ 0.008
    expect(m.kurtosis).toBeLessThan(3.03);
    expect(Math.abs(m.skewness)).toBeLessThan(0.015);
  });
  it("rejects bad input with typed errors", () => {
    expect(() => returnMoments([1])).toThrow(ValidationError);
    expect(() => returnMoments([1, NaN, 2])).toThrow(/bar 1/);
    expect(() => returnMoments([2, 2, 2])).toThrow(ValidationError);
    expect(() => sampleSharpe([0.1, Infinity])).toThrow(ValidationError);
  });
});

describe("seededRandom", () => {
  it("is reproducible and uniform", () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const counts = new Array<number>(10).fill(0);
    let same = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = a();
      if (u === b()) same++;
      counts[Math.floor(u * 10)]!++;
    }
    expect(same).toBe(100_000);
    // χ² with 9 d.o.f.; 99.9% point is 27.9
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9);
  });
});
