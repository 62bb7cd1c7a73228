import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, ValidationError } from "../../src/lib/data/index.js";
import {
  GradientBoostingModel,
  MlRandomForestModel,
  RandomForestModel,
  binaryTarget,
  createXgboostModel,
  loadModel,
  mlMatrix,
  readModelFile,
  selectRows,
  stackMatrices,
  writeModelFile,
  type MLMatrix,
  type Model,
} from "../../src/lib/alpha/ml/index.js";
import { seededRandom as rng } from "../../src/lib/math/index.js";

const NAMES = ["a", "b", "c", "d", "e"];

/** Rule: class 1 iff a + 0.5 b > 0 (c, d, e irrelevant); or labels independent of the features. */
function dataset(n: number, seed: number, noise: boolean): { x: MLMatrix; y: Float64Array } {
  const r = rng(seed);
  const values = new Float64Array(n * 5);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) values[i * 5 + j] = r() * 2 - 1;
    y[i] = noise ? (r() < 0.5 ? 1 : 0) : values[i * 5]! + 0.5 * values[i * 5 + 1]! > 0 ? 1 : 0;
  }
  return { x: { rows: n, cols: 5, names: NAMES.slice(), values }, y };
}

function accuracy(pred: Float64Array, y: Float64Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) k++;
  return k / y.length;
}

interface Case {
  name: string;
  make: () => Promise<Model>;
  trainRows: number;
  ruleAccuracy: number;
}

const cases: Case[] = [
  { name: "gbm", make: async () => new GradientBoostingModel({ nTrees: 60 }), trainRows: 4000, ruleAccuracy: 0.95 },
  { name: "forest", make: async () => new RandomForestModel({ nTrees: 40 }), trainRows: 4000, ruleAccuracy: 0.93 },
  { name: "ml-random-forest", make: async () => new MlRandomForestModel({ nEstimators: 15 }), trainRows: 800, ruleAccuracy: 0.88 },
  { name: "ml-xgboost", make: async () => createXgboostModel({ iterations: 60 }), trainRows: 3000, ruleAccuracy: 0.93 },
];

describe.each(cases)("$name adapter", ({ make, trainRows, ruleAccuracy }) => {
  it("learns a simple rule to high out-of-sample accuracy", async () => {
    const train = dataset(trainRows, 1, false);
    const test = dataset(3000, 2, false);
    const m = await make();
    m.fit(train.x, train.y);
    expect(accuracy(m.predict(test.x), test.y)).toBeGreaterThan(ruleAccuracy);
    const p = m.predictProba(test.x);
    for (let i = 0; i < p.length; i++) expect(p[i]! >= 0 && p[i]! <= 1).toBe(true);
  });

  it("does not 'learn' pure noise out of sample (accuracy ≈ 50%)", async () => {
    const train = dataset(trainRows, 3, true);
    const test = dataset(3000, 4, true);
    const m = await make();
    m.fit(train.x, train.y);
    // 3000 test rows: the standard error of a coin's accuracy is 0.9%; allow 4 of them.
    expect(Math.abs(accuracy(m.predict(test.x), test.y) - 0.5)).toBeLessThan(0.036);
  });

  it("saves and loads (same predictions), and refuses a different feature list", async () => {
    const train = dataset(Math.min(trainRows, 1000), 5, false);
    const test = dataset(200, 6, false);
    const m = await make();
    m.fit(train.x, train.y);
    const saved = JSON.parse(JSON.stringify(m.save({ dataSnapshot: "sha256:abc" })));
    expect(saved.metadata.featureNames).toEqual(NAMES);
    expect(saved.metadata.dataSnapshot).toBe("sha256:abc");
    expect(saved.metadata.trainRows).toBe(train.x.rows);
    const back = await loadModel(saved, NAMES);
    expect(Array.from(back.predictProba(test.x))).toEqual(Array.from(m.predictProba(test.x)));
    await expect(loadModel(saved, ["a", "b", "c", "d", "f"])).rejects.toBeInstanceOf(ValidationError);
    await expect(loadModel(saved, ["b", "a", "c", "d", "e"])).rejects.toBeInstanceOf(ValidationError);
    const renamed = { ...test.x, names: ["a", "b", "c", "d", "z"] };
    expect(() => m.predict(renamed)).toThrow(ValidationError);
  });
});

describe("bad input", () => {
  it("rejects mismatched lengths, non-binary and NaN targets", () => {
    const { x, y } = dataset(100, 7, false);
    const m = new GradientBoostingModel({ nTrees: 2 });
    expect(() => m.fit(x, y.subarray(0, 99))).toThrow(ValidationError);
    const bad = y.slice();
    bad[10] = 2;
    expect(() => m.fit(x, bad)).toThrow(/row|bar 10/);
    expect(() => binaryTarget([1, NaN])).toThrow(ValidationError);
    expect(() => mlMatrix([Float64Array.from([1, 2]), Float64Array.from([1])], ["p", "q"])).toThrow(ValidationError);
    expect(() => mlMatrix([Float64Array.from([1, Infinity])], ["p"])).toThrow(ValidationError);
    expect(() => m.predict(x)).toThrow(ValidationError); // not trained
  });

  it("adapters without missing-value support name the NaN's row and feature", async () => {
    const { x, y } = dataset(200, 8, false);
    x.values[3 * 5 + 2] = NaN;
    const rf = new MlRandomForestModel({ nEstimators: 2 });
    expect(() => rf.fit(x, y)).toThrow(/bar 3.*field "c"/);
    const xgb = await createXgboostModel({ iterations: 2 });
    expect(() => xgb.fit(x, y)).toThrow(ValidationError);
  });

  it("an unknown kind or format is a DataError; files round-trip", async () => {
    const { x, y } = dataset(300, 9, false);
    const m = new GradientBoostingModel({ nTrees: 5 });
    m.fit(x, y);
    const saved = m.save();
    await expect(loadModel({ ...saved, metadata: { ...saved.metadata, kind: "nope" } }, NAMES)).rejects.toBeInstanceOf(DataError);
    const path = join(mkdtempSync(join(tmpdir(), "qb-ml-")), "m.json");
    writeModelFile(path, saved);
    const back = await loadModel(readModelFile(path), NAMES);
    expect(Array.from(back.predict(x))).toEqual(Array.from(m.predict(x)));
  });
});

describe("GradientBoostingModel by hand", () => {
  it("a one-split stump has the closed-form Newton leaf values", () => {
    // y = 0,0,1,1 on x = 1..4; init log-odds 0 (p = 0.5). Best split x <= 2.
    // Left: G = sum(y - p) = -1, H = sum p(1-p) = 0.5 -> leaf -2 (lambda 0, rate 1). Right: +2.
    const x = mlMatrix([Float64Array.from([1, 2, 3, 4])], ["x"]);
    const m = new GradientBoostingModel({ nTrees: 1, maxDepth: 1, minSamplesLeaf: 1, lambda: 0, learningRate: 1 });
    m.fit(x, Float64Array.from([0, 0, 1, 1]));
    const p = m.predictProba(mlMatrix([Float64Array.from([0, 2, 2.5, 9, NaN])], ["x"]));
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    expect(p[0]).toBeCloseTo(s(-2), 12);
    expect(p[1]).toBeCloseTo(s(-2), 12);
    expect(p[2]).toBeCloseTo(s(2), 12);
    expect(p[3]).toBeCloseTo(s(2), 12);
    expect(p[4]).toBeCloseTo(s(-2), 12); // NaN is ordered below every value: goes left
    expect(Array.from(m.featureImportance()!)).toEqual([1]);
  });

  it("learns from missingness itself (NaN policy)", () => {
    const r = rng(10);
    const n = 2000;
    const col = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const missing = r() < 0.5;
      col[i] = missing ? NaN : r();
      y[i] = missing ? 1 : 0;
    }
    const x = mlMatrix([col], ["m"]);
    const m = new GradientBoostingModel({ nTrees: 5 });
    m.fit(x, y);
    expect(accuracy(m.predict(x), y)).toBe(1);
  });

  it("weights act like repeated rows", () => {
    // Discrete features (10 values each) bin identically with or without duplicates, so a weight of
    // 2 must give the same gradient and hessian sums, hence the same trees, as each row twice.
    const r = rng(11);
    const n = 500;
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => Math.floor(r() * 10)));
    const x = mlMatrix(cols, ["p", "q", "s"]);
    const y = Float64Array.from({ length: n }, (_, i) => (cols[0]![i]! + cols[1]![i]! + 3 * r() > 10 ? 1 : 0));
    const twice = stackMatrices([x, x]);
    const yy = new Float64Array(2 * n);
    yy.set(y);
    yy.set(y, n);
    const a = new GradientBoostingModel({ nTrees: 10, minSamplesLeaf: 1, minChildWeight: 0 });
    a.fit(twice, yy);
    const b = new GradientBoostingModel({ nTrees: 10, minSamplesLeaf: 1, minChildWeight: 0 });
    b.fit(x, y, { weight: new Float64Array(n).fill(2) });
    const probe = selectRows(x, [0, 1, 2, 3, 4, 5]);
    const pa = a.predictProba(probe);
    const pb = b.predictProba(probe);
    for (let i = 0; i < pa.length; i++) expect(pb[i]).toBeCloseTo(pa[i]!, 9);
  });
});

describe("tree prediction paths", () => {
  /** Naive traversal of the saved trees (independent of the packed layouts used by predictProba). */
  function naiveScores(saved: { state: unknown }, x: MLMatrix): Float64Array {
    const t = (saved.state as { trees: { feature: number[]; threshold: (number | null)[]; left: number[]; right: number[]; value: number[]; roots: number[] } }).trees;
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      for (const root of t.roots) {
        let node = root;
        while (t.feature[node]! >= 0) {
          const v = x.values[i * x.cols + t.feature[node]!]!;
          const thr = t.threshold[node] ?? -Infinity;
          node = Number.isNaN(v) || v <= thr ? t.left[node]! : t.right[node]!;
        }
        out[i] += t.value[node]!;
      }
    }
    return out;
  }

  it("the gradient boosting's complete-tree layout agrees with a naive traversal (NaN included)", () => {
    const { x, y } = dataset(3000, 21, false);
    for (let i = 0; i < 3000; i += 7) x.values[i * 5 + (i % 5)] = NaN;
    const m = new GradientBoostingModel({ nTrees: 25 });
    m.fit(x, y);
    const saved = m.save();
    const init = (saved.state as { init: number }).init;
    const test = dataset(1001, 22, false); // odd row count: exercises the 4-row blocks and the remainder
    test.x.values[5] = NaN;
    const naive = naiveScores(saved, test.x);
    const p = m.predictProba(test.x);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-(init + naive[i]!))), 12);
  });

  it("the forest's deep-tree (pointer) layout agrees with a naive traversal", () => {
    const { x, y } = dataset(3000, 23, true);
    const m = new RandomForestModel({ nTrees: 5, maxDepth: 14, minSamplesLeaf: 1 });
    m.fit(x, y);
    const test = dataset(301, 24, true);
    const naive = naiveScores(m.save(), test.x);
    const p = m.predictProba(test.x);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(naive[i]! / 5, 12);
  });
});
