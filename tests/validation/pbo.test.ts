import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import { binomialCoefficient, cscvPbo } from "../../src/lib/validation/pbo.js";
import { gaussianSampler, seededRandom } from "../../src/lib/validation/stats.js";

function noiseMatrix(n: number, t: number, seed: number, means: number[] = []): Float64Array[] {
  const g = gaussianSampler(seededRandom(seed));
  const out: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = new Float64Array(t);
    const mu = means[j] ?? 0;
    for (let i = 0; i < t; i++) c[i] = mu + g();
    out.push(c);
  }
  return out;
}

describe("CSCV probability of backtest overfitting", () => {
  it("enumerates all C(S, S/2) splits", () => {
    expect(binomialCoefficient(16, 8)).toBe(12870);
    expect(binomialCoefficient(10, 5)).toBe(252);
    const r = cscvPbo(noiseMatrix(5, 120, 1), { blocks: 6 });
    expect(r.splits).toBe(20);
    expect(r.logits.length).toBe(20);
  });

  it("matches a case computed by hand (mean metric, S = 2)", () => {
    // A = (1,1,−1,−1): block means (1, −1). B = (0,0,½,½): block means (0, ½).
    // IS = block 0 → A best IS, OOS A = −1 < B = ½ → rank 1 of 2, ω = 1/3, λ = ln(1/2).
    // IS = block 1 → B best IS, OOS B = 0 < A = 1 → rank 1, λ = ln(1/2). PBO = 1.
    const r = cscvPbo([Float64Array.from([1, 1, -1, -1]), Float64Array.from([0, 0, 0.5, 0.5])], {
      blocks: 2,
      metric: "mean",
    });
    expect(Array.from(r.selected)).toEqual([0, 1]);
    expect(Array.from(r.relativeRanks)).toEqual([1 / 3, 1 / 3]);
    expect(r.logits[1]).toBeCloseTo(Math.log(0.5), 15);
    expect(r.pbo).toBe(1);
    expect(Array.from(r.oosPerformance)).toEqual([-1, 0]);
    expect(r.probabilityOfLoss).toBe(0.5);
    expect(r.degradation.slope).toBeCloseTo(-2, 12);
    expect(r.degradation.intercept).toBeCloseTo(1, 12);
    expect(r.degradation.r2).toBeCloseTo(1, 12);
  });

  it("matches a Sharpe-metric case computed by hand (three configurations, S = 2)", () => {
    // Blocks of 3 rows. Sharpe = mean / sample sd.
    // X: block0 (1,2,3) → 2/1 = 2;  block1 (0,1,−1) → 0/1 = 0
    // Y: block0 (0,2,4) → 2/2 = 1;  block1 (1,2,3) → 2
    // Z: block0 (−1,0,1) → 0;       block1 (2,4,6) → 4/2 = 2 (tie with Y)
    // IS = 0: X best; OOS X = 0 is below Y and Z: rank 1, ω = 1/4, λ = ln(1/3).
    // IS = 1: Y and Z tie at 2; the first (Y) is kept. OOS Y = 1, X = 2, Z = 0: rank 2, ω = 1/2, λ = 0.
    const r = cscvPbo(
      [
        Float64Array.from([1, 2, 3, 0, 1, -1]),
        Float64Array.from([0, 2, 4, 1, 2, 3]),
        Float64Array.from([-1, 0, 1, 2, 4, 6]),
      ],
      { blocks: 2 },
    );
    expect(Array.from(r.selected)).toEqual([0, 1]);
    expect(r.logits[0]).toBeCloseTo(Math.log(1 / 3), 14);
    expect(r.logits[1]).toBeCloseTo(0, 14);
    expect(r.pbo).toBe(1); // λ ≤ 0 in both
    expect(Array.from(r.isPerformance)).toEqual([2, 2]);
  });

  it("is about 1/2 for pure-noise configurations", () => {
    // PBO of one data set varies a lot (the splits share data); average over independent data sets.
    let sum = 0;
    let logitMean = 0;
    const sets = 12;
    for (let s = 0; s < sets; s++) {
      const r = cscvPbo(noiseMatrix(40, 600, 100 + s), { blocks: 8 });
      sum += r.pbo;
      logitMean += r.logits.reduce((a, b) => a + b, 0) / r.splits;
    }
    expect(sum / sets).toBeGreaterThan(0.38);
    expect(sum / sets).toBeLessThan(0.62);
    expect(Math.abs(logitMean / sets)).toBeLessThan(0.5);
  });

  it("is about 0 when one configuration truly dominates", () => {
    const means = new Array<number>(40).fill(0);
    means[17] = 0.3; // per-period Sharpe 0.3 against pure noise
    const r = cscvPbo(noiseMatrix(40, 600, 7, means), { blocks: 8 });
    expect(r.pbo).toBeLessThan(0.02);
    expect(Array.from(r.selected).filter((j) => j === 17).length / r.splits).toBeGreaterThan(0.98);
    expect(r.probabilityOfLoss).toBe(0);
  });

  it("rejects bad input", () => {
    const m = noiseMatrix(3, 40, 2);
    expect(() => cscvPbo(m, { blocks: 5 })).toThrow(ValidationError);
    expect(() => cscvPbo([m[0]!], { blocks: 4 })).toThrow(ValidationError);
    expect(() => cscvPbo([m[0]!, m[1]!.subarray(0, 30)], { blocks: 4 })).toThrow(ValidationError);
    const bad = Float64Array.from(m[2]!);
    bad[7] = NaN;
    expect(() => cscvPbo([m[0]!, bad], { blocks: 4 })).toThrow(/bar 7/);
    expect(() => cscvPbo(m, { blocks: 32 })).toThrow(ValidationError);
  });
});
