/** Trade statistics against values worked out by hand (every intermediate step in the comments). */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/types.js";
import { tradeStatistics } from "../../src/lib/backtest/trade_stats.js";

const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThan(tol);
};

describe("five trades by hand: +300, −100, +200, −100, 0", () => {
  const pnl = [300, -100, 200, -100, 0];
  // Durations exit − entry: 2, 1, 4, 1, 4.
  const s = tradeStatistics({ pnl, entryTime: [0, 2, 5, 9, 10], exitTime: [2, 3, 9, 10, 14] });
  it("counts and rates: W = 2, L = 2, one break-even; win rate 2/5, loss rate 2/5", () => {
    expect([s.trades, s.winners, s.losers, s.breakeven]).toEqual([5, 2, 2, 1]);
    close(s.winRate, 0.4);
    close(s.lossRate, 0.4);
  });
  it("gross profit 500, gross loss −200, net 300, profit factor 500/200 = 2.5", () => {
    expect([s.grossProfit, s.grossLoss, s.netProfit]).toEqual([500, -200, 300]);
    close(s.profitFactor, 2.5);
  });
  it("average win 250, average loss −100, payoff 2.5, expectancy 300/5 = 60 = 0.4·250 + 0.4·(−100)", () => {
    expect([s.averageWin, s.averageLoss]).toEqual([250, -100]);
    close(s.payoffRatio, 2.5);
    close(s.expectancy, 60);
    close(s.expectancy, 0.4 * 250 + 0.4 * -100);
    expect([s.largestWin, s.largestLoss]).toEqual([300, -100]);
  });
  it("Kelly = 0.4 − 0.4 / 2.5 = 0.24", () => {
    close(s.kelly, 0.24);
  });
  it("SQN: mean 60; deviations 240, −160, 140, −160, −60; Σ² = 132000; sample var 33000 → √5·60/√33000", () => {
    close(s.sqn, (Math.sqrt(5) * 60) / Math.sqrt(33000));
    close(s.sqn, 0.738549, 1e-6);
    // backtrader divides by N: var 132000 / 5 = 26400.
    close(tradeStatistics({ pnl }, { sqnDdof: 0 }).sqn, (Math.sqrt(5) * 60) / Math.sqrt(26400));
  });
  it("durations 2, 1, 4, 1, 4: mean 2.4, median 2, max 4; winners (2 + 4)/2 = 3; losers 1", () => {
    close(s.averageDuration, 2.4);
    expect([s.medianDuration, s.maxDuration]).toEqual([2, 4]);
    expect([s.averageWinDuration, s.averageLossDuration]).toEqual([3, 1]);
    // Even count: durations 1, 3, 5, 10 → median (3 + 5)/2 = 4.
    expect(
      tradeStatistics({ pnl: [1, 1, 1, 1], entryTime: [0, 0, 0, 0], exitTime: [10, 1, 5, 3] }).medianDuration,
    ).toBe(4);
  });
  it("no times → NaN durations; no returns column → NaN mean return", () => {
    const t = tradeStatistics({ pnl });
    expect(t.averageDuration).toBeNaN();
    expect(t.meanReturn).toBeNaN();
    expect(t.expectancyR).toBeNaN();
  });
});

describe("R-multiples, SQN cap, streaks", () => {
  it("risk 150, 50, 100, 100, 100 → R = 2, −2, 2, −1, 0: mean 0.2, sample var 12.8/4 = 3.2, SQN = √5·0.2/√3.2 = 0.25", () => {
    const s = tradeStatistics({ pnl: [300, -100, 200, -100, 0], risk: [150, 50, 100, 100, 100] });
    close(s.expectancyR, 0.2);
    close(s.sqn, 0.25);
  });
  it("a constant risk leaves SQN unchanged (scale-free)", () => {
    const pnl = [300, -100, 200, -100, 0];
    close(tradeStatistics({ pnl, risk: [100, 100, 100, 100, 100] }).sqn, tradeStatistics({ pnl }).sqn);
  });
  it("Van Tharp's cap: 200 trades alternating +2, −1 → mean 0.5, sample var 450/199, SQN(cap 100) = 10·0.5/√(450/199)", () => {
    const pnl = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 2 : -1));
    close(tradeStatistics({ pnl }, { sqnMaxTrades: 100 }).sqn, (10 * 0.5) / Math.sqrt(450 / 199));
    close(tradeStatistics({ pnl }).sqn, (Math.sqrt(200) * 0.5) / Math.sqrt(450 / 199));
  });
  it("streaks in order: +1 +2 −1 −2 −3 +4 0 +5 +6 +7 → 3 wins, 3 losses", () => {
    const s = tradeStatistics({ pnl: [1, 2, -1, -2, -3, 4, 0, 5, 6, 7] });
    expect([s.maxConsecutiveWins, s.maxConsecutiveLosses]).toEqual([3, 3]);
  });
  it("mean trade return", () => {
    close(tradeStatistics({ pnl: [1, -1, 2], returns: [0.01, -0.02, 0.04] }).meanReturn, 0.01);
  });
});

describe("edge cases and bad input", () => {
  it("empty: zero counts, NaN ratios", () => {
    const s = tradeStatistics({ pnl: [] });
    expect([s.trades, s.winners, s.losers, s.maxConsecutiveWins]).toEqual([0, 0, 0, 0]);
    for (const v of [s.winRate, s.profitFactor, s.expectancy, s.sqn, s.kelly, s.averageWin, s.largestWin]) {
      expect(v).toBeNaN();
    }
  });
  it("only winners: profit factor +∞, Kelly = win rate; only losers: profit factor 0, Kelly NaN", () => {
    const w = tradeStatistics({ pnl: [1, 2, 0] });
    expect(w.profitFactor).toBe(Infinity);
    close(w.kelly, 2 / 3);
    expect(w.averageLoss).toBeNaN();
    const l = tradeStatistics({ pnl: [-1, -2] });
    expect(l.profitFactor).toBe(0);
    expect(l.kelly).toBeNaN();
    // Identical trades: zero dispersion → SQN +∞.
    expect(tradeStatistics({ pnl: [5, 5, 5] }).sqn).toBe(Infinity);
  });
  it("typed errors naming the field", () => {
    expect(() => tradeStatistics({ pnl: [1, NaN] })).toThrow(ValidationError);
    expect(() => tradeStatistics({ pnl: [1, NaN] })).toThrow(/pnl/);
    expect(() => tradeStatistics({ pnl: [1, 2], entryTime: [0], exitTime: [1, 2] })).toThrow(/entryTime/);
    expect(() => tradeStatistics({ pnl: [1], entryTime: [0] })).toThrow(/exitTime/);
    expect(() => tradeStatistics({ pnl: [1], entryTime: [5], exitTime: [4] })).toThrow(/exits before/);
    expect(() => tradeStatistics({ pnl: [1], risk: [0] })).toThrow(/risk/);
  });
});
