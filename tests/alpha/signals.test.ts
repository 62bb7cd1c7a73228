import { describe, expect, it } from "vitest";
import { ConfigError, type Series } from "../../src/lib/data/index.js";
import {
  bollingerReversionSignal,
  breakoutSignal,
  maCrossoverSignal,
  momentumSignal,
  zScoreReversionSignal,
} from "../../src/lib/alpha/index.js";
import { changeFuture, expectSamePast, pricePath } from "./helpers.js";

const price = (values: number[]): Series => ({
  time: Float64Array.from(values, (_, i) => i * 86_400_000),
  values: Float64Array.from(values),
  name: "p",
});

// 10, 11, 13, 12, 14, 17: daily changes –, 1, 2, −1, 2, 3
const px = price([10, 11, 13, 12, 14, 17]);

describe("time-series momentum", () => {
  it("hand example: (P_t − P_{t−L}) / (σ √L)", () => {
    const v = momentumSignal({ price: px }, { lookback: 2, volWindow: 2 }).values;
    // bar 4: (14 − 13) / (std(−1, 2) = √4.5 × √2)
    expect(v[4]).toBeCloseTo(1 / (Math.sqrt(4.5) * Math.SQRT2), 14);
    // bar 5: (17 − 12) / (std(2, 3) = √0.5 × √2) = 5
    expect(v[5]).toBeCloseTo(5 / (Math.sqrt(0.5) * Math.SQRT2), 14);
    expect(Number.isNaN(v[1]!)).toBe(true);
  });
  it("is positive in an uptrend and negative in a downtrend", () => {
    const up = price(Array.from({ length: 60 }, (_, i) => 10 + i * 0.1 + (i % 3) * 0.05));
    const down = price(Array.from({ length: 60 }, (_, i) => 20 - i * 0.1 + (i % 3) * 0.05));
    expect(momentumSignal({ price: up }, { lookback: 20, volWindow: 10 }).values[59]).toBeGreaterThan(0);
    expect(momentumSignal({ price: down }, { lookback: 20, volWindow: 10 }).values[59]).toBeLessThan(0);
  });
});

describe("moving-average crossover", () => {
  it("SMA hand example: (SMA2 − SMA3) / σ", () => {
    const v = maCrossoverSignal({ price: px }, { fast: 2, slow: 3, kind: "sma", volWindow: 2 }).values;
    // bar 5: SMA2 = 15.5, SMA3 = 43/3, σ = std(2, 3) = √0.5
    expect(v[5]).toBeCloseTo((15.5 - 43 / 3) / Math.sqrt(0.5), 13);
  });
  it("EMA hand example (SMA-seeded, α = 2/(n+1))", () => {
    // EMA2 (α = 2/3) seeded at bar 1 with 10.5; EMA3 (α = 1/2) seeded at bar 2 with 34/3
    let e2 = 10.5;
    for (const p of [13, 12, 14, 17]) e2 += (2 / 3) * (p - e2);
    let e3 = 34 / 3;
    for (const p of [12, 14, 17]) e3 += 0.5 * (p - e3);
    const v = maCrossoverSignal({ price: px }, { fast: 2, slow: 3, volWindow: 2 }).values;
    expect(v[5]).toBeCloseTo((e2 - e3) / Math.sqrt(0.5), 12);
    expect(e2 - e3).toBeCloseTo(15.78395 - 14.91667, 4);
  });
  it("rejects fast ≥ slow", () => {
    expect(() => maCrossoverSignal({ price: px }, { fast: 3, slow: 3 })).toThrow(ConfigError);
  });
});

describe("Donchian breakout", () => {
  it("hand example: 40 (P − mid) / range, ±20 at the channel edges", () => {
    const v = breakoutSignal({ price: px }, { window: 3, smooth: 1 }).values;
    // bar 3: window 11, 13, 12 → mid 12, range 2 → 0; bar 4: 13, 12, 14 → 40 × 1/2 = 20
    expect(v[3]).toBe(0);
    expect(v[4]).toBe(20);
    // bar 2: 10, 11, 13 → mid 11.5, range 3 → 40 × 1.5/3 = 20 (a new high)
    expect(v[2]).toBe(20);
  });
  it("smooths with an EMA of span ⌈window/4⌉", () => {
    const raw = breakoutSignal({ price: px }, { window: 3, smooth: 1 }).values;
    const sm = breakoutSignal({ price: px }, { window: 3, smooth: 2 }).values;
    // raw from bar 2: 20, 0, 20, 20 → EMA2 seeded with the mean of bars 2–3 = 10, then α = 2/3
    expect(raw[5]).toBe(20);
    expect(sm[3]).toBe(10);
    expect(sm[4]).toBeCloseTo(10 + (2 / 3) * 10, 14);
    expect(sm[5]).toBeCloseTo(sm[4]! + (2 / 3) * (20 - sm[4]!), 14);
  });
});

describe("mean reversion", () => {
  const pr = price([10, 10, 10, 10, 7, 9, 11]);
  it("z-score: −(P − mean)/sample std", () => {
    // bar 4: 10, 10, 10, 7 → mean 9.25, sample std 1.5 → z = −1.5 → forecast +1.5
    expect(zScoreReversionSignal({ price: pr }, { window: 4 }).values[4]).toBeCloseTo(1.5, 14);
    // bar 6: 10, 7, 9, 11 → mean 9.25, sample var (0.5625 + 5.0625 + 0.0625 + 3.0625)/3 → z = 1.75/σ
    expect(zScoreReversionSignal({ price: pr }, { window: 4 }).values[6]).toBeCloseTo(
      -1.75 / Math.sqrt(8.75 / 3),
      14,
    );
  });
  it("Bollinger: long below the lower band until the middle, short above the upper", () => {
    // bar 4: mean 9.25, pop σ 1.299 → lower 7.95 > 7 → long; bar 5: mid 9 = price → flat;
    // bar 6: mean 9.25, pop σ √2.1875 = 1.479 → upper 10.73 < 11 → short
    const v = Array.from(bollingerReversionSignal({ price: pr }, { window: 4, k: 1 }).values);
    expect(v.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(v.slice(3)).toEqual([0, 1, 0, -1]);
  });
  it("Bollinger holds the position while between band and middle", () => {
    // long at 7 (bar 4), 8 is still below the middle band → still long
    const v = Array.from(
      bollingerReversionSignal({ price: price([10, 10, 10, 10, 7, 8]) }, { window: 4, k: 1 }).values,
    );
    expect(v[5]).toBe(1);
  });
});

describe("no look-ahead: changing the future leaves earlier forecasts unchanged", () => {
  const p = pricePath(700, 3);
  const cut = 500;
  const moved = changeFuture(p, cut);
  const cases: [string, (s: Series) => Series][] = [
    ["momentum", (s) => momentumSignal({ price: s }, { lookback: 60 })],
    ["ewmac", (s) => maCrossoverSignal({ price: s }, { fast: 16, slow: 64 })],
    ["smacross", (s) => maCrossoverSignal({ price: s }, { fast: 10, slow: 40, kind: "sma" })],
    ["breakout", (s) => breakoutSignal({ price: s }, { window: 40 })],
    ["zscore", (s) => zScoreReversionSignal({ price: s }, { window: 20 })],
    ["bollinger", (s) => bollingerReversionSignal({ price: s }, { window: 20, k: 1.5 })],
  ];
  for (const [name, f] of cases) {
    it(name, () => expectSamePast(f(p), f(moved), cut));
  }
});
