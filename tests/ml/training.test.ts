import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, ValidationError } from "../../src/lib/data/index.js";
import {
  GradientBoostingModel,
  calibrationReport,
  crossValidateModel,
  datasetFingerprint,
  listModelVersions,
  loadModelVersion,
  probabilityToPosition,
  purgeOverlappingLabels,
  purgeSplits,
  saveModelVersion,
  selectModel,
  walkForward,
  type MLMatrix,
} from "../../src/lib/alpha/ml/index.js";
import { combinatorialPurgedCv, purgedKFold } from "../../src/lib/validation/index.js";
import { OneFeatureModel, rng, ruleData } from "./helpers.js";

/** Brute force: does [s, e] overlap any test span [s_j, e_j + embargo]? */
function overlapsAnyTest(i: number, test: Int32Array, t: Float64Array, e: Float64Array, embargo: number): boolean {
  for (const j of test) if (t[i]! <= e[j]! + embargo && e[i]! >= t[j]!) return true;
  return false;
}

describe("purgeOverlappingLabels", () => {
  it("removes every training label that overlaps a test label, and only those (random spans)", () => {
    const r = rng(3);
    for (let trial = 0; trial < 30; trial++) {
      const n = 200;
      // unsorted rows (as when instruments are stacked), spans of 1..15 time units
      const t = Float64Array.from({ length: n }, () => Math.floor(r() * 300));
      const e = Float64Array.from(t, (s) => s + 1 + Math.floor(r() * 15));
      const isTest = Uint8Array.from({ length: n }, (_, i) => (trial % 2 ? t[i]! >= 100 && t[i]! < 160 : r() < 0.1) ? 1 : 0);
      const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => isTest[i] === 1);
      const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => isTest[i] === 0);
      const embargo = trial % 3 === 0 ? 0 : 5;
      const kept = purgeOverlappingLabels(train, test, t, e, embargo);
      const want = Array.from(train).filter((i) => !overlapsAnyTest(i, test, t, e, embargo));
      expect(Array.from(kept)).toEqual(want);
      expect(want.length).toBeLessThan(train.length); // the purge did remove something
      for (const i of kept) expect(overlapsAnyTest(i, test, t, e, embargo)).toBe(false);
    }
  });

  it("purgeSplits purges every split's training rows", () => {
    const t = Float64Array.from({ length: 30 }, (_, i) => i);
    const e = Float64Array.from({ length: 30 }, (_, i) => i + 2);
    const all = Int32Array.from({ length: 30 }, (_, i) => i);
    const splits = [0, 1, 2].map((k) => ({ test: all.filter((i) => Math.floor(i / 10) === k), train: all.filter((i) => Math.floor(i / 10) !== k) }));
    const purged = purgeSplits(splits, t, e, 1);
    // fold 1 (rows 10..19, spans to 21, +1 embargo): rows 8, 9 (ending at 10, 11) and 20..22 go
    expect(Array.from(purged[1]!.train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 23, 24, 25, 26, 27, 28, 29]);
    expect(purged[1]!.test).toBe(splits[1]!.test);
  });

  it("rejects unlabelled rows and bad arguments", () => {
    const t = Float64Array.from([0, 1, 2]);
    const e = Float64Array.from([1, NaN, 3]);
    expect(() => purgeOverlappingLabels(Int32Array.from([1]), Int32Array.from([2]), t, e)).toThrow(ValidationError);
    expect(() => purgeOverlappingLabels(Int32Array.from([0]), Int32Array.from([2]), t, e, -1)).toThrow(ValidationError);
    expect(() => purgeOverlappingLabels(Int32Array.from([0]), Int32Array.from([2]), t, e.subarray(1))).toThrow(ValidationError);
  });

  it("accepts the validation module's purged k-fold splits (nothing left to purge)", () => {
    const n = 300;
    const time = Float64Array.from({ length: n }, (_, i) => i);
    const endTime = Float64Array.from({ length: n }, (_, i) => Math.min(n - 1, i + 10));
    for (const split of purgedKFold({ time, endTime }, { folds: 5 })) {
      const kept = purgeOverlappingLabels(split.train, split.test, time, endTime);
      expect(kept.length).toBe(split.train.length);
      const unpurged = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !split.test.includes(i));
      expect(purgeOverlappingLabels(unpurged, split.test, time, endTime).length).toBe(split.train.length);
    }
  });
});

describe("crossValidateModel and selectModel", () => {
  const { x, y } = ruleData(2000, 9);
  const time = Float64Array.from({ length: 2000 }, (_, i) => i);
  const endTime = Float64Array.from({ length: 2000 }, (_, i) => i + 5);
  const splits = [0, 1, 2, 3].map((k) => {
    const test = Int32Array.from({ length: 500 }, (_, i) => k * 500 + i);
    const train = Int32Array.from({ length: 2000 }, (_, i) => i).filter((i) => i < k * 500 || i >= (k + 1) * 500);
    return { train, test };
  });

  it("purges each split, scores every test row once, and learns the rule out of sample", () => {
    const cv = crossValidateModel(() => new GradientBoostingModel({ nTrees: 30 }), x, y, splits, { time, endTime, embargo: 2 });
    // fold 0: rows 500..506 overlap/embargo the test span [0, 504+2]; inner folds lose 5 before and 7 after
    expect(cv.folds.map((f) => f.purged)).toEqual([7, 12, 12, 5]);
    expect(cv.proba.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(cv.meanAccuracy).toBeGreaterThan(0.93);
  });

  it("takes combinatorial purged CV splits (CPCV with embargo) from the validation module", () => {
    const cpcv = combinatorialPurgedCv({ time, endTime }, { groups: 5, testGroups: 2, embargo: 0.01 });
    // validation embargoes the 20 rows (1%) after a test group; here the embargo runs from the end of the
    // test labels (last test row + 5), so 15 time units reach the same row
    const cv = crossValidateModel(() => new GradientBoostingModel({ nTrees: 20 }), x, y, cpcv.splits, { time, endTime, embargo: 15 });
    expect(cv.folds.length).toBe(10); // C(5, 2)
    for (let s = 0; s < cpcv.splits.length; s++) {
      // the validation module's splits are already purged and embargoed: nothing left to remove
      expect(cv.folds[s]!.purged).toBe(0);
      expect(cv.folds[s]!.testRows).toBe(800);
    }
    expect(cv.meanAccuracy).toBeGreaterThan(0.9);
  });

  it("selects the model with the lower out-of-sample log-loss", () => {
    const sel = selectModel(
      [
        { name: "uses-c-only", make: () => new OneFeatureModel(2) },
        { name: "gbm", make: () => new GradientBoostingModel({ nTrees: 30 }) },
      ],
      x,
      y,
      splits,
      { time, endTime },
    );
    expect(sel.best).toBe("gbm");
    expect(sel.results[1]!.cv.meanAccuracy).toBeLessThan(0.6);
  });
});

describe("walkForward", () => {
  it("trains only on labels settled before each retrain, within the window, and predicts forward", () => {
    // two instruments stacked (rows not in time order); features carry each row's time and end time
    const n = 400;
    const time = new Float64Array(n);
    const endTime = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = i < 200 ? i : i - 200;
      endTime[i] = time[i]! + 7;
    }
    const x: MLMatrix = { rows: n, cols: 2, names: ["time", "end"], values: new Float64Array(2 * n) };
    for (let i = 0; i < n; i++) {
      x.values[2 * i] = time[i]!;
      x.values[2 * i + 1] = endTime[i]!;
    }
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const models: OneFeatureModel[] = [];
    const res = walkForward(
      () => {
        const m = new OneFeatureModel(0);
        models.push(m);
        return m;
      },
      x,
      y,
      time,
      endTime,
      { start: 50, every: 30, window: 60, minTrainRows: 10 },
    );
    expect(res.steps.map((s) => s.trainedAt)).toEqual([50, 80, 110, 140, 170]);
    res.steps.forEach((step, k) => {
      const seen = models[k]!.lastFit!;
      let minT = Infinity;
      let maxEnd = -Infinity;
      for (let i = 0; i < seen.rows; i++) {
        minT = Math.min(minT, seen.values[2 * i]!);
        maxEnd = Math.max(maxEnd, seen.values[2 * i + 1]!);
      }
      expect(maxEnd).toBeLessThan(step.trainedAt); // purged: every label settled before T
      expect(minT).toBeGreaterThanOrEqual(step.trainedAt - 60);
      // rows with time in [T-60, T-8] for both instruments
      expect(step.trainRows).toBe(2 * (step.trainedAt - 7 - Math.max(0, step.trainedAt - 60)));
      expect(step.predictedRows).toBe(2 * 30);
    });
    for (let i = 0; i < n; i++) {
      if (time[i]! < 50) expect(Number.isNaN(res.proba[i]!)).toBe(true);
      else expect(res.proba[i]).toBe(1); // clip(time) = 1: predicted by some model
    }
  });

  it("keeps saved model versions with the data snapshot when asked", () => {
    const { x, y } = ruleData(600, 4);
    const time = Float64Array.from({ length: 600 }, (_, i) => i);
    const endTime = Float64Array.from({ length: 600 }, (_, i) => i + 3);
    const snap = datasetFingerprint(x, y);
    const res = walkForward(() => new GradientBoostingModel({ nTrees: 5 }), x, y, time, endTime, {
      start: 300,
      every: 150,
      keepModels: true,
      dataSnapshot: snap,
    });
    expect(res.steps.length).toBe(2);
    expect(res.steps[0]!.saved!.metadata.dataSnapshot).toBe(snap);
    expect(res.steps[1]!.saved!.metadata.trainRows).toBe(447); // rows 0..446 have endTime < 450
  });

  it("rejects unlabelled rows and mismatched lengths", () => {
    const { x, y } = ruleData(10, 1);
    const t = Float64Array.from({ length: 10 }, (_, i) => i);
    const e = Float64Array.from(t);
    e[3] = NaN;
    expect(() => walkForward(() => new GradientBoostingModel(), x, y, t, e, { start: 5, every: 1 })).toThrow(ValidationError);
    expect(() => walkForward(() => new GradientBoostingModel(), x, y.subarray(1), t, t, { start: 5, every: 1 })).toThrow(ValidationError);
  });
});

describe("calibrationReport", () => {
  it("computes the reliability table, Brier score and ECE by hand", () => {
    const c = calibrationReport(Float64Array.from([0.1, 0.15, 0.8, 0.9, NaN]), Float64Array.from([0, 1, 1, 1, 0]), 2);
    expect(Array.from(c.count)).toEqual([2, 2]);
    expect(c.meanPredicted[0]).toBeCloseTo(0.125, 15);
    expect(c.observed[0]).toBe(0.5);
    expect(c.meanPredicted[1]).toBeCloseTo(0.85, 15);
    expect(c.observed[1]).toBe(1);
    expect(c.brier).toBeCloseTo((0.01 + 0.7225 + 0.04 + 0.01) / 4, 15);
    expect(c.ece).toBeCloseTo(0.5 * 0.375 + 0.5 * 0.15, 15);
    expect(c.skipped).toBe(1);
  });

  it("a calibrated forecaster has a small ECE; a miscalibrated one does not", () => {
    const r = rng(12);
    const n = 20000;
    const p = Float64Array.from({ length: n }, () => r());
    const y = Float64Array.from(p, (q) => (r() < q ? 1 : 0));
    expect(calibrationReport(p, y).ece).toBeLessThan(0.02);
    const over = Float64Array.from(p, (q) => (q > 0.5 ? 1 : 0));
    expect(calibrationReport(over, y).ece).toBeGreaterThan(0.2);
  });
});

describe("probabilityToPosition", () => {
  it("matches 2Φ(z) − 1 from normal tables", () => {
    // p = 0.75: z = 0.25/√0.1875 = 0.57735, Φ(z) = 0.718149 -> 0.436297
    const pos = probabilityToPosition(Float64Array.from([0.75, 0.5, 0.25, 0, NaN]));
    expect(pos[0]).toBeCloseTo(0.436297, 5);
    expect(pos[1]).toBe(0);
    expect(pos[2]).toBeCloseTo(-0.436297, 5);
    expect(pos[3]).toBe(-1);
    expect(Number.isNaN(pos[4]!)).toBe(true);
    const stepped = probabilityToPosition(Float64Array.from([0.75]), { step: 0.25, maxPosition: 10 });
    expect(stepped[0]).toBe(5);
    const meta = probabilityToPosition(Float64Array.from([0.75, 0.25, 0.75]), { side: Float64Array.from([-1, 1, NaN]) });
    expect(meta[0]).toBeCloseTo(-0.436297, 5);
    expect(meta[1]).toBe(0);
    expect(Number.isNaN(meta[2]!)).toBe(true);
    expect(() => probabilityToPosition(Float64Array.from([1.2]))).toThrow(ValidationError);
  });
});

describe("model versions", () => {
  it("saves numbered versions with the data fingerprint and loads the latest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-ml-versions-"));
    const { x, y } = ruleData(300, 2);
    const snap = datasetFingerprint(x, y);
    const changed = { ...x, values: x.values.slice() };
    changed.values[7] = changed.values[7]! + 1e-9;
    expect(datasetFingerprint(changed, y)).not.toBe(snap);
    expect(datasetFingerprint({ ...x, names: ["a", "b", "c", "d", "z"] }, y)).not.toBe(snap);
    const m1 = new GradientBoostingModel({ nTrees: 3 });
    m1.fit(x, y);
    const m2 = new GradientBoostingModel({ nTrees: 6 });
    m2.fit(x, y);
    expect(saveModelVersion(dir, "gas-signal", m1, { dataSnapshot: snap })).toBe(1);
    expect(saveModelVersion(dir, "gas-signal", m2, { dataSnapshot: snap, notes: { label: "triple-barrier" } })).toBe(2);
    expect(listModelVersions(dir, "gas-signal")).toEqual([1, 2]);
    const latest = await loadModelVersion(dir, "gas-signal", x.names);
    expect(latest.version).toBe(2);
    expect(latest.saved.metadata.params.nTrees).toBe(6);
    expect(latest.saved.metadata.dataSnapshot).toBe(snap);
    expect(latest.saved.metadata.notes).toEqual({ label: "triple-barrier", version: 2 });
    expect(Array.from(latest.model.predictProba(x))).toEqual(Array.from(m2.predictProba(x)));
    const first = await loadModelVersion(dir, "gas-signal", x.names, 1);
    expect(first.saved.metadata.params.nTrees).toBe(3);
    await expect(loadModelVersion(dir, "gas-signal", ["a", "b"])).rejects.toBeInstanceOf(ValidationError);
    await expect(loadModelVersion(dir, "gas-signal", x.names, 9)).rejects.toBeInstanceOf(DataError);
    expect(() => saveModelVersion(dir, "../evil", m1, { dataSnapshot: snap })).toThrow(ValidationError);
  });
});
