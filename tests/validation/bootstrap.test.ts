import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  bcaInterval,
  bootstrapIndices,
  bootstrapReport,
  bootstrapReturns,
  compoundedMaxDrawdown,
  returnsProfitFactor,
  tradeMonteCarlo,
} from "../../src/lib/validation/bootstrap.js";
import {
  gaussianSampler,
  sampleSharpe,
  seededRandom,
  stdNormalCdf,
  stdNormalPdf,
} from "../../src/lib/validation/stats.js";

describe("bootstrap indices", () => {
  it("stationary bootstrap has geometric blocks with the requested mean length", () => {
    const n = 1000;
    const out = new Int32Array(200_000);
    bootstrapIndices(out, n, "stationary", seededRandom(3), 8);
    let breaks = 0;
    const counts = new Float64Array(n);
    for (let i = 0; i < out.length; i++) {
      counts[out[i]!]++;
      if (i > 0 && out[i] !== (out[i - 1]! + 1) % n) breaks++;
    }
    // a new block starts with probability 1/8 (and continues by chance with probability 1/n)
    const meanBlock = out.length / (breaks + 1);
    expect(meanBlock).toBeGreaterThan(7.8);
    expect(meanBlock).toBeLessThan(8.2);
    // every index is equally likely (circular scheme): 200 per index, sd ≈ √(200·8) ≈ 40
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(340);
  });

  it("keeps serial dependence: lag-1 autocorrelation of an AR(1) is φ·(1 − 1/L) after a stationary resample", () => {
    // Within a block consecutive values are consecutive in the original (correlation φ); a new block
    // starts with probability 1/L and then the pair is independent. So ρ₁* ≈ (1 − 1/L)·φ; i.i.d. gives 0.
    const g = gaussianSampler(seededRandom(14));
    const n = 20_000;
    const x = new Float64Array(n);
    for (let i = 1; i < n; i++) x[i] = 0.5 * x[i - 1]! + g();
    const lag1 = (idx: Int32Array) => {
      let m = 0;
      for (const i of idx) m += x[i]!;
      m /= idx.length;
      let num = 0;
      let den = 0;
      for (let k = 0; k < idx.length; k++) {
        const d = x[idx[k]!]! - m;
        den += d * d;
        if (k > 0) num += d * (x[idx[k - 1]!]! - m);
      }
      return num / den;
    };
    const idx = new Int32Array(n);
    expect(lag1(bootstrapIndices(idx, n, "stationary", seededRandom(2), 10))).toBeCloseTo(0.45, 1);
    expect(Math.abs(lag1(bootstrapIndices(idx, n, "stationary", seededRandom(2), 10)) - 0.45)).toBeLessThan(
      0.03,
    );
    expect(Math.abs(lag1(bootstrapIndices(idx, n, "block", seededRandom(3), 10)) - 0.45)).toBeLessThan(0.03);
    expect(Math.abs(lag1(bootstrapIndices(idx, n, "iid", seededRandom(4))))).toBeLessThan(0.03);
  });

  it("moving blocks are runs of L consecutive indices", () => {
    const out = new Int32Array(30);
    bootstrapIndices(out, 50, "block", seededRandom(1), 5);
    for (let b = 0; b < 6; b++) {
      expect(out[b * 5]!).toBeLessThanOrEqual(45);
      for (let k = 1; k < 5; k++) expect(out[b * 5 + k]).toBe(out[b * 5]! + k);
    }
  });

  it("rejects bad parameters", () => {
    expect(() => bootstrapIndices(new Int32Array(5), 10, "block", seededRandom(1), 11)).toThrow(
      ValidationError,
    );
    expect(() => bootstrapIndices(new Int32Array(5), 0, "iid", seededRandom(1))).toThrow(ValidationError);
  });
});

describe("return Monte Carlo", () => {
  it("max drawdown by hand", () => {
    // equity 1.2, 0.9, 0.99, 1.3068, 0.65340 → worst fall from 1.3068 to 0.6534 = −50%
    expect(compoundedMaxDrawdown([0.2, -0.25, 0.1, 0.32, -0.5])).toBeCloseTo(-0.5, 12);
    expect(compoundedMaxDrawdown([0.01, 0.02])).toBe(0);
  });

  it("i.i.d. resampling: mean final equity is (1 + r̄)^T", () => {
    // Each resampled return has expectation r̄ and draws are independent, so E[Π(1+r*)] = (1+r̄)^T.
    const r = [0.03, -0.02, 0.01, 0.05, -0.04, 0.0, 0.02, -0.01];
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const d = bootstrapReturns(r, { method: "iid", samples: 40_000, seed: 5 });
    const avg = d.finalEquity.reduce((a, b) => a + b, 0) / d.finalEquity.length;
    expect(avg).toBeCloseTo(Math.pow(1 + mean, r.length), 2);
    expect(Math.max(...d.maxDrawdown)).toBeLessThanOrEqual(0);
  });

  it("annualises the Sharpe ratio and reports ruin", () => {
    const r = [0.5, -0.6, 0.4, -0.55, 0.3];
    const a = bootstrapReturns(r, { method: "iid", samples: 200, seed: 2 });
    const b = bootstrapReturns(r, { method: "iid", samples: 200, seed: 2, periodsPerYear: 4 });
    expect(b.sharpe[7]).toBeCloseTo(a.sharpe[7]! * 2, 12);
    expect(a.probabilityOfRuin).toBeGreaterThan(0.3);
    expect(() => bootstrapReturns([0.1, NaN])).toThrow(/bar 1/);
  });

  it("trade shuffles keep final equity and give the enumerated ruin probability", () => {
    // P&L −60, +100, +10 on 100 capital, ruin at ≤ 50. Ruin iff −60 comes first (equity 40) or after
    // +10 only (110 − 60 = 50 ≤ 50): orders (−60,·,·) ×2 and (+10,−60,+100) → 3 of 6 orders.
    const mc = tradeMonteCarlo([-60, 100, 10], {
      kind: "pnl",
      initialCapital: 100,
      samples: 20_000,
      seed: 9,
    });
    expect(Math.max(...mc.finalEquity.map((f) => Math.abs(f - 150)))).toBeLessThan(1e-9);
    expect(mc.probabilityOfRuin).toBeGreaterThan(0.48);
    expect(mc.probabilityOfRuin).toBeLessThan(0.52);
    // Resampling with replacement: 27 equally likely sequences. Ruin iff the running equity reaches ≤ 50:
    // any sequence starting with −60 (9), +10 then −60 (3), +10,+10,−60 → 120−60 = 60 no. So 12/27.
    const rs = tradeMonteCarlo([-60, 100, 10], {
      kind: "pnl",
      initialCapital: 100,
      mode: "resample",
      samples: 27_000,
      seed: 4,
    });
    expect(rs.probabilityOfRuin).toBeGreaterThan(12 / 27 - 0.015);
    expect(rs.probabilityOfRuin).toBeLessThan(12 / 27 + 0.015);
    const compounding = tradeMonteCarlo([0.1, -0.2, 0.3], { samples: 50, seed: 1 });
    for (const f of compounding.finalEquity) expect(f).toBeCloseTo(1.1 * 0.8 * 1.3, 12);
    expect(() => tradeMonteCarlo([1, 2], { kind: "pnl" })).toThrow(ValidationError);
  });
});

describe("BCa intervals", () => {
  it("acceleration of the mean equals Σd³/(6(Σd²)^{3/2})", () => {
    const x = [1, 2, 2, 3, 9, 4, 0, 5];
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    let s2 = 0;
    let s3 = 0;
    for (const v of x) {
      s2 += (v - m) ** 2;
      s3 += (v - m) ** 3;
    }
    const mean = (a: Float64Array) => a.reduce((p, q) => p + q, 0) / a.length;
    const r = bcaInterval(x, mean, { samples: 1000 });
    expect(r.acceleration).toBeCloseTo(s3 / (6 * Math.pow(s2, 1.5)), 12);
    expect(r.estimate).toBeCloseTo(m, 14);
  });

  it("for the mean of a large normal sample approaches x̄ ± 1.96·σ̂/√n", () => {
    const g = gaussianSampler(seededRandom(12));
    const x = new Float64Array(2000);
    for (let i = 0; i < x.length; i++) x[i] = 1 + 2 * g();
    const mean = (a: Float64Array) => a.reduce((p, q) => p + q, 0) / a.length;
    const m = mean(x);
    let v = 0;
    for (const q of x) v += (q - m) ** 2;
    const half = (1.959963984540054 * Math.sqrt(v / x.length)) / Math.sqrt(x.length);
    const r = bcaInterval(x, mean, { samples: 4000, seed: 3 });
    expect(Math.abs(r.lower - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(r.upper - (m + half))).toBeLessThan(0.1 * half);
  });

  it("covers the true Sharpe ratio and profit factor at about the nominal rate", () => {
    // Normal returns μ = 0.1, σ = 1: Sharpe 0.1; profit factor E[r⁺]/E[r⁻] with
    // E[r⁺] = μΦ(μ/σ) + σφ(μ/σ), E[r⁻] = −μΦ(−μ/σ) + σφ(μ/σ).
    const mu = 0.1;
    const pfTrue = (mu * stdNormalCdf(mu) + stdNormalPdf(mu)) / (-mu * stdNormalCdf(-mu) + stdNormalPdf(mu));
    const g = gaussianSampler(seededRandom(77));
    const n = 250;
    const x = new Float64Array(n);
    const reps = 300;
    let coverSr = 0;
    let coverPf = 0;
    for (let k = 0; k < reps; k++) {
      for (let i = 0; i < n; i++) x[i] = mu + g();
      const s = bcaInterval(x, (a) => sampleSharpe(a), { level: 0.9, samples: 500, seed: k + 1 });
      if (s.lower <= mu && mu <= s.upper) coverSr++;
      const p = bcaInterval(x, returnsProfitFactor, { level: 0.9, samples: 500, seed: k + 1 });
      if (p.lower <= pfTrue && pfTrue <= p.upper) coverPf++;
    }
    // binomial sd √(0.09/300) ≈ 0.017
    expect(coverSr / reps).toBeGreaterThan(0.85);
    expect(coverSr / reps).toBeLessThan(0.95);
    expect(coverPf / reps).toBeGreaterThan(0.85);
    expect(coverPf / reps).toBeLessThan(0.95);
  });

  it("report gives nested intervals and ordered drawdown quantiles", () => {
    const g = gaussianSampler(seededRandom(6));
    const x = new Float64Array(500);
    for (let i = 0; i < x.length; i++) x[i] = 0.0005 + 0.01 * g();
    const rep = bootstrapReport(x, { samples: 400, periodsPerYear: 252 });
    const [a, b, c] = rep.intervals;
    // PyBroker's convention: one-sided confidences 97.5/95/90% ↔ two-sided 95/90/80% intervals
    [0.95, 0.9, 0.8].forEach((l, i) => expect(rep.intervals[i]!.level).toBeCloseTo(l, 12));
    expect(a!.sharpe.lower).toBeLessThanOrEqual(b!.sharpe.lower);
    expect(b!.sharpe.lower).toBeLessThanOrEqual(c!.sharpe.lower);
    expect(a!.sharpe.upper).toBeGreaterThanOrEqual(c!.sharpe.upper);
    expect(a!.sharpe.estimate).toBeCloseTo(sampleSharpe(x) * Math.sqrt(252), 12);
    expect(b!.maxDrawdown.estimate).toBeCloseTo(compoundedMaxDrawdown(x), 14);
    const dd = rep.drawdownAtConfidence.map((d) => d.maxDrawdown);
    for (let i = 1; i < dd.length; i++) expect(dd[i]!).toBeGreaterThanOrEqual(dd[i - 1]!);
    expect(() => returnsProfitFactor([0.1, 0.2])).toThrow(ValidationError);
  });
});
