import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  GradientBoostingModel,
  classificationAccuracy,
  foldImportance,
  importanceRanks,
  logLoss,
  permutationImportance,
  rankStability,
  type MLMatrix,
} from "../../src/lib/alpha/ml/index.js";
import { OneFeatureModel, ruleData } from "./helpers.js";

describe("scores", () => {
  it("log-loss and accuracy by hand", () => {
    const p = Float64Array.from([0.9, 0.2, 0.6, 0]);
    const y = Float64Array.from([1, 0, 0, 0]);
    expect(logLoss(p, y)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(1 - 1e-15)) / 4, 12);
    expect(classificationAccuracy(p, y)).toBe(0.75);
    expect(() => logLoss(p, y.subarray(1))).toThrow(ValidationError);
  });
});

describe("permutationImportance", () => {
  it("is exactly zero for a feature the model ignores and positive for the one it uses", () => {
    // p = x0 on x0 uniform in [0,1]; y = 1 iff x0 > 0.5
    const n = 400;
    const x: MLMatrix = { rows: n, cols: 2, names: ["used", "ignored"], values: new Float64Array(2 * n) };
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x.values[2 * i] = (i + 0.5) / n;
      x.values[2 * i + 1] = Math.sin(i);
      y[i] = x.values[2 * i]! > 0.5 ? 1 : 0;
    }
    const m = new OneFeatureModel(0);
    const res = permutationImportance(m, x, y, { repeats: 3 });
    expect(res.baseline).toBeCloseTo(logLoss(Float64Array.from({ length: n }, (_, i) => x.values[2 * i]!), y), 15);
    expect(res.importance[1]).toBe(0);
    expect(res.std[1]).toBe(0);
    expect(res.importance[0]).toBeGreaterThan(0.2);
    // the input matrix is left untouched
    expect(x.values[0]).toBe(0.5 / n);
  });

  it("ranks the rule's features above the irrelevant ones for a trained GBM (out of sample)", () => {
    const tr = ruleData(3000, 1);
    const te = ruleData(2000, 2);
    const m = new GradientBoostingModel({ nTrees: 40 });
    m.fit(tr.x, tr.y);
    const { importance } = permutationImportance(m, te.x, te.y, { repeats: 2 });
    expect(importance[0]).toBeGreaterThan(importance[1]!);
    for (const j of [2, 3, 4]) {
      expect(importance[1]).toBeGreaterThan(importance[j]! + 0.05);
      expect(Math.abs(importance[j]!)).toBeLessThan(0.02);
    }
  });
});

describe("rank stability", () => {
  it("averages pairwise Spearman correlations computed by hand", () => {
    const ranks = importanceRanks(Float64Array.from([0.2, 0.9, 0.2, -1]));
    expect(Array.from(ranks)).toEqual([2.5, 1, 2.5, 4]);
    // Folds rank (a, b, c, d) as 1234, 1243 and 4321. Spearman 1 - 6·Σd²/(n(n²-1)), n(n²-1) = 60:
    // folds 1-2: Σd² = 2 -> 0.8; folds 1-3: Σd² = 20 -> -1; folds 2-3: d = (-3, -1, 2, 2), Σd² = 18 -> -0.8.
    const s = rankStability([Float64Array.from([4, 3, 2, 1]), Float64Array.from([4, 3, 1, 2]), Float64Array.from([1, 2, 3, 4])]);
    expect(s.meanSpearman).toBeCloseTo((0.8 - 1 - 0.8) / 3, 12);
    expect(s.meanRank[0]).toBe(2);
    expect(s.meanRank[1]).toBeCloseTo(7 / 3, 12);
    expect(s.meanRank[2]).toBe(3);
    expect(s.meanRank[3]).toBeCloseTo(8 / 3, 12);
    expect(s.rankStd[0]).toBeCloseTo(Math.sqrt(3), 12); // ranks 1,1,4 -> var = (1+1+4)/2 = 3
    expect(() => rankStability([Float64Array.from([1])])).toThrow(ValidationError);
  });

  it("per-fold importance of a rule is stable across out-of-sample folds", () => {
    const { x, y } = ruleData(3000, 5);
    const folds = [0, 1, 2].map((k) => {
      const test = Int32Array.from({ length: 1000 }, (_, i) => k * 1000 + i);
      const train = Int32Array.from({ length: 3000 }, (_, i) => i).filter((i) => i < k * 1000 || i >= (k + 1) * 1000);
      return { train, test };
    });
    const res = foldImportance(() => new GradientBoostingModel({ nTrees: 30 }), x, y, folds, { repeats: 1 });
    expect(res.permutation.length).toBe(3);
    for (const p of res.permutation) expect(importanceRanks(p)[0]).toBe(1);
    for (const imp of res.impurity) expect(imp![0]! + imp![1]!).toBeGreaterThan(0.8);
    expect(res.stability.meanRank[0]).toBe(1);
    expect(res.stability.meanRank[1]).toBe(2);
    expect(res.stability.rankStd[0]).toBe(0);
  });
});
