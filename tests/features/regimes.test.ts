import { describe, expect, it } from "vitest";
import {
  cusumChangePoints,
  fDistributionUpperP,
  hurstDfa,
  hurstRS,
  peltChangePoints,
  regularizedIncompleteBeta,
  seasonality,
  studentTTwoSidedP,
  volatilityRegimes,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";

/** Deterministic standard normal draws. */
function normals(n: number, seed = 7): Float64Array {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe("Hurst exponent", () => {
  it("R/S of one chunk by hand", () => {
    // x = 1, 3, 2, 6: mean 3, deviations −2, 0, −1, 3 → Y = −2, −2, −3, 0 → R = 0 − (−3) = 3
    // population S = √((4 + 0 + 1 + 9)/4) = √3.5 ; the range includes Y₀ = 0 as the start
    const fit = hurstRS(Float64Array.of(1, 3, 2, 6, 1, 3, 2, 6, 1, 3, 2, 6, 1, 3, 2, 6), [4, 8, 16]);
    expect(fit.values[0]).toBeCloseTo(3 / Math.sqrt(3.5), 14);
  });
  it("DFA: a profile that is exactly linear in each box has F = 0; white noise α ≈ 0.5", () => {
    // constant increments → the profile of the demeaned series is flat → F(n) = 0 for every n
    const noise = normals(8192);
    const dfa = hurstDfa(noise);
    expect(dfa.exponent).toBeGreaterThan(0.43);
    expect(dfa.exponent).toBeLessThan(0.57);
    // a random walk's increments integrated once more: DFA of the walk itself ≈ 1.5
    const walk = new Float64Array(8192);
    let acc = 0;
    for (let i = 0; i < walk.length; i++) walk[i] = acc += noise[i]!;
    expect(hurstDfa(walk).exponent).toBeGreaterThan(1.35);
    // persistent (trending) increments: H well above 0.5 by both methods
    const trend = Float64Array.from(noise, (v, i) => v + 0.02 * i);
    expect(hurstRS(trend).exponent).toBeGreaterThan(0.8);
  });
  it("R/S of white noise is near 0.5 (with the classical small-window upward bias)", () => {
    const h = hurstRS(normals(8192, 3)).exponent;
    expect(h).toBeGreaterThan(0.45);
    expect(h).toBeLessThan(0.65);
  });
  it("bad input", () => {
    expect(() => hurstRS(Float64Array.of(1, NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), [4, 8])).toThrow(ValidationError);
    expect(() => hurstDfa(normals(20))).toThrow(/at least 3 window sizes/);
  });
});

describe("change points", () => {
  it("CUSUM by hand: S⁺ accumulates z − k and alarms when it exceeds h", () => {
    // mean 0, std 1, k = 0.5, h = 2: z = 1, 1, 1, 1 → S⁺ = 0.5, 1, 1.5, 2, then 2.5 > 2 at the fifth
    const x = Float64Array.of(1, 1, 1, 1, 1, 0, 0);
    const a = cusumChangePoints(x, { mean: 0, std: 1, k: 0.5, h: 2 });
    expect(a.index).toEqual([4]);
    expect(a.direction).toEqual([1]);
    const b = cusumChangePoints(Float64Array.of(-3, NaN, -3), { mean: 0, std: 1, k: 0.5, h: 4 });
    expect(b.index).toEqual([2]);
    expect(b.direction).toEqual([-1]);
    // estimated from a warm-up of 3: mean 2, sample std 2 → z(6) = 2 → S⁺ = 1.5, 3, 4.5 > 4 at bar 5
    expect(cusumChangePoints(Float64Array.of(0, 2, 4, 6, 6, 6), { warmup: 3, h: 4 }).index).toEqual([5]);
  });
  it("CUSUM detects a 1.5σ shift soon after it happens and not before", () => {
    const z = normals(600, 11);
    const x = Float64Array.from(z, (v, i) => v + (i >= 300 ? 1.5 : 0));
    // known in-control mean and σ; h = 8 makes a false alarm in 300 bars very unlikely (ARL₀ in the tens of thousands)
    const a = cusumChangePoints(x, { mean: 0, std: 1, h: 8 });
    expect(a.index.filter((i) => i < 300)).toEqual([]);
    expect(a.index[0]!).toBeGreaterThanOrEqual(300);
    expect(a.index[0]!).toBeLessThan(330);
  });
  it("PELT is exact: it equals brute-force optimal partitioning", () => {
    const z = normals(160, 5);
    const x = Float64Array.from(z, (v, i) => v * 0.5 + (i < 50 ? 0 : i < 110 ? 3 : -1));
    for (const cost of ["mean", "meanvar"] as const) {
      const beta = 2 * Math.log(x.length);
      const sigma = 0.5;
      const c = (a: number, b: number) => {
        let s = 0;
        for (let i = a; i < b; i++) s += x[i]!;
        const m = s / (b - a);
        let sse = 0;
        for (let i = a; i < b; i++) sse += (x[i]! - m) ** 2;
        return cost === "mean" ? sse / (sigma * sigma) : (b - a) * Math.log(Math.max(sse / (b - a), 1e-300));
      };
      // optimal partitioning, O(n²) with no pruning
      const n = x.length;
      const minSize = 2;
      const f = new Float64Array(n + 1).fill(Infinity);
      const last = new Int32Array(n + 1);
      f[0] = -beta;
      for (let t = minSize; t <= n; t++) {
        for (let tau = 0; tau <= t - minSize; tau++) {
          if (tau !== 0 && tau < minSize) continue;
          const v = f[tau]! + c(tau, t) + beta;
          if (v < f[t]!) {
            f[t] = v;
            last[t] = tau;
          }
        }
      }
      const ref: number[] = [];
      for (let t = n; t > 0; t = last[t]!) if (last[t]! > 0) ref.unshift(last[t]!);
      expect(peltChangePoints(x, { cost: cost, sigma: sigma, penalty: beta, minSize: 2 }), cost).toEqual(ref);
    }
  });
  it("PELT finds known mean shifts", () => {
    const z = normals(300, 9);
    const x = Float64Array.from(z, (v, i) => 0.3 * v + (i < 100 ? 0 : i < 200 ? 2 : 1));
    expect(peltChangePoints(x)).toEqual([100, 200]);
    expect(() => peltChangePoints(Float64Array.of(1, 1, 1, 1, 1))).toThrow(/sigma/);
  });
});

describe("volatility regimes", () => {
  it("calm, then stormy, by trailing ranks", () => {
    // 300 bars of ±0.1% moves, then 100 bars of ±3%: the stormy stretch ranks at the top
    const p = new Float64Array(400);
    p[0] = 100;
    for (let i = 1; i < 400; i++) p[i] = p[i - 1]! * (1 + (i % 2 ? 1 : -1) * (i < 300 ? 0.001 : 0.03) * (1 + (i % 7) / 10));
    const r = volatilityRegimes(p, 10, 100);
    expect(Number.isNaN(r[100]!)).toBe(true); // warm-up: 10 returns + 100 vol values
    expect(r[320]).toBe(2);
    // no look-ahead: changing the future leaves the past alone
    const q = p.slice();
    for (let i = 350; i < 400; i++) q[i] = q[i]! * 1.2;
    expect(volatilityRegimes(q, 10, 100).subarray(0, 350)).toEqual(r.subarray(0, 350));
    expect(() => volatilityRegimes(p, 10, 100, 0.7, 0.6)).toThrow(ValidationError);
  });
});

describe("seasonality and its distributions", () => {
  it("incomplete beta, t and F p-values against closed forms and tables", () => {
    // I_x(1, b) = 1 − (1 − x)^b ; I_x(a, 1) = x^a
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    // F(2, d2): P(F > f) = (1 + 2f/d2)^(−d2/2)
    expect(fDistributionUpperP(3, 2, 20)).toBeCloseTo((1 + 6 / 20) ** -10, 13);
    // t with 1 df is Cauchy: P(|T| > t) = 1 − 2·atan(t)/π
    expect(studentTTwoSidedP(1.7, 1)).toBeCloseTo(1 - (2 * Math.atan(1.7)) / Math.PI, 13);
    // tables: t(0.975, 30) = 2.042272
    expect(studentTTwoSidedP(2.042272, 30)).toBeCloseTo(0.05, 6);
  });
  it("a Monday effect planted in noise is found; pure noise is not", () => {
    const n = 3000;
    const z = normals(n, 21);
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, 0, 3) + i * 86_400_000);
    const planted = Float64Array.from(z, (v, i) => v + (new Date(time[i]!).getUTCDay() === 1 ? 0.5 : 0));
    const s = seasonality(time, planted, "dayOfWeek");
    const monday = s.group.indexOf(1);
    expect(s.tStat[monday]!).toBeGreaterThan(5);
    expect(s.pValue[monday]!).toBeLessThan(1e-6);
    expect(s.anovaP).toBeLessThan(1e-6);
    const noise = seasonality(time, z, "month");
    expect(noise.group).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(noise.anovaP).toBeGreaterThan(0.01);
  });
  it("group means, Welch t and ANOVA F by hand", () => {
    // two Mondays (1, 3) and two Tuesdays (5, 7): means 2 and 6, variances 2 and 2
    const t = Float64Array.of(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 8), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 9));
    const s = seasonality(t, Float64Array.of(1, 3, 5, 7), "dayOfWeek");
    expect(s.group).toEqual([1, 2]);
    expect([...s.mean]).toEqual([2, 6]);
    expect(s.tStat[0]).toBeCloseTo((2 - 6) / Math.sqrt(2 / 2 + 2 / 2), 14);
    // between SS = 2·4 + 2·4 = 16 (grand mean 4), within SS = 2 + 2 = 4 → F = (16/1)/(4/2) = 8
    expect(s.anovaF).toBeCloseTo(8, 13);
    expect(s.anovaP).toBeCloseTo(fDistributionUpperP(8, 1, 2), 15);
  });
});
