import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  deflatedSharpeFromTrials,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  minTrackRecordLength,
  probabilisticSharpeRatio,
  sharpeEstimate,
  sharpePosterior,
  sharpePosteriorSamples,
  sharpeStdError,
} from "../../src/lib/validation/sharpe.js";
import {
  gaussianSampler,
  returnMoments,
  sampleSharpe,
  seededRandom,
  stdNormalCdf,
} from "../../src/lib/validation/stats.js";

describe("deflated Sharpe ratio", () => {
  it("reproduces the numerical example of Bailey & López de Prado (2014)", () => {
    // "The Deflated Sharpe Ratio", JPM 40(5), section "A numerical example": N = 100 trials, annualised
    // variance of trial Sharpe ratios V = 1/2, best annualised SR 2.5 over T = 1250 daily observations
    // (250 per year), skewness −3, kurtosis 10 → SR₀ ≈ 0.1132 (non-annualised) and DSR ≈ 0.9004.
    const r = deflatedSharpeRatio({
      sr: 2.5 / Math.sqrt(250),
      n: 1250,
      skewness: -3,
      kurtosis: 10,
      nTrials: 100,
      trialVariance: 0.5 / 250,
    });
    expect(r.sr0).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 3);
  });

  it("expected maximum approximates E[max of N standard normals] (Tippett 1925 tables)", () => {
    // E[max Z_1..Z_N]: N = 10 → 1.53875, N = 100 → 2.50759, N = 1000 → 3.24144
    expect(expectedMaxSharpe(100, 1) / 2.50759).toBeCloseTo(1, 1);
    expect(Math.abs(expectedMaxSharpe(100, 1) / 2.50759 - 1)).toBeLessThan(0.015);
    expect(Math.abs(expectedMaxSharpe(1000, 1) / 3.24144 - 1)).toBeLessThan(0.01);
    expect(Math.abs(expectedMaxSharpe(10, 1) / 1.53875 - 1)).toBeLessThan(0.05);
    expect(expectedMaxSharpe(1, 0.3, 0.02)).toBe(0.02);
    // scales with √V
    expect(expectedMaxSharpe(100, 4)).toBeCloseTo(2 * expectedMaxSharpe(100, 1), 12);
  });

  it("expected maximum matches a simulation of skill-less strategies", () => {
    // 40 strategies of 250 N(0,1) returns: Var(SR̂) ≈ 1/249; average the best SR̂ over 300 experiments.
    const g = gaussianSampler(seededRandom(11));
    const T = 250;
    const N = 40;
    const x = new Float64Array(T);
    let sumMax = 0;
    const reps = 300;
    for (let k = 0; k < reps; k++) {
      let best = -Infinity;
      for (let j = 0; j < N; j++) {
        for (let t = 0; t < T; t++) x[t] = g();
        best = Math.max(best, sampleSharpe(x));
      }
      sumMax += best;
    }
    const simulated = sumMax / reps; // se ≈ 0.4/√(249·300) ≈ 0.0015
    expect(Math.abs(simulated - expectedMaxSharpe(N, 1 / (T - 1)))).toBeLessThan(0.01);
  });
});

describe("Sharpe ratio standard error and PSR", () => {
  it("reduces to Lo's (1 + SR²/2)/(T−1) for normal returns", () => {
    expect(sharpeStdError(0.2, 101)).toBeCloseTo(Math.sqrt(1.02 / 100), 15);
    expect(probabilisticSharpeRatio({ sr: 0.05, n: 401 }, 0.01)).toBeCloseTo(
      stdNormalCdf((0.04 * 20) / Math.sqrt(1 + 0.05 ** 2 / 2)),
      14,
    );
  });

  it("uses the raw kurtosis: simulated SR̂ dispersion of skewed returns matches the formula", () => {
    // Returns r = μ + (E − 1), E ~ Exp(1): skewness 2, raw kurtosis 9, σ = 1. With μ = 0.5 (SR = 0.5):
    // raw kurtosis   → 1 − 2·0.5 + (9−1)/4·0.25 = 0.5
    // excess (6)     → 1 − 1 + (6−1)/4·0.25 = 0.3125 (would be wrong)
    const rand = seededRandom(5);
    const T = 400;
    const reps = 4000;
    const x = new Float64Array(T);
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < reps; k++) {
      for (let t = 0; t < T; t++) x[t] = 0.5 - Math.log(1 - rand()) - 1;
      const sr = sampleSharpe(x);
      s1 += sr;
      s2 += sr * sr;
    }
    const mean = s1 / reps;
    const sd = Math.sqrt(s2 / reps - mean * mean);
    const formula = sharpeStdError(0.5, T, { skewness: 2, kurtosis: 9 });
    expect(formula).toBeCloseTo(Math.sqrt(0.5 / (T - 1)), 15);
    expect(Math.abs(sd / formula - 1)).toBeLessThan(0.05); // sd of the sd estimate ≈ 1.1%
    expect(Math.abs(sd / Math.sqrt(0.3125 / (T - 1)) - 1)).toBeGreaterThan(0.15);
  });

  it("is calibrated: PSR(SR*) exceeds 0.95 about 5% of the time when SR = SR*", () => {
    const g = gaussianSampler(seededRandom(8));
    const T = 500;
    const x = new Float64Array(T);
    const trueSr = 0.05;
    let hits = 0;
    const reps = 3000;
    for (let k = 0; k < reps; k++) {
      for (let t = 0; t < T; t++) x[t] = trueSr + g();
      if (probabilisticSharpeRatio(sharpeEstimate(x), trueSr) > 0.95) hits++;
    }
    // binomial sd √(0.05·0.95/3000) ≈ 0.004
    expect(hits / reps).toBeGreaterThan(0.035);
    expect(hits / reps).toBeLessThan(0.065);
  });

  it("sharpeEstimate takes moments from the returns", () => {
    const r = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02];
    const e = sharpeEstimate(r);
    const m = returnMoments(r);
    expect(e.sr).toBeCloseTo(m.mean / m.std, 15);
    expect(e.n).toBe(6);
  });
});

describe("minimum track record length", () => {
  it("matches the closed form and makes PSR equal the confidence", () => {
    // SR 0.08/day, skew −1, raw kurt 6, SR* 0.02, 95%:
    // 1 + (1 + 0.08 + 5/4·0.0064)·(1.6448536269514722/0.06)² = 1 + 1.088·751.55...
    const z = 1.6448536269514722;
    const expected = 1 + 1.088 * (z / 0.06) ** 2;
    const m = minTrackRecordLength({ sr: 0.08, skewness: -1, kurtosis: 6 }, 0.02, 0.95);
    expect(m).toBeCloseTo(expected, 9);
    expect(probabilisticSharpeRatio({ sr: 0.08, n: m, skewness: -1, kurtosis: 6 }, 0.02)).toBeCloseTo(
      0.95,
      12,
    );
    expect(minTrackRecordLength({ sr: 0.01 }, 0.02)).toBe(Infinity);
  });
});

describe("Bayesian posterior of the Sharpe ratio", () => {
  it("with a flat prior is centred on SR̂ and P(SR>0) equals PSR(0)", () => {
    const est = { sr: 0.07, n: 300, skewness: -0.5, kurtosis: 5 };
    const p = sharpePosterior(est);
    expect(p.mean).toBeCloseTo(0.07, 15);
    expect(p.std).toBeCloseTo(Math.sqrt((1 + 0.035 + 1 * 0.0049) / 299), 15);
    expect(p.probPositive).toBeCloseTo(probabilisticSharpeRatio(est, 0), 14);
    expect(p.upper - p.mean).toBeCloseTo(1.959963984540054 * p.std, 12);
  });

  it("has calibrated credible intervals when the true SR is drawn from the prior", () => {
    const rand = seededRandom(21);
    const g = gaussianSampler(rand);
    const T = 250;
    const x = new Float64Array(T);
    const priorStd = 0.08;
    let covered = 0;
    const reps = 1500;
    for (let k = 0; k < reps; k++) {
      const trueSr = priorStd * g();
      for (let t = 0; t < T; t++) x[t] = trueSr + g();
      const p = sharpePosterior(sharpeEstimate(x), { priorMean: 0, priorStd }, 0.9);
      if (trueSr >= p.lower && trueSr <= p.upper) covered++;
    }
    // binomial sd √(0.09/1500) ≈ 0.0077
    expect(covered / reps).toBeGreaterThan(0.87);
    expect(covered / reps).toBeLessThan(0.93);
  });

  it("rejects bad input", () => {
    expect(() => sharpeStdError(0.1, 1)).toThrow(ValidationError);
    expect(() => sharpeStdError(0.1, 100, { kurtosis: 0.5 })).toThrow(/raw kurtosis/);
    expect(() => sharpeStdError(NaN, 100)).toThrow(ValidationError);
    expect(() => expectedMaxSharpe(0, 1)).toThrow(ValidationError);
    expect(() => expectedMaxSharpe(10, -1)).toThrow(ValidationError);
    expect(() => sharpePosterior({ sr: 0.1, n: 50 }, { priorStd: 0 })).toThrow(ValidationError);
    expect(() => minTrackRecordLength({ sr: 0.1 }, 0, 1)).toThrow(ValidationError);
  });
});

describe("deflatedSharpeFromTrials", () => {
  it("selects the best trial and deflates by the trials' Sharpe dispersion (by hand)", () => {
    const trials = [
      [0.01, -0.02, 0.03, 0.0, 0.01, -0.01],
      [0.02, 0.01, -0.01, 0.03, 0.02, 0.0],
      [-0.01, 0.0, 0.01, -0.02, 0.0, 0.01],
    ];
    const sr = trials.map((t) => {
      const m = t.reduce((a, b) => a + b, 0) / t.length;
      return m / Math.sqrt(t.reduce((a, b) => a + (b - m) ** 2, 0) / (t.length - 1));
    });
    const mean = (sr[0]! + sr[1]! + sr[2]!) / 3;
    const v = sr.reduce((a, b) => a + (b - mean) ** 2, 0) / 2;
    const r = deflatedSharpeFromTrials(trials);
    expect(r.selected).toBe(1);
    expect(r.estimate.sr).toBeCloseTo(sr[1]!, 14);
    expect(r.trialVariance).toBeCloseTo(v, 14);
    expect(r.sr0).toBeCloseTo(expectedMaxSharpe(3, v), 14);
    const m = returnMoments(trials[1]!);
    const se = Math.sqrt((1 - m.skewness * sr[1]! + ((m.kurtosis - 1) / 4) * sr[1]! ** 2) / 5);
    expect(r.dsr).toBeCloseTo(stdNormalCdf((sr[1]! - r.sr0) / se), 12);
    expect(deflatedSharpeFromTrials(trials, { effectiveTrials: 2 }).sr0).toBeCloseTo(
      expectedMaxSharpe(2, v),
      14,
    );
    expect(() => deflatedSharpeFromTrials([trials[0]!])).toThrow(ValidationError);
  });
});

describe("exact posterior of the Sharpe ratio for normal returns (Jeffreys prior)", () => {
  it("P(SR > 0) is the Student-t probability P(μ > 0) = F_t(√T·r̄/s; T−1)", () => {
    // T = 3 → ν = 2, where F_t(t) = 1/2 + t/(2√(2 + t²)).
    const r = [0.02, -0.01, 0.035];
    const mean = (0.02 - 0.01 + 0.035) / 3;
    const s = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    const t = (Math.sqrt(3) * mean) / s;
    const expected = 0.5 + t / (2 * Math.sqrt(2 + t * t));
    const draws = sharpePosteriorSamples(r, 200_000, 5);
    const share = draws.filter((d) => d > 0).length / draws.length;
    expect(Math.abs(share - expected)).toBeLessThan(0.004); // MC se ≈ 0.001
  });

  it("agrees with the normal approximation for long samples", () => {
    const g = gaussianSampler(seededRandom(17));
    const x = Float64Array.from({ length: 1000 }, () => 0.0005 + 0.01 * g());
    const d = sharpePosteriorSamples(x, 40_000, 3);
    const m = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (d.length - 1));
    const approx = sharpePosterior(sharpeEstimate(x));
    expect(Math.abs(m - approx.mean)).toBeLessThan(0.002);
    expect(Math.abs(sd / approx.std - 1)).toBeLessThan(0.03);
  });

  it("gives credible intervals with about nominal frequentist coverage on short samples", () => {
    const g = gaussianSampler(seededRandom(23));
    const T = 30;
    const trueSr = 0.3;
    const x = new Float64Array(T);
    let covered = 0;
    const reps = 400;
    for (let k = 0; k < reps; k++) {
      for (let i = 0; i < T; i++) x[i] = trueSr + g();
      const d = sharpePosteriorSamples(x, 2000, k + 1).sort();
      if (d[100]! <= trueSr && trueSr <= d[1899]!) covered++;
    }
    // 90% interval; binomial sd √(0.09/400) = 0.015
    expect(covered / reps).toBeGreaterThan(0.85);
    expect(covered / reps).toBeLessThan(0.95);
    expect(() => sharpePosteriorSamples([0.1, 0.2])).toThrow(ValidationError);
  });
});
