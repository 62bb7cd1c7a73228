import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  LOG_SQRT_2PI,
  fillStandardNormal,
  fractionalRanks,
  gaussianSampler,
  pearsonCorrelation,
  sampleMean,
  sampleMoments,
  sampleVariance,
  seededRandom,
  stdNormalCdf,
  stdNormalPdf,
  stdNormalQuantile,
} from "../../src/lib/math/index.js";

/** |a − b| ≤ rel·|b|. */
function expectRel(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));
}

// Reference values: Φ(1.96) and Φ⁻¹(0.975) as tabulated (Abramowitz & Stegun table 26.1); the rest from mpmath 1.3 at 50
// significant digits (`ncdf`, `npdf`, and `findroot` on `ncdf` for the quantile), rounded to double.
const CDF: [number, number][] = [
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [-1.96, 0.024997895148220435],
  [-2.5, 0.006209665325776135],
  [-3, 0.0013498980316300946],
  [-4.98, 3.1792136618528137e-7],
  [-5, 2.866515718791939e-7],
  [5.5, 0.9999999810104375],
  [-6, 9.86587645037698e-10],
  [-8, 6.220960574271784e-16],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.725571222524577e-300],
];
const QUANTILE: [number, number][] = [
  [0.975, 1.959963984540054],
  [0.025, -1.9599639845400543],
  [0.95, 1.6448536269514722],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [0.3, -0.5244005127080408],
  [0.7, 0.5244005127080407],
  [1e-5, -4.264890793922825],
  [1e-10, -6.361340902404057],
  [1e-300, -37.0470962993612],
  [5e-324, -38.467405617144344],
  [0.5 + 1e-12, 2.5065728237018603e-12],
  [1 - 1e-12, 7.0344869100478356],
];

describe("standard normal distribution", () => {
  it("φ against tabulated values; ln √(2π) correctly rounded", () => {
    expect(LOG_SQRT_2PI).toBe(0.9189385332046728); // ½ ln 2π = 0.918938533204672741780…
    expectRel(stdNormalPdf(0), 0.3989422804014327, 2e-16);
    expectRel(stdNormalPdf(1), 0.24197072451914334, 4e-16);
    expectRel(stdNormalPdf(-2), 0.05399096651318805, 4e-16);
    expectRel(stdNormalPdf(5), 1.4867195147342977e-6, 4e-16);
    expectRel(stdNormalPdf(-30), 1.4736461348785476e-196, 4e-16);
    expect(stdNormalPdf(3.3)).toBe(stdNormalPdf(-3.3));
    expect(stdNormalPdf(Infinity)).toBe(0);
    expect(stdNormalPdf(-39)).toBe(0);
    expect(Number.isNaN(stdNormalPdf(NaN))).toBe(true);
  });

  it("Φ to double precision, relative in both tails", () => {
    expect(stdNormalCdf(0)).toBe(0.5);
    for (const [x, p] of CDF) expectRel(stdNormalCdf(x), p, 1e-15);
    // the upper tail by symmetry: 1 − Φ(x) = Φ(−x) as far as doubles resolve it
    expectRel(1 - stdNormalCdf(5), 2.866515718791939e-7, 1e-9);
    expect(stdNormalCdf(9)).toBe(1);
    expect(stdNormalCdf(-40)).toBe(0);
    expect(stdNormalCdf(Infinity)).toBe(1);
    expect(stdNormalCdf(-Infinity)).toBe(0);
    expect(Number.isNaN(stdNormalCdf(NaN))).toBe(true);
  });

  it("Φ is monotone and symmetric on a fine grid", () => {
    let prev = 0;
    for (let x = -12; x <= 12; x += 0.01) {
      const p = stdNormalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
      expect(Math.abs(p + stdNormalCdf(-x) - 1)).toBeLessThanOrEqual(2.3e-16);
    }
  });

  it("Φ⁻¹ to double precision (Wichura AS 241), with its edges", () => {
    for (const [p, x] of QUANTILE) expectRel(stdNormalQuantile(p), x, 2e-15);
    expect(stdNormalQuantile(0.5)).toBe(0);
    expect(stdNormalQuantile(0)).toBe(-Infinity);
    expect(stdNormalQuantile(1)).toBe(Infinity);
    expect(() => stdNormalQuantile(1.2)).toThrow(ValidationError);
    expect(() => stdNormalQuantile(-0.1)).toThrow(ValidationError);
    expect(() => stdNormalQuantile(NaN)).toThrow(ValidationError);
  });

  it("Φ(Φ⁻¹(p)) = p and Φ⁻¹(Φ(x)) = x", () => {
    // Φ amplifies an error δ in x to a relative error of about |x|·δ = x²·(δ/|x|) in p: allow for it.
    for (const p of [1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.5, 0.77, 0.97575, 0.999999]) {
      const x = stdNormalQuantile(p);
      expectRel(stdNormalCdf(x), p, 2e-15 * Math.max(1, x * x));
    }
    // for x > 0, Φ(x) is a double near 1 (spacing 1.1e-16), which Φ⁻¹ stretches by 1/φ(x)
    for (let x = -8; x <= 6; x += 0.25) {
      const tol = x > 0 ? 1e-15 + 1.2e-16 / stdNormalPdf(x) : 1e-15 * Math.max(1, -x);
      expect(Math.abs(stdNormalQuantile(stdNormalCdf(x)) - x), `x = ${x}`).toBeLessThanOrEqual(tol);
    }
  });
});

describe("sample moments", () => {
  // x = (2, 4, 4, 4, 5, 5, 7, 9): mean 5, deviations (−3, −1, −1, −1, 0, 0, 2, 4),
  // Σd² = 32, Σd³ = 42, Σd⁴ = 356 → m₂ = 4, m₃ = 5.25, m₄ = 44.5.
  const x = [2, 4, 4, 4, 5, 5, 7, 9];

  it("match the hand computation, with the conventions stated", () => {
    const m = sampleMoments(x);
    expect(m.n).toBe(8);
    expect(m.mean).toBe(5);
    expect(m.variance).toBeCloseTo(32 / 7, 15);
    expect(m.std).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(m.skewness).toBeCloseTo(5.25 / 8, 15); // g₁ = m₃ / m₂^{3/2}, no bias correction
    expect(m.kurtosis).toBeCloseTo(44.5 / 16, 15); // raw b₂ = m₄ / m₂²
    expect(m.excessKurtosis).toBeCloseTo(44.5 / 16 - 3, 15);
    expect(sampleMean(x)).toBe(5);
    expect(sampleVariance(x)).toBeCloseTo(32 / 7, 15);
    expect(sampleVariance(x, 0)).toBe(4);
    expect(sampleVariance(x, 1, 5)).toBeCloseTo(32 / 7, 15);
    expect(sampleMoments(Float64Array.from(x))).toEqual(m);
  });

  it("skewness changes sign with the data and is scale free", () => {
    const neg = sampleMoments(x.map((v) => -3 * v + 1));
    expect(neg.skewness).toBeCloseTo(-0.65625, 14);
    expect(neg.kurtosis).toBeCloseTo(2.78125, 14);
    expect(neg.variance).toBeCloseTo((9 * 32) / 7, 13);
  });

  it("degenerate samples: NaN where a moment is undefined", () => {
    const c = sampleMoments([3, 3, 3]);
    expect(c.variance).toBe(0);
    expect(Number.isNaN(c.skewness) && Number.isNaN(c.kurtosis) && Number.isNaN(c.excessKurtosis)).toBe(true);
    const one = sampleMoments([4]);
    expect(one.mean).toBe(4);
    expect(Number.isNaN(one.variance) && Number.isNaN(one.std)).toBe(true);
    expect(Number.isNaN(sampleMean([]))).toBe(true);
    expect(Number.isNaN(sampleVariance([1, 2], 2))).toBe(true);
    expect(Number.isNaN(sampleMoments([1, NaN, 2]).mean)).toBe(true);
  });
});

describe("fractionalRanks", () => {
  it("average ranks for ties, worked by hand", () => {
    // sorted: 1, 1, 3, 4, 5 → the 1s share (1 + 2)/2
    expect(Array.from(fractionalRanks([3, 1, 4, 1, 5]))).toEqual([3, 1.5, 4, 1.5, 5]);
    // descending: 5, 4, 3, 1, 1 → the 1s share (4 + 5)/2
    expect(Array.from(fractionalRanks([3, 1, 4, 1, 5], "descending"))).toEqual([3, 4.5, 2, 4.5, 1]);
    // a run of three: 7, 7, 7 take ranks 2, 3, 4 → 3
    expect(Array.from(fractionalRanks(Float64Array.from([7, 0, 7, 9, 7])))).toEqual([3, 1, 3, 5, 3]);
    expect(Array.from(fractionalRanks([2, 2, 2, 2]))).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it("NaN is not ranked; infinities are; empty input", () => {
    expect(Array.from(fractionalRanks([2, NaN, 2, 1]))).toEqual([2.5, NaN, 2.5, 1]);
    expect(Array.from(fractionalRanks([Infinity, -Infinity, 0, Infinity]))).toEqual([3.5, 1, 2, 3.5]);
    expect(fractionalRanks([]).length).toBe(0);
  });

  it("ranks sum to m(m+1)/2 and descending = m + 1 − ascending", () => {
    const r = seededRandom(4);
    const x = Float64Array.from({ length: 500 }, () => Math.floor(r() * 40));
    const up = fractionalRanks(x);
    const down = fractionalRanks(x, "descending");
    expect(up.reduce((a, b) => a + b, 0)).toBe((500 * 501) / 2);
    for (let i = 0; i < 500; i++) expect(down[i]).toBe(501 - up[i]!);
  });

  it("rejects an unknown order", () => {
    expect(() => fractionalRanks([1, 2], "up" as "ascending")).toThrow(ValidationError);
  });
});

describe("pearsonCorrelation", () => {
  it("worked by hand, and its undefined cases", () => {
    // deviations (−1.5, −0.5, 0.5, 1.5) and (−0.5, −1.5, 1.5, 0.5): Σdadb = 3, Σda² = Σdb² = 5 → 0.6
    expect(pearsonCorrelation([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 15);
    expect(pearsonCorrelation(Float64Array.from([1, 2, 3]), [30, 20, 10])).toBeCloseTo(-1, 15);
    expect(Number.isNaN(pearsonCorrelation([1, 2, 3], [4, 4, 4]))).toBe(true);
    expect(Number.isNaN(pearsonCorrelation([1], [2]))).toBe(true);
    expect(Number.isNaN(pearsonCorrelation([1, NaN, 3], [1, 2, 3]))).toBe(true);
    expect(() => pearsonCorrelation([1, 2], [1, 2, 3])).toThrow(ValidationError);
  });

  it("is exact for large offsets (two passes), and Spearman is Pearson on fractional ranks", () => {
    expect(pearsonCorrelation([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 15);
    // ranks of (10, 20, 20, 40) are (1, 2.5, 2.5, 4), of (3, 1, 2, 4) are (3, 1, 2, 4):
    // deviations (−1.5, 0, 0, 1.5) and (0.5, −1.5, −0.5, 1.5): Σdadb = 1.5, Σda² = 4.5, Σdb² = 5
    const rho = pearsonCorrelation(fractionalRanks([10, 20, 20, 40]), fractionalRanks([3, 1, 2, 4]));
    expect(rho).toBeCloseTo(1.5 / Math.sqrt(4.5 * 5), 15);
  });
});

describe("seeded random numbers", () => {
  it("mulberry32 reproduces an independent implementation", () => {
    // Python, integer arithmetic modulo 2³² (the reference C code of mulberry32).
    const a = seededRandom(1);
    expect([a(), a(), a(), a(), a()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849,
    ]);
    const b = seededRandom(42);
    expect([b(), b(), b()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it("is deterministic per seed, and seeds differ", () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const c = seededRandom(10);
    const xa = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xa);
    expect(seededRandom(2 ** 32 + 9)()).toBe(seededRandom(9)()); // the seed is taken modulo 2³²
  });

  it("is uniform on [0, 1): chi-square over 20 bins", () => {
    const r = seededRandom(2024);
    const n = 200_000;
    const counts = new Float64Array(20);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      counts[Math.floor(u * 20)]! += 1;
    }
    expect(lo >= 0 && hi < 1).toBe(true);
    const e = n / 20;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - e) ** 2 / e;
    expect(chi2).toBeLessThan(43.82); // χ²₁₉ 0.999 quantile
  });

  it("both normal generators: deterministic, moments and Kolmogorov–Smirnov against Φ", () => {
    const n = 100_000;
    const g = gaussianSampler(seededRandom(3));
    const polar = Float64Array.from({ length: n }, () => g());
    const g2 = gaussianSampler(seededRandom(3));
    expect(Array.from({ length: 10 }, () => g2())).toEqual(Array.from(polar.subarray(0, 10)));
    const bm = fillStandardNormal(new Float64Array(n), seededRandom(3));
    expect(fillStandardNormal(new Float64Array(7), seededRandom(3))).toEqual(bm.subarray(0, 7));
    for (const z of [polar, bm]) {
      const m = sampleMoments(z);
      expect(Math.abs(m.mean)).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(m.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
      expect(Math.abs(m.skewness)).toBeLessThan(4 * Math.sqrt(6 / n));
      expect(Math.abs(m.excessKurtosis)).toBeLessThan(4 * Math.sqrt(24 / n));
      const s = z.slice().sort();
      let d = 0;
      for (let i = 0; i < n; i++) {
        const p = stdNormalCdf(s[i]!);
        d = Math.max(d, (i + 1) / n - p, p - i / n);
      }
      expect(d).toBeLessThan(1.95 / Math.sqrt(n)); // KS critical value at the 0.1% level
    }
  });

  it("Box–Muller fills odd lengths and uses two uniforms per pair", () => {
    const u = seededRandom(5);
    const u1 = u();
    const u2 = u();
    const z = fillStandardNormal(new Float64Array(3), seededRandom(5));
    expect(z[0]).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2), 15);
    expect(z[1]).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u1)) * Math.sin(2 * Math.PI * u2), 15);
    expect(Number.isFinite(z[2]!)).toBe(true);
  });
});
