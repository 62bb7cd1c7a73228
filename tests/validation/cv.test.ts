import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  combinatorialPurgedCv,
  cpcvPathCount,
  purgedKFold,
  type CvSplit,
  type LabelSpans,
} from "../../src/lib/validation/cv.js";
import { seededRandom } from "../../src/lib/validation/stats.js";

/** Random label spans: daily rows, each label lasting 0–15 days; some unlabelled rows. */
function randomSpans(n: number, seed: number, unlabelled = 0): LabelSpans {
  const r = seededRandom(seed);
  const time = new Float64Array(n);
  const endTime = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = i * 86_400_000;
    endTime[i] = r() < unlabelled ? NaN : time[i]! + Math.floor(r() * 16) * 86_400_000;
  }
  return { time, endTime };
}

const overlaps = (s: LabelSpans, i: number, j: number) =>
  (s.time[i] as number) <= (s.endTime[j] as number) && (s.endTime[i] as number) >= (s.time[j] as number);

/** Checks every train/test pair by brute force and that nothing was removed without a reason. */
function checkSplit(s: LabelSpans, split: CvSplit, groupBounds: Int32Array, h: number): void {
  const n = s.time.length;
  const inTrain = new Uint8Array(n);
  const inTest = new Uint8Array(n);
  for (const i of split.train) inTrain[i] = 1;
  for (const j of split.test) inTest[j] = 1;
  let violations = 0;
  for (const i of split.train) for (const j of split.test) if (overlaps(s, i, j)) violations++;
  expect(violations).toBe(0);
  // the test set is exactly the labelled rows of the test groups
  let expectedTest = 0;
  for (const g of split.testGroups) {
    for (let i = groupBounds[g]!; i < groupBounds[g + 1]!; i++)
      if (!Number.isNaN(s.endTime[i] as number)) expectedTest++;
  }
  expect(split.test.length).toBe(expectedTest);
  // every labelled row left out of both sets overlaps a test row or is embargoed
  let unexplained = 0;
  for (let i = 0; i < n; i++) {
    if (inTrain[i] || inTest[i] || Number.isNaN(s.endTime[i] as number)) continue;
    let reason = false;
    for (const j of split.test) if (overlaps(s, i, j)) reason = true;
    for (const g of split.testGroups) {
      const end = groupBounds[g + 1]!;
      if (i >= end && i < end + h) reason = true;
    }
    if (!reason) unexplained++;
  }
  expect(unexplained).toBe(0);
  for (const i of split.train) expect(Number.isNaN(s.endTime[i] as number)).toBe(false);
}

describe("purged k-fold", () => {
  it("purging removes every overlapping label, and only those (brute force)", () => {
    const s = randomSpans(300, 1, 0.05);
    const folds = purgedKFold(s, { folds: 6, embargo: 0.02 });
    expect(folds.length).toBe(6);
    const bounds = Int32Array.from({ length: 7 }, (_, g) => Math.floor((g * 300) / 6));
    for (const f of folds) checkSplit(s, f, bounds, 6);
  });

  it("embargo drops the ⌈embargo·T⌉ rows after the fold (by hand)", () => {
    // 20 rows, point labels (no overlap), 5 folds of 4, embargo 0.1 → 2 rows.
    const t = Float64Array.from({ length: 20 }, (_, i) => i);
    const folds = purgedKFold({ time: t, endTime: t }, { folds: 5, embargo: 0.1 });
    expect(Array.from(folds[1]!.test)).toEqual([4, 5, 6, 7]);
    expect(Array.from(folds[1]!.train)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(Array.from(folds[4]!.train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it("rejects bad spans and parameters", () => {
    const t = Float64Array.from([0, 1, 2, 3]);
    expect(() => purgedKFold({ time: t, endTime: Float64Array.from([0, 0, 2, 3]) })).toThrow(/bar 1/);
    expect(() => purgedKFold({ time: Float64Array.from([0, 2, 1, 3]), endTime: t })).toThrow(ValidationError);
    expect(() => purgedKFold({ time: t, endTime: t }, { folds: 1 })).toThrow(ValidationError);
    expect(() => purgedKFold({ time: t, endTime: t }, { folds: 2, embargo: 1 })).toThrow(ValidationError);
  });
});

describe("combinatorial purged CV", () => {
  it("has C(N,k) splits and φ(N,k) = k/N·C(N,k) complete paths", () => {
    expect(cpcvPathCount(6, 2)).toBe(5); // 2/6 · 15
    expect(cpcvPathCount(10, 3)).toBe(36); // 3/10 · 120
    const s = randomSpans(240, 2);
    const cv = combinatorialPurgedCv(s, { groups: 10, testGroups: 3, embargo: 0.01 });
    expect(cv.splits.length).toBe(120);
    expect(cv.paths.length).toBe(36);
    const used = new Set<string>();
    for (const p of cv.paths) {
      for (let g = 0; g < 10; g++) {
        expect(Array.from(cv.splits[p[g]!]!.testGroups)).toContain(g);
        used.add(`${p[g]}:${g}`);
      }
    }
    expect(used.size).toBe(120 * 3); // every (split, test group) pair used by exactly one path
  });

  it("purges every overlapping label around each test group (brute force)", () => {
    const s = randomSpans(180, 3, 0.1);
    const cv = combinatorialPurgedCv(s, { groups: 6, testGroups: 2, embargo: 0.03 });
    for (const split of cv.splits) checkSplit(s, split, cv.groupBounds, 6);
  });

  it("rejects bad parameters", () => {
    const t = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(() => combinatorialPurgedCv({ time: t, endTime: t }, { groups: 4, testGroups: 4 })).toThrow(
      ValidationError,
    );
    expect(() => combinatorialPurgedCv({ time: t, endTime: t }, { groups: 11 })).toThrow(ValidationError);
  });
});
