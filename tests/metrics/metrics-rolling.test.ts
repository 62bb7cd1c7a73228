/**
 * Rolling metrics against empyrical's published `roll_*` expectations
 * (quantopian/empyrical `empyrical/tests/test_stats.py` @ 40f61b4: test_roll_sharpe_ratio,
 * test_roll_max_drawdown, test_roll_alpha_beta), against hand-computed windows, and against the
 * scalar metrics (themselves tested independently in metrics.test.ts) applied window by window.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/types.js";
import {
  alphaBeta,
  annualVolatility,
  maxDrawdown,
  sharpeRatio,
  sortinoRatio,
} from "../../src/lib/backtest/metrics.js";
import {
  rollAlphaBeta,
  rollAnnualVolatility,
  rollBeta,
  rollMaxDrawdown,
  rollSharpeRatio,
  rollSortinoRatio,
} from "../../src/lib/backtest/metrics_rolling.js";
import { seededRandom } from "../../src/lib/math/index.js";

const pct = (xs: number[]): number[] => xs.map((x) => x / 100);
const negativeReturns = pct([0, -6, -7, -1, -9, -2, -6, -8, -5]);
const mixedReturns = pct([NaN, 1, 10, -4, 2, 3, 2, 1, -10]);

/** |a − e| < 1.5 × 10^−decimal (numpy's assert_almost_equal). */
function almost(actual: number, expected: number, decimal = 8): void {
  expect(Math.abs(actual - expected)).toBeLessThan(1.5 * 10 ** -decimal);
}

/** Deterministic pseudo-random returns (mulberry32 + Box–Muller) with NaNs sprinkled in. */
function noisy(n: number, seed: number, mean = 0.0004, vol = 0.01, nanEvery = 0): Float64Array {
  const u = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(Math.max(u(), 1e-12))) * Math.cos(2 * Math.PI * u());
    out[i] = nanEvery > 0 && i % nanEvery === 3 ? NaN : mean + vol * z;
  }
  return out;
}

describe("empyrical's published rolling values (window 6, 9 daily returns → the last 4 bars)", () => {
  it("test_roll_sharpe_ratio", () => {
    const m = rollSharpeRatio(mixedReturns, 6);
    const n = rollSharpeRatio(negativeReturns, 6);
    for (let i = 0; i < 5; i++) {
      expect(m[i]).toBeNaN();
      expect(n[i]).toBeNaN();
    }
    [7.57445259, 8.22784105, 8.22784105, -3.1374751].forEach((e, k) => almost(m[5 + k]!, e));
    [-18.09162052, -26.79897486, -26.69138263, -25.72298838].forEach((e, k) => almost(n[5 + k]!, e));
  });
  it("test_roll_max_drawdown", () => {
    const d = rollMaxDrawdown(negativeReturns, 6);
    [-0.2282, -0.2745, -0.2899, -0.2747].forEach((e, k) => almost(d[5 + k]!, e, 4));
  });
  it("test_roll_alpha_beta", () => {
    const ab = rollAlphaBeta(mixedReturns, negativeReturns, 6);
    const expected = [
      [-0.97854954, -0.7826087],
      [-0.9828927, -0.76156584],
      [-0.93166924, -0.61682243],
      [-0.99967288, -0.41311475],
    ];
    expected.forEach(([a, b], k) => {
      almost(ab.alpha[5 + k]!, a!);
      almost(ab.beta[5 + k]!, b!);
    });
    const same = rollAlphaBeta(mixedReturns, mixedReturns, 6);
    const inv = rollAlphaBeta(
      mixedReturns,
      mixedReturns.map((x) => -x),
      6,
    );
    for (let k = 5; k < 9; k++) {
      almost(same.alpha[k]!, 0);
      almost(same.beta[k]!, 1);
      almost(inv.alpha[k]!, 0);
      almost(inv.beta[k]!, -1);
    }
    expect(rollBeta(mixedReturns, negativeReturns, 6)[8]).toBe(ab.beta[8]);
  });
});

describe("by hand", () => {
  it("volatility, window 3 over 1 %, 2 %, 4 %, 1 % (ppy 1): stds of (1,2,4) and (2,4,1) = √(7/3) %", () => {
    // (1,2,4): mean 7/3; deviations −4/3, −1/3, 5/3; Σ² = (16 + 1 + 25)/9 = 42/9; var = 21/9 = 7/3 (in %²).
    const v = rollAnnualVolatility([0.01, 0.02, 0.04, 0.01], 3, { periodsPerYear: 1 });
    almost(v[2]!, Math.sqrt(7 / 3) / 100, 14);
    almost(v[3]!, Math.sqrt(7 / 3) / 100, 14);
  });
  it("Sortino, window 2, target 0 (ppy 1): (−2 %, 4 %) → mean 1 % / √(0.0004/2) = 0.01 / (0.02/√2)", () => {
    const s = rollSortinoRatio([0.05, -0.02, 0.04], 2, { periodsPerYear: 1 });
    almost(s[2]!, 0.01 / (0.02 / Math.SQRT2), 12);
    // (5 %, −2 %): mean 1.5 %, downside √(0.0004/2).
    almost(s[1]!, 0.015 / (0.02 / Math.SQRT2), 12);
    // A window with no loss is +Infinity exactly (the downside sum resets to 0).
    expect(rollSortinoRatio([-0.02, 0.01, 0.03], 2)[2]).toBe(Infinity);
  });
});

describe("each window equals the scalar metric of that window (1,000 returns with NaNs, windows 2, 3, 21, 126)", () => {
  const r = noisy(1000, 7, 0.0004, 0.01, 37);
  const b = noisy(1000, 11, 0.0003, 0.008, 0);
  for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i]!)) r[i] = r[i]! + 0.6 * b[i]!;
  for (const w of [2, 3, 21, 126]) {
    it(`window ${w}`, () => {
      const sh = rollSharpeRatio(r, w, { riskFree: 0.0001 });
      const vo = rollAnnualVolatility(r, w);
      const so = rollSortinoRatio(r, w, { requiredReturn: 0.0002 });
      const md = rollMaxDrawdown(r, w);
      const ab = rollAlphaBeta(r, b, w, { riskFree: 0.0001 });
      for (let t = w - 1; t < r.length; t += 7) {
        const win = r.subarray(t - w + 1, t + 1);
        const rel = (a: number, e: number): void => {
          if (!Number.isFinite(e)) {
            expect(Number.isNaN(a) ? NaN : a).toEqual(e);
            return;
          }
          expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
        };
        rel(sh[t]!, sharpeRatio(win, { riskFree: 0.0001 }));
        rel(vo[t]!, annualVolatility(win));
        rel(so[t]!, sortinoRatio(win, { requiredReturn: 0.0002 }));
        rel(md[t]!, maxDrawdown(win));
        // Two-point betas are ill-conditioned (two nearly equal benchmark returns give |β| ~ 1e6 and α ~ 1e60),
        // where running sums and the two-pass scalar legitimately differ in the last digits: compare from 3 up.
        if (w > 2) {
          const s = alphaBeta(win, b.subarray(t - w + 1, t + 1), { riskFree: 0.0001 });
          rel(ab.beta[t]!, s.beta);
          // α = (1 + a)^252 − 1 multiplies relative errors of a by 252: compare the per-period intercept a.
          const perPeriod = (x: number): number => Math.pow(1 + x, 1 / 252) - 1;
          rel(perPeriod(ab.alpha[t]!), perPeriod(s.alpha));
        }
      }
      for (let t = 0; t < w - 1; t++) expect(sh[t]).toBeNaN();
    });
  }
});

describe("no look-ahead, edge cases, bad input", () => {
  it("changing returns after bar t leaves every rolling value up to t unchanged", () => {
    const r = noisy(300, 3);
    const b = noisy(300, 4);
    const r2 = Float64Array.from(r);
    for (let i = 200; i < 300; i++) r2[i] = r2[i]! * -3 + 0.01;
    const f = [
      (x: Float64Array) => rollSharpeRatio(x, 20),
      (x: Float64Array) => rollAnnualVolatility(x, 20),
      (x: Float64Array) => rollSortinoRatio(x, 20),
      (x: Float64Array) => rollMaxDrawdown(x, 20),
      (x: Float64Array) => rollBeta(x, b, 20),
    ];
    for (const g of f) {
      const a1 = g(r);
      const a2 = g(r2);
      expect(Array.from(a2.subarray(0, 200))).toEqual(Array.from(a1.subarray(0, 200)));
      expect(a2[250]).not.toBe(a1[250]);
    }
  });
  it("shorter than the window → all NaN; empty → empty", () => {
    expect(Array.from(rollSharpeRatio([0.01, 0.02], 5)).every(Number.isNaN)).toBe(true);
    expect(rollMaxDrawdown([], 3).length).toBe(0);
  });
  it("bad input is a ValidationError naming the field", () => {
    expect(() => rollSharpeRatio([0.01, 0.02], 0)).toThrow(ValidationError);
    expect(() => rollSharpeRatio([0.01, 0.02], 1.5)).toThrow(/window/);
    expect(() => rollAnnualVolatility([0.01, Infinity], 2)).toThrow(/bar 1/);
    expect(() => rollAlphaBeta([0.01, 0.02], [0.01], 2)).toThrow(/factorReturns/);
    expect(() => rollSharpeRatio([0.01, 0.02], 2, { riskFree: NaN })).toThrow(/riskFree/);
  });
});
