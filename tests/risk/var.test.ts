import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  cornishFisherCVaR,
  cornishFisherVaR,
  historicalCVaR,
  historicalVaR,
  monteCarloCVaR,
  monteCarloRisk,
  monteCarloVaR,
  parametricCVaR,
  parametricVaR,
  portfolioCVaR,
  portfolioPnl,
  portfolioRisk,
  portfolioVaR,
} from "../../src/lib/risk/index.js";

// Published standard normal quantiles and densities (e.g. NIST tables, R's qnorm/dnorm).
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;
const PHI_Z95 = 0.10313564037537128; // φ(1.6448536269514722)
const PHI_Z99 = 0.02665214220345783; // φ(2.3263478740408408)

/** Independent normal sample (its own LCG + Box–Muller, not the library's generator). */
function normalSample(n: number, mean: number, std: number, seed = 12345): Float64Array {
  // sfc32 (Chris Doty-Humphrey's small fast counting generator)
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const u = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  };
  for (let i = 0; i < 20; i++) u();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = mean + std * r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(t);
  }
  return out;
}

describe("historical VaR / CVaR on hand-sorted samples", () => {
  // 20 returns in %; sorted: -9 -7 -6 -5 -4 -3 -2 -1 0 0 1 1 2 2 3 3 4 5 6 8
  const r = [3, -1, 0, 2, -9, 5, -4, 1, 8, -2, 0, -6, 4, 3, -3, 1, -7, 2, 6, -5].map((x) => x / 100);

  it("95%: h = 19 × 0.05 = 0.95 between −9% and −7%", () => {
    // q = -9 + 0.95 × 2 = -7.1 %; returns ≤ q: only -9 → CVaR 9 %
    expect(historicalVaR(r, 0.95)).toBeCloseTo(0.071, 14);
    expect(historicalCVaR(r, 0.95)).toBeCloseTo(0.09, 14);
  });

  it("90%: h = 1.9 between −7% and −6%", () => {
    // q = -7 + 0.9 × 1 = -6.1 %; tail {-9, -7} → CVaR 8 %
    expect(historicalVaR(r, 0.9)).toBeCloseTo(0.061, 14);
    expect(historicalCVaR(r, 0.9)).toBeCloseTo(0.08, 14);
  });

  it("75%: h = 4.75, q = −4 + 0.75 × 1 = −3.25 %; tail {-9,-7,-6,-5,-4} mean 6.2 %", () => {
    expect(historicalVaR(r, 0.75)).toBeCloseTo(0.0325, 14);
    expect(historicalCVaR(r, 0.75)).toBeCloseTo(0.062, 14);
  });

  it("skips missing values and is unchanged by order", () => {
    const withNaN = [NaN, ...r.slice().reverse(), NaN];
    expect(historicalVaR(withNaN, 0.95)).toBeCloseTo(0.071, 14);
    expect(historicalCVaR(withNaN, 0.9)).toBeCloseTo(0.08, 14);
  });

  it("99% of 101 returns 0..−100 bp hits the 2nd order statistic exactly", () => {
    const x = Array.from({ length: 101 }, (_, i) => -i / 10000);
    // h = 100 × 0.01 = 1 → the second smallest, -99 bp; tail {-100, -99} → 99.5 bp
    expect(historicalVaR(x, 0.99)).toBeCloseTo(0.0099, 14);
    expect(historicalCVaR(x, 0.99)).toBeCloseTo(0.00995, 14);
  });
});

describe("parametric normal: closed forms", () => {
  it("VaR = zσ − μ and CVaR = σφ(z)/(1−c) − μ at 95% and 99%", () => {
    const m = { mean: 0.0005, std: 0.025 };
    expect(parametricVaR(m, 0.95)).toBeCloseTo(Z95 * 0.025 - 0.0005, 15);
    expect(parametricVaR(m, 0.99)).toBeCloseTo(Z99 * 0.025 - 0.0005, 15);
    expect(parametricCVaR(m, 0.95)).toBeCloseTo((0.025 * PHI_Z95) / 0.05 - 0.0005, 14);
    expect(parametricCVaR(m, 0.99)).toBeCloseTo((0.025 * PHI_Z99) / 0.01 - 0.0005, 14);
  });

  it("estimates mean and sample std (n − 1) from returns", () => {
    // mean 0.002, deviations ±0.01 → sample variance 4×1e-4/3
    const x = [0.012, -0.008, 0.012, -0.008];
    const std = Math.sqrt((4 * 1e-4) / 3);
    expect(parametricVaR(x, 0.99)).toBeCloseTo(Z99 * std - 0.002, 15);
    expect(parametricCVaR(x, 0.95)).toBeCloseTo((std * PHI_Z95) / 0.05 - 0.002, 14);
  });

  it("every method agrees with the closed form on a large normal sample", () => {
    const sigma = 0.02;
    const x = normalSample(400_000, 0, sigma);
    for (const [c, z, phi] of [
      [0.95, Z95, PHI_Z95],
      [0.99, Z99, PHI_Z99],
    ] as const) {
      const varTrue = z * sigma;
      const cvarTrue = (sigma * phi) / (1 - c);
      expect(historicalVaR(x, c) / varTrue).toBeCloseTo(1, 1.5);
      expect(historicalCVaR(x, c) / cvarTrue).toBeCloseTo(1, 1.5);
      expect(parametricVaR(x, c) / varTrue).toBeCloseTo(1, 2);
      expect(cornishFisherVaR(x, c) / varTrue).toBeCloseTo(1, 1.5);
      expect(cornishFisherCVaR(x, c) / cvarTrue).toBeCloseTo(1, 1.5);
      expect(monteCarloVaR({ mean: 0, std: sigma }, c, { paths: 200_000, seed: 11 }) / varTrue).toBeCloseTo(
        1,
        1.5,
      );
      expect(monteCarloCVaR({ mean: 0, std: sigma }, c, { paths: 200_000, seed: 11 }) / cvarTrue).toBeCloseTo(
        1,
        1.5,
      );
    }
  });
});

describe("Cornish–Fisher", () => {
  it("adjusts the quantile for skew and excess kurtosis (hand-computed)", () => {
    const S = -0.8;
    const K = 4;
    const z = -Z95;
    // z_cf = z + (z²−1)S/6 + (z³−3z)K/24 − (2z³−5z)S²/36
    const zcf =
      z + ((z ** 2 - 1) * S) / 6 + ((z ** 3 - 3 * z) * K) / 24 - ((2 * z ** 3 - 5 * z) * S ** 2) / 36;
    // z = -1.6449: z² = 2.70554, z³ = -4.45024
    expect(zcf).toBeCloseTo(-1.6449 + (1.70554 * -0.8) / 6 + (0.48437 * 4) / 24 - (-0.6769 * 0.64) / 36, 3);
    const m = { mean: 0.001, std: 0.03, skew: S, excessKurtosis: K };
    expect(cornishFisherVaR(m, 0.95)).toBeCloseTo(-(0.001 + 0.03 * zcf), 14);
  });

  it("CVaR equals the numerically integrated tail mean of the CF quantile", () => {
    const S = -0.5;
    const K = 2.5;
    const zcf = (z: number) =>
      z + ((z ** 2 - 1) * S) / 6 + ((z ** 3 - 3 * z) * K) / 24 - ((2 * z ** 3 - 5 * z) * S ** 2) / 36;
    const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    for (const [c, q] of [
      [0.95, -Z95],
      [0.99, -Z99],
    ] as const) {
      // (1/(1−c)) ∫_{−12}^{q} z_cf(z) φ(z) dz by the trapezoid rule
      const steps = 200_000;
      const a = -12;
      const h = (q - a) / steps;
      let s = 0.5 * (zcf(a) * phi(a) + zcf(q) * phi(q));
      for (let i = 1; i < steps; i++) s += zcf(a + i * h) * phi(a + i * h);
      const tailMean = (s * h) / (1 - c);
      const m = { mean: 0, std: 0.02, skew: S, excessKurtosis: K };
      expect(cornishFisherCVaR(m, c)).toBeCloseTo(-0.02 * tailMean, 9);
    }
  });

  it("estimates moment skewness and excess kurtosis from returns", () => {
    // x = −6, 0, 0, 0, 0, 1, 1, 4 (%): mean 0, m2 = 54/8, m3 = −150/8, m4 = 1554/8; sample std √(54/7)
    const x = [-6, 0, 0, 0, 0, 1, 1, 4].map((v) => v / 100);
    const m2 = 54 / 8;
    const hand = {
      mean: 0,
      std: Math.sqrt(54 / 7) / 100,
      skew: -150 / 8 / Math.pow(m2, 1.5),
      excessKurtosis: 1554 / 8 / (m2 * m2) - 3,
    };
    expect(hand.skew).toBeCloseTo(-1.0692, 4);
    expect(cornishFisherVaR(x, 0.95)).toBeCloseTo(cornishFisherVaR(hand, 0.95), 14);
    expect(cornishFisherCVaR(x, 0.99)).toBeCloseTo(cornishFisherCVaR(hand, 0.99), 14);
  });

  it("refuses skew/kurtosis where the expansion is not a quantile (slope ≤ 0 in the tail)", () => {
    // S = 1.14, K = −0.21 (e.g. returns 1, 2, 3, 4, 10 %): slope at z = −6 is
    // 1 − 6S/3 + 35K/8 − 211S²/36 < 0
    const bad = { mean: 0.04, std: 0.035, skew: 1.138, excessKurtosis: -0.212 };
    expect(1 - (6 * 1.138) / 3 + (35 * -0.212) / 8 - (211 * 1.138 ** 2) / 36).toBeLessThan(0);
    expect(() => cornishFisherVaR(bad, 0.95)).toThrow(/Cornish–Fisher expansion is not valid/);
    expect(() =>
      cornishFisherCVaR(
        [1, 2, 3, 4, 10].map((v) => v / 100),
        0.99,
      ),
    ).toThrow(ValidationError);
  });
});

describe("Monte Carlo", () => {
  it("is reproducible for a seed and varies with it", () => {
    const m = { mean: 0, std: 0.01 };
    const a = monteCarloRisk(m, 0.99, { paths: 10_000, seed: 5 });
    const b = monteCarloRisk(m, 0.99, { paths: 10_000, seed: 5 });
    const c = monteCarloRisk(m, 0.99, { paths: 10_000, seed: 6 });
    expect(a).toEqual(b);
    expect(c.var).not.toBe(a.var);
    expect(a.cvar).toBeGreaterThan(a.var);
  });
});

describe("portfolio VaR from a covariance matrix", () => {
  // σ = 2%, 1%, ρ = 0.5 → cov = [[4e-4, 1e-4], [1e-4, 1e-4]]
  const cov = [4e-4, 1e-4, 1e-4, 1e-4];

  it("parametric: worked example, long/long and long/short", () => {
    // long 1m / long 1m: σ_P² = 1e12(4e-4 + 1e-4 + 2e-4) = 7e8
    expect(portfolioVaR([1e6, 1e6], cov, 0.99)).toBeCloseTo(Z99 * Math.sqrt(7e8), 6);
    // long 1m / short 2m: σ_P² = 1e12(4e-4 + 4e-4 − 4e-4) = 4e8 → σ_P = 20 000
    expect(portfolioVaR([1e6, -2e6], cov, 0.95)).toBeCloseTo(Z95 * 20_000, 6);
    expect(portfolioCVaR([1e6, -2e6], cov, 0.95)).toBeCloseTo((20_000 * PHI_Z95) / 0.05, 6);
  });

  it("includes the mean P&L", () => {
    // mean returns 0.1% and 0.05% on 1m each → mean P&L 1 500
    expect(portfolioVaR([1e6, 1e6], cov, 0.99, { mean: [0.001, 0.0005] })).toBeCloseTo(
      Z99 * Math.sqrt(7e8) - 1500,
      6,
    );
  });

  it("Monte Carlo agrees with the closed form, also for a singular (perfectly correlated) matrix", () => {
    const mc = portfolioRisk([1e6, 1e6], cov, 0.99, { method: "monteCarlo", paths: 100_000, seed: 2 });
    expect(mc.var / (Z99 * Math.sqrt(7e8))).toBeCloseTo(1, 1.5);
    expect(mc.cvar / ((Math.sqrt(7e8) * PHI_Z99) / 0.01)).toBeCloseTo(1, 1.5);
    // ρ = 1, σ = 1% and 2%: 1m each is 3% of 1m of one asset → σ_P = 30 000
    const singular = [1e-4, 2e-4, 2e-4, 4e-4];
    const v = portfolioVaR([1e6, 1e6], singular, 0.95, { method: "monteCarlo", paths: 100_000, seed: 9 });
    expect(v / (Z95 * 30_000)).toBeCloseTo(1, 1.5);
  });

  it("historical portfolio VaR from revalued P&L", () => {
    // exposures 100 and -50; day returns: (1%, 3%), (-2%, 1%), (4%, -2%), (-1%, -1%), (0, 2%)
    const a = [0.01, -0.02, 0.04, -0.01, 0];
    const b = [0.03, 0.01, -0.02, -0.01, 0.02];
    const pnl = portfolioPnl([a, b], [100, -50]);
    // P&L: 1 − 1.5 = −0.5, −2 − 0.5 = −2.5, 4 + 1 = 5, −1 + 0.5 = −0.5, 0 − 1 = −1
    expect(Array.from(pnl).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([-0.5, -2.5, 5, -0.5, -1]);
    // sorted −2.5, −1, −0.5, −0.5, 5; 80%: h = 0.8 → q = −2.5 + 0.8 × 1.5 = −1.3
    expect(historicalVaR(pnl, 0.8)).toBeCloseTo(1.3, 12);
    expect(historicalCVaR(pnl, 0.8)).toBeCloseTo(2.5, 12);
  });
});

describe("bad input", () => {
  it("rejects confidences outside (0, 1)", () => {
    for (const c of [0, 1, 1.5, -0.1, NaN]) {
      expect(() => historicalVaR([0.01, 0.02], c)).toThrow(ValidationError);
      expect(() => parametricVaR({ mean: 0, std: 0.01 }, c)).toThrow(ValidationError);
    }
  });

  it("rejects infinite returns naming the bar, and empty input", () => {
    expect(() => historicalVaR([0.01, Infinity], 0.95)).toThrow(/bar 1/);
    expect(() => historicalVaR([NaN, NaN], 0.95)).toThrow(ValidationError);
    expect(() => parametricVaR([0.01], 0.95)).toThrow(ValidationError);
  });

  it("rejects negative or non-finite moments", () => {
    expect(() => parametricVaR({ mean: 0, std: -0.01 }, 0.95)).toThrow(ValidationError);
    expect(() => cornishFisherVaR({ mean: 0, std: 0.01, skew: NaN }, 0.95)).toThrow(ValidationError);
  });

  it("rejects bad covariance matrices and exposures", () => {
    expect(() => portfolioVaR([1, 1], [1, 0, 0], 0.95)).toThrow(/covariance/);
    expect(() => portfolioVaR([1, 1], [1, 0.5, 0.4, 1], 0.95)).toThrow(/symmetric/);
    expect(() => portfolioVaR([1, NaN], [1, 0, 0, 1], 0.95)).toThrow(/exposures/);
    expect(() => portfolioVaR([1, 1], [1, 2, 2, 1], 0.95, { method: "monteCarlo" })).toThrow(/semi-definite/);
    expect(() => monteCarloVaR({ mean: 0, std: 1 }, 0.95, { paths: 10 })).toThrow(ValidationError);
  });
});
