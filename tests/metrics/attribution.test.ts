/** Exposure, turnover and P&L attribution against values worked out by hand. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/types.js";
import {
  annualTurnover,
  attributePnl,
  exposureProfile,
  instrumentPnl,
  signalPnl,
  turnoverFromWeights,
  turnoverSeries,
} from "../../src/lib/backtest/attribution.js";

const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThan(tol);
};

describe("exposure by hand", () => {
  // A: +150, 0, +100; B: −50, 0, −300; equity 100, 100, 200.
  const e = exposureProfile(
    [
      [150, 0, 100],
      [-50, 0, -300],
    ],
    [100, 100, 200],
    { symbols: ["A", "B"] },
  );
  it("bar 0: long 1.5, short −0.5, gross 2, net 1; bar 1 flat; bar 2: long 0.5, short −1.5, gross 2, net −1", () => {
    expect(Array.from(e.long)).toEqual([1.5, 0, 0.5]);
    expect(Array.from(e.short)).toEqual([-0.5, 0, -1.5]);
    expect(Array.from(e.gross)).toEqual([2, 0, 2]);
    expect(Array.from(e.net)).toEqual([1, 0, -1]);
  });
  it("mean gross 4/3, mean net 0, max gross 2, in the market 2 bars of 3", () => {
    close(e.meanGross, 4 / 3);
    close(e.meanNet, 0);
    expect(e.maxGross).toBe(2);
    close(e.timeInMarket, 2 / 3);
  });
  it("bad input names symbol and bar", () => {
    expect(() => exposureProfile([[1, NaN]], [1, 1], { symbols: ["NG"] })).toThrow(/symbol NG, bar 1/);
    expect(() => exposureProfile([[1, 2]], [1, 0])).toThrow(/equity/);
    expect(() => exposureProfile([[1, 2, 3]], [1, 1])).toThrow(ValidationError);
  });
});

describe("turnover by hand", () => {
  it("traded notionals A 10k, −5k, 0; B 0, 2k, −3k on equity 100k, 100k, 50k → 0.1, 0.07, 0.06", () => {
    const t = turnoverSeries(
      [
        [10_000, -5_000, 0],
        [0, 2_000, -3_000],
      ],
      [100_000, 100_000, 50_000],
    );
    close(t[0]!, 0.1);
    close(t[1]!, 0.07);
    close(t[2]!, 0.06);
    // Annual: mean 0.23 / 3 × 252 = 19.32.
    close(annualTurnover(t), 19.32, 1e-10);
    close(annualTurnover(t, 12), (0.23 / 3) * 12, 1e-12);
    const half = turnoverSeries([[10_000], [-4_000]], [100_000], { oneSided: true });
    close(half[0]!, 0.07);
  });
  it("weights 0.5, 0.2, 0.2 and 0.5, 0.8, 0 (from cash) → two-sided 1, 0.6, 0.8; one-sided half", () => {
    const w = [
      [0.5, 0.2, 0.2],
      [0.5, 0.8, 0],
    ];
    const t = turnoverFromWeights(w);
    close(t[0]!, 1);
    close(t[1]!, 0.6);
    close(t[2]!, 0.8);
    const h = turnoverFromWeights(w, { oneSided: true });
    close(h[2]!, 0.4);
    expect(annualTurnover([])).toBeNaN();
  });
});

describe("P&L by instrument and by signal, by hand", () => {
  // A: multiplier 1, prices 100, 101, 99, 100 → ΔP ·, +1, −2, +1.
  // B: multiplier 50, prices 20, 21, 20.5, 22 → ΔP ·, +50, −25, +75 per contract.
  const dA = [NaN, 1, -2, 1];
  const dB = [NaN, 50, -25, 75];
  const posA = [10, 10, -5, 0];
  const posB = [0, 2, 2, 2];
  it("instrument P&L q(t−1) × ΔP(t): A 0, 10, −20, −5; B 0, 0, −50, 150", () => {
    const [a, b] = instrumentPnl([posA, posB], [dA, dB]);
    expect(Array.from(a!)).toEqual([0, 10, -20, -5]);
    expect(Array.from(b!)).toEqual([0, 0, -50, 150]);
  });
  it("two signals whose positions sum to the book: trend 0, 10, −70, 0; carry 0, 0, 0, 145; they add to the book", () => {
    const trend = [
      [10, 10, 0, 0],
      [0, 2, 0, 0],
    ];
    const carry = [
      [0, 0, -5, 0],
      [0, 0, 2, 2],
    ];
    const [tr, ca] = signalPnl([trend, carry], [dA, dB]);
    expect(Array.from(tr!)).toEqual([0, 10, -70, 0]);
    expect(Array.from(ca!)).toEqual([0, 0, 0, 145]);
    const [a, b] = instrumentPnl([posA, posB], [dA, dB]);
    for (let t = 0; t < 4; t++) expect(tr![t]! + ca![t]!).toBe(a![t]! + b![t]!);
  });
  it("no look-ahead: changing bar 3's price move leaves bars 0–2 unchanged", () => {
    const [a1] = instrumentPnl([posA], [dA]);
    const [a2] = instrumentPnl([posA], [[NaN, 1, -2, 100]]);
    expect(Array.from(a2!.subarray(0, 3))).toEqual(Array.from(a1!.subarray(0, 3)));
  });
  it("attribution table: totals, shares, Sharpe, hit rate, best/worst, contributions", () => {
    const pnl = instrumentPnl([posA, posB], [dA, dB]);
    // Equity from 1000: 1000, 1010, 940, 1085.
    const equity = [1000, 1010, 940, 1085];
    const [a, b] = attributePnl(pnl, ["A", "B"], { equity, initialEquity: 1000 });
    expect([a!.total, b!.total]).toEqual([-15, 100]);
    close(a!.share, -15 / 85);
    close(b!.share, 100 / 85);
    // A: mean −3.75; deviations 3.75, 13.75, −16.25, −1.25; Σ² = 468.75; var 156.25; std 12.5.
    close(a!.mean, -3.75);
    close(a!.std, 12.5);
    close(a!.sharpe, (-3.75 / 12.5) * Math.sqrt(252));
    close(a!.hitRate, 1 / 3);
    expect([a!.best, a!.worst]).toEqual([10, -20]);
    close(a!.contribution, 0 / 1000 + 10 / 1000 - 20 / 1010 - 5 / 940);
    close(b!.contribution, -50 / 1010 + 150 / 940);
    // Contributions add up to the book's summed simple returns 10/1000 − 70/1010 + 145/940.
    close(a!.contribution + b!.contribution, 10 / 1000 - 70 / 1010 + 145 / 940);
    expect(attributePnl(pnl, ["A", "B"])[0]!.contribution).toBeNaN();
  });
  it("bad input: an unknown price move while holding names symbol and bar; mismatched names", () => {
    expect(() => instrumentPnl([[1, 1]], [[0, NaN]], { symbols: ["CL"] })).toThrow(/symbol CL, bar 1/);
    // No position held → a missing move contributes 0.
    expect(Array.from(instrumentPnl([[0, 0]], [[NaN, NaN]])[0]!)).toEqual([0, 0]);
    expect(() => instrumentPnl([[1, 1]], [])).toThrow(/priceChanges/);
    expect(() => attributePnl([[1, 2]], ["a", "b"])).toThrow(/names/);
    expect(() => attributePnl([[1, 2]], ["a"], { equity: [1, -1] })).toThrow(/equity/);
  });
});
