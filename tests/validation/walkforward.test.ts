import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  smaCrossoverEvaluator,
  walkForwardAnalysis,
  walkForwardWindows,
  walkForwardWindowsByMonth,
  type SmaCrossoverParams,
} from "../../src/lib/validation/walkforward.js";
import { gaussianSampler, seededRandom } from "../../src/lib/validation/stats.js";
import { randomCandidates, tpeSearch, type ParamSet } from "../../src/lib/validation/search.js";

/** Independent Sharpe: mean / sample sd, computed the textbook two-pass way. */
function sharpe(x: ArrayLike<number>): number {
  const a = Array.from(x);
  const m = a.reduce((p, q) => p + q, 0) / a.length;
  const sd = Math.sqrt(a.reduce((p, q) => p + (q - m) ** 2, 0) / (a.length - 1));
  return m / sd;
}

function randomWalks(k: number, n: number, seed: number): Float64Array[] {
  const g = gaussianSampler(seededRandom(seed));
  return Array.from({ length: k }, () => {
    const c = new Float64Array(n);
    let p = 100;
    for (let i = 0; i < n; i++) {
      p *= Math.exp(0.01 * g());
      c[i] = p;
    }
    return c;
  });
}

describe("walk-forward windows", () => {
  it("rolling and anchored windows by hand", () => {
    expect(walkForwardWindows(10, { train: 4, test: 2 })).toEqual([
      { trainStart: 0, trainEnd: 4, testStart: 4, testEnd: 6 },
      { trainStart: 2, trainEnd: 6, testStart: 6, testEnd: 8 },
      { trainStart: 4, trainEnd: 8, testStart: 8, testEnd: 10 },
    ]);
    const a = walkForwardWindows(10, { train: 4, test: 3, step: 1, anchored: true });
    expect(a.length).toBe(4);
    expect(a[3]).toEqual({ trainStart: 0, trainEnd: 7, testStart: 7, testEnd: 10 });
    expect(() => walkForwardWindows(5, { train: 4, test: 2 })).toThrow(ValidationError);
  });

  it("calendar windows: 12 months train, 3 months test, 1 month step", () => {
    // every calendar day from 2015-01-01 to 2017-12-31
    const day = 86_400_000;
    const t0 = Date.UTC(2015, 0, 1);
    const time = Float64Array.from({ length: 1096 }, (_, i) => t0 + i * day);
    const w = walkForwardWindowsByMonth(time, { trainMonths: 12, testMonths: 3, stepMonths: 1 });
    // 2015 has 365 days: 2016-01-01 is bar 365; 2016-04-01 is bar 365 + 31 + 29 + 31 = 456
    expect(w[0]).toEqual({ trainStart: 0, trainEnd: 365, testStart: 365, testEnd: 456 });
    // second window starts 2015-02-01 (bar 31), tests 2016-02-01 (bar 396) … 2016-05-01 (bar 486)
    expect(w[1]).toEqual({ trainStart: 31, trainEnd: 396, testStart: 396, testEnd: 486 });
    // last test must end by 2018-01-01: test start months 2016-01 … 2017-10 → 22 windows
    expect(w.length).toBe(22);
  });
});

describe("walk-forward analysis", () => {
  it("chooses the IS-best candidate (brute force) and stitches its OOS returns", () => {
    const closes = randomWalks(2, 900, 1);
    const evaluate = smaCrossoverEvaluator(closes);
    const candidates: SmaCrossoverParams[] = [];
    for (const fast of [3, 5, 8]) for (const slow of [20, 40]) candidates.push({ fast, slow });
    const windows = walkForwardWindows(900, { train: 300, test: 150 });
    const wf = walkForwardAnalysis({ windows, candidates, evaluate });
    expect(wf.windows.length).toBe(4);
    let k = 0;
    let eq = 1;
    for (const w of wf.windows) {
      const scores = candidates.map((c) =>
        sharpe(evaluate(c, { start: w.window.trainStart, end: w.window.trainEnd })),
      );
      const best = scores.indexOf(Math.max(...scores));
      expect(w.candidateIndex).toBe(best);
      expect(w.isScore).toBeCloseTo(scores[best]!, 12);
      const oos = evaluate(candidates[best]!, { start: w.window.testStart, end: w.window.testEnd });
      expect(w.oosScore).toBeCloseTo(sharpe(oos), 12);
      for (let i = 0; i < oos.length; i++) {
        expect(wf.oosReturns[k]).toBe(oos[i]);
        expect(wf.oosIndex[k]).toBe(w.window.testStart + i);
        eq *= 1 + oos[i]!;
        expect(wf.oosEquity[k]).toBeCloseTo(eq, 12);
        k++;
      }
    }
    expect(k).toBe(600);
    expect(wf.degradation).toBeCloseTo(wf.meanIsScore - wf.meanOosScore, 15);
  });

  it("uses each bar once when test windows overlap", () => {
    const closes = randomWalks(1, 400, 2);
    const windows = walkForwardWindows(400, { train: 100, test: 90, step: 30 });
    const wf = walkForwardAnalysis({
      windows,
      candidates: [{ fast: 2, slow: 10 }],
      evaluate: smaCrossoverEvaluator(closes),
    });
    const last = windows[windows.length - 1]!;
    expect(wf.oosReturns.length).toBe(last.testEnd - windows[0]!.testStart);
    for (let i = 1; i < wf.oosIndex.length; i++) expect(wf.oosIndex[i]).toBe(wf.oosIndex[i - 1]! + 1);
  });

  it("shows IS→OOS degradation on noise: OOS Sharpe ≈ 0, IS Sharpe inflated by selection", () => {
    const closes = randomWalks(3, 2000, 3);
    const candidates: SmaCrossoverParams[] = [];
    for (let fast = 2; fast <= 20; fast += 2)
      for (let slow = 30; slow <= 210; slow += 20) candidates.push({ fast, slow });
    const wf = walkForwardAnalysis({
      windows: walkForwardWindows(2000, { train: 250, test: 125 }),
      candidates,
      evaluate: smaCrossoverEvaluator(closes),
    });
    // The stitched OOS Sharpe of a no-edge strategy has se ≈ 1/√1750 ≈ 0.024.
    expect(Math.abs(wf.oosScore)).toBeLessThan(0.075);
    expect(wf.meanIsScore).toBeGreaterThan(0.05); // best of 100 on 250 bars (se of one ≈ 0.063)
    expect(wf.degradation).toBeGreaterThan(0.03);
  });

  it("reports parameter stability from a select function", () => {
    const closes = randomWalks(1, 600, 4);
    const wf = walkForwardAnalysis({
      windows: walkForwardWindows(600, { train: 200, test: 100 }),
      select: (_train, w) => ({ fast: 2 + 2 * w, slow: 50 }),
      evaluate: smaCrossoverEvaluator(closes),
    });
    // fast = 2, 4, 6, 8: mean 5, sample sd √(20/3)
    expect(wf.paramStability.fast!.mean).toBe(5);
    expect(wf.paramStability.fast!.std).toBeCloseTo(Math.sqrt(20 / 3), 14);
    expect(wf.paramStability.slow!.std).toBe(0);
    expect(wf.paramChangeRate).toBe(1);
    expect(wf.windows[0]!.candidateIndex).toBe(-1);
  });
});

describe("walk-forward with a sampler", () => {
  // Returns whose Sharpe ratio peaks at a = 5 before bar 500 and at a = 15 after it:
  // r_t = 0.01·z_t + 0.001·(1 − (a − target_t)²/25), the noise z_t not depending on a.
  const g = gaussianSampler(seededRandom(31));
  const z = Float64Array.from({ length: 1000 }, () => g());
  const evaluate = (p: ParamSet, range: { start: number; end: number }) => {
    const out = new Float64Array(range.end - range.start);
    for (let t = range.start; t < range.end; t++) {
      const target = t < 500 ? 5 : 15;
      out[t - range.start] = 0.01 * z[t]! + 0.001 * (1 - ((p.a as number) - target) ** 2 / 25);
    }
    return out;
  };
  const windows = walkForwardWindows(1000, { train: 200, test: 100 });

  it("re-optimises with TPE in each training window and tracks the moving optimum", () => {
    const wf = walkForwardAnalysis({
      windows,
      evaluate,
      select: (train) =>
        tpeSearch({ a: { kind: "float", low: 0, high: 20 } }, (p) => sharpe(evaluate(p, train)), {
          trials: 40,
          seed: train.start + 1,
        }).best.params,
    });
    for (const w of wf.windows) {
      const a = w.params.a as number;
      if (w.window.trainEnd <= 500) expect(Math.abs(a - 5)).toBeLessThan(1);
      if (w.window.trainStart >= 500) expect(Math.abs(a - 15)).toBeLessThan(1);
    }
  });

  it("accepts sampled candidates", () => {
    const candidates = randomCandidates({ a: { kind: "float", low: 0, high: 20 } }, 60, 5);
    const wf = walkForwardAnalysis({ windows, candidates, evaluate });
    const last = wf.windows[wf.windows.length - 1]!;
    // the best of 60 uniform draws on [0, 20] lies within 1 of 15 (P(no draw there) = 0.9^60 ≈ 0.002)
    expect(Math.abs((last.params.a as number) - 15)).toBeLessThan(1);
  });
});

describe("SMA crossover evaluator", () => {
  it("matches a hand computation (fast 1, slow 2 = yesterday's move)", () => {
    // pos_t = sign(c[t−1] − (c[t−1]+c[t−2])/2) = sign(c[t−1] − c[t−2]) for t ≥ 2
    const a = Float64Array.from([10, 11, 12, 11, 11, 12]);
    const b = Float64Array.from([20, 19, 18, 19, 20, 21]);
    const r = smaCrossoverEvaluator([a, b])({ fast: 1, slow: 2 }, { start: 0, end: 6 });
    const ra = [0, 0, 12 / 11 - 1, 11 / 12 - 1, -(11 / 11 - 1), 0];
    const rb = [0, 0, -(18 / 19 - 1), -(19 / 18 - 1), 20 / 19 - 1, 21 / 20 - 1];
    for (let t = 0; t < 6; t++) expect(r[t]).toBeCloseTo((ra[t]! + rb[t]!) / 2, 15);
    const part = smaCrossoverEvaluator([a, b])({ fast: 1, slow: 2 }, { start: 3, end: 5 });
    expect(part[0]).toBeCloseTo(r[3]!, 15);
  });

  it("rejects bad input", () => {
    expect(() => smaCrossoverEvaluator([Float64Array.from([1, NaN])])).toThrow(/bar 1/);
    const ev = smaCrossoverEvaluator([Float64Array.from([1, 2, 3])]);
    expect(() => ev({ fast: 3, slow: 2 }, { start: 0, end: 3 })).toThrow(ValidationError);
    expect(() =>
      walkForwardAnalysis({
        windows: [{ trainStart: 0, trainEnd: 2, testStart: 2, testEnd: 3 }],
        candidates: [1],
        evaluate: () => new Float64Array(5),
      }),
    ).toThrow(ValidationError);
  });
});
