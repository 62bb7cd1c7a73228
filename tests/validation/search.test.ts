import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  gridCandidates,
  gridSearch,
  nestedSearch,
  randomCandidates,
  randomSearch,
  tpeSearch,
  type SearchObjective,
  type SearchSpace,
  type ValidationRange,
} from "../../src/lib/validation/search.js";

describe("grid and random search", () => {
  it("enumerates the cartesian product and finds the known maximum", () => {
    const grid = { fast: [5, 10, 20], slow: [50, 100, 150, 200] };
    const c = gridCandidates(grid);
    expect(c.length).toBe(12);
    expect(c[0]).toEqual({ fast: 5, slow: 50 });
    expect(c[1]).toEqual({ fast: 5, slow: 100 });
    expect(c[11]).toEqual({ fast: 20, slow: 200 });
    // −(fast − 10)² − (slow − 140)²/100: best on the grid is fast 10, slow 150 (−1 vs −16 at 100)
    const r = gridSearch(
      grid,
      (p) => -(((p.fast as number) - 10) ** 2) - ((p.slow as number) - 140) ** 2 / 100,
    );
    expect(r.best.params).toEqual({ fast: 10, slow: 150 });
    expect(r.best.score).toBeCloseTo(-1, 12);
    expect(r.trials.length).toBe(12);
  });

  it("draws inside the bounds, ints to the end points, log scales log-uniformly", () => {
    const draws = randomCandidates(
      {
        n: { kind: "int", low: 2, high: 5 },
        lr: { kind: "float", low: 1e-3, high: 10, log: true },
        m: { kind: "choice", values: ["a", "b"] },
      },
      8000,
      4,
    );
    const counts = new Map<number, number>();
    const lr: number[] = [];
    for (const d of draws) {
      counts.set(d.n as number, (counts.get(d.n as number) ?? 0) + 1);
      lr.push(d.lr as number);
      expect(["a", "b"]).toContain(d.m);
    }
    expect([...counts.keys()].sort()).toEqual([2, 3, 4, 5]);
    for (const c of counts.values()) expect(Math.abs(c - 2000)).toBeLessThan(200); // sd ≈ 39
    lr.sort((a, b) => a - b);
    expect(lr[0]!).toBeGreaterThanOrEqual(1e-3);
    expect(lr[lr.length - 1]!).toBeLessThanOrEqual(10);
    // log-uniform median = geometric mean √(1e-3 · 10) = 0.1
    expect(Math.log10(lr[4000]!)).toBeCloseTo(-1, 1);
  });
});

describe("TPE", () => {
  const space: SearchSpace = {
    x: { kind: "float", low: -3, high: 3 },
    y: { kind: "float", low: -3, high: 3 },
    z: { kind: "float", low: 0.01, high: 100, log: true },
  };
  // maximum 0 at x = 1, y = −0.5, z = 1
  const objective: SearchObjective = (p) =>
    -(((p.x as number) - 1) ** 2) - ((p.y as number) + 0.5) ** 2 - Math.log10(p.z as number) ** 2;

  it("beats random search with the same budget (known optimum 0)", () => {
    let tpeRegret = 0;
    let randomRegret = 0;
    for (let seed = 1; seed <= 8; seed++) {
      tpeRegret += -tpeSearch(space, objective, { trials: 80, seed }).best.score;
      randomRegret += -randomSearch(space, objective, { trials: 80, seed }).best.score;
    }
    expect(tpeRegret / 8).toBeLessThan(0.1);
    expect(tpeRegret).toBeLessThan(randomRegret / 2);
  });

  it("handles choice and int parameters", () => {
    const r = tpeSearch(
      { kind: { kind: "choice", values: ["a", "b", "c"] }, n: { kind: "int", low: 1, high: 50 } },
      (p) => (p.kind === "b" ? 1 : 0) - Math.abs((p.n as number) - 17) / 50,
      { trials: 60, seed: 2 },
    );
    expect(r.best.params.kind).toBe("b");
    expect(Number.isInteger(r.best.params.n)).toBe(true);
    expect(Math.abs((r.best.params.n as number) - 17)).toBeLessThanOrEqual(3);
  });

  it("rejects non-finite scores and bad spaces", () => {
    expect(() => tpeSearch(space, () => NaN, { trials: 3 })).toThrow(ValidationError);
    expect(() => randomCandidates({ x: { kind: "float", low: 0, high: 1, log: true } }, 3)).toThrow(
      ValidationError,
    );
    expect(() => randomCandidates({ x: { kind: "float", low: 2, high: 1 } }, 3)).toThrow(ValidationError);
    expect(() => gridCandidates({ a: [] })).toThrow(ValidationError);
  });
});

describe("nested train/validation/test search", () => {
  it("chooses on validation among the best train trials and touches test once", () => {
    const ranges = {
      train: { start: 0, end: 100 },
      validation: { start: 100, end: 150 },
      test: { start: 150, end: 200 },
    };
    // Train scores: a = 4 looks best (overfit), then 3, 2, 1. Validation prefers a = 2. Test score = 10·a + 1.
    const trainScore: Record<number, number> = { 1: 0.1, 2: 0.5, 3: 0.7, 4: 0.9 };
    const validScore: Record<number, number> = { 1: 0.4, 2: 0.3, 3: 0.1, 4: -0.2 };
    const calls: ValidationRange[] = [];
    const evaluate = (p: Record<string, unknown>, r: ValidationRange) => {
      calls.push(r);
      const a = p.a as number;
      if (r.start === 0) return trainScore[a]!;
      if (r.start === 100) return validScore[a]!;
      return 10 * a + 1;
    };
    const res = nestedSearch({ ranges, evaluate, method: "grid", grid: { a: [1, 2, 3, 4] }, topK: 3 });
    // top 3 on train: 4, 3, 2 → validation −0.2, 0.1, 0.3 → chosen a = 2 (a = 1 never reaches validation)
    expect(res.chosen).toEqual({ a: 2 });
    expect(res.trainScore).toBe(0.5);
    expect(res.validationScore).toBe(0.3);
    expect(res.testScore).toBe(21);
    expect(calls.filter((r) => r.start === 150).length).toBe(1);
    expect(calls.filter((r) => r.start === 100).length).toBe(3);
  });

  it("rejects overlapping ranges", () => {
    expect(() =>
      nestedSearch({
        ranges: {
          train: { start: 0, end: 100 },
          validation: { start: 90, end: 150 },
          test: { start: 150, end: 200 },
        },
        evaluate: () => 0,
        method: "grid",
        grid: { a: [1] },
      }),
    ).toThrow(ValidationError);
  });
});
