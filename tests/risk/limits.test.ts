import { describe, expect, it } from "vitest";
import { ConfigError, ValidationError } from "../../src/lib/data/index.js";
import {
  applyLimits,
  checkRiskLimits,
  constructPortfolio,
  drawdownProtection,
  drawdownScale,
  type RiskParams,
} from "../../src/lib/risk/index.js";

const Z99 = 2.3263478740408408;
// price 1, multiplier 1: exposure = contracts
const unit = (n: number, capital: number) => ({
  capital,
  prices: new Array(n).fill(1),
  multipliers: new Array(n).fill(1),
});

describe("drawdown protection", () => {
  it("linear from start to end, minScale beyond", () => {
    const p = { start: 0.1, end: 0.3, minScale: 0.2 };
    expect(drawdownScale(0.05, p)).toBe(1);
    expect(drawdownScale(0.1, p)).toBe(1);
    expect(drawdownScale(0.15, p)).toBeCloseTo(1 - 0.8 * 0.25, 14);
    expect(drawdownScale(0.3, p)).toBe(0.2);
    expect(drawdownScale(0.5, p)).toBe(0.2);
  });
  it("over an equity curve, from the running peak", () => {
    // peaks 100, 120, 120, 120, 130 → drawdowns 0, 0, .2, .3, 0 (start .1, end .3, min 0)
    const s = drawdownProtection([100, 120, 96, 84, 130, NaN], { start: 0.1, end: 0.3 });
    expect(s[0]).toBe(1);
    expect(s[2]).toBeCloseTo(0.5, 14);
    expect(s[3]).toBeCloseTo(0, 12);
    expect(s[4]).toBe(1);
    expect(s[5]).toBe(1);
  });
});

describe("applyLimits", () => {
  it("position cap, then gross scaling (worked example)", () => {
    // $30 000 per contract, capital $1m; 40 → 30 (position), gross 40 × 30 000 = 1.2m → × 1/1.2
    const r = applyLimits(
      [40, 10],
      { capital: 1e6, prices: [3, 3], multipliers: [10_000, 10_000] },
      {
        maxPosition: 30,
        maxGross: 1,
      },
    );
    expect(r.positions[0]).toBeCloseTo(25, 12);
    expect(r.positions[1]).toBeCloseTo(25 / 3, 12);
    expect(r.binding).toEqual(["gross"]);
    expect(r.instrumentBinding).toEqual(["position", ""]);
    expect(r.usage.gross).toBeCloseTo(1, 12);
  });

  it("concentration: water-filling caps the largest shares", () => {
    // 10, 1, 1 at c = 0.5 → L = 0.5 × (L + 2) → L = 2
    const a = applyLimits([10, 1, 1], unit(3, 100), { maxConcentration: 0.5 });
    expect(Array.from(a.positions)).toEqual([2, 1, 1]);
    expect(a.instrumentBinding).toEqual(["concentration", "", ""]);
    // 6, −3, 1 at c = 0.4 → two capped: L = 0.4 × (2L + 1) → L = 2
    const b = applyLimits([6, -3, 1], unit(3, 100), { maxConcentration: 0.4 });
    expect(b.positions[0]).toBeCloseTo(2, 12);
    expect(b.positions[1]).toBeCloseTo(-2, 12);
    expect(b.positions[2]).toBe(1);
    expect(b.usage.concentration).toBeCloseTo(1, 12);
  });

  it("net exposure scaling", () => {
    // exposures 10 and 5, capital 10, maxNet 1 → net 15 → scale 10/15
    const r = applyLimits([10, 5], unit(2, 10), { maxNet: 1, maxGross: 2 });
    expect(r.positions[0]).toBeCloseTo(20 / 3, 12);
    expect(r.positions[1]).toBeCloseTo(10 / 3, 12);
    expect(r.binding).toEqual(["net"]);
  });

  it("margin usage", () => {
    // 10 × 1 000 + 5 × 2 000 = 20 000 margin; capital 100 000 × 10% = 10 000 → scale 0.5
    const r = applyLimits([10, -5], { ...unit(2, 100_000), margins: [1000, 2000] }, { maxMargin: 0.1 });
    expect(Array.from(r.positions)).toEqual([5, -2.5]);
    expect(r.binding).toEqual(["margin"]);
    expect(r.usage.margin).toBeCloseTo(1, 12);
  });

  it("daily VaR from vols and correlations", () => {
    // 1m each, σ 2% and 1%, ρ .5 → σ_P = √7e8; VaR99 = Z99 √7e8 = 61 550; limit 3% of 1m
    const ctx = { ...unit(2, 1e6), dailyVols: [0.02, 0.01], correlation: [1, 0.5, 0.5, 1] };
    const r = applyLimits([1e6, 1e6], ctx, { maxDailyVaR: 0.03 });
    const s = 30_000 / (Z99 * Math.sqrt(7e8));
    expect(r.positions[0]).toBeCloseTo(1e6 * s, 6);
    expect(r.binding).toEqual(["var"]);
    expect(r.usage.var).toBeCloseTo(1, 12);
    // not binding at 10%: usage = 61 550 / 100 000
    const loose = applyLimits([1e6, 1e6], ctx, { maxDailyVaR: 0.1 });
    expect(loose.binding).toEqual([]);
    expect(loose.usage.var).toBeCloseTo((Z99 * Math.sqrt(7e8)) / 1e5, 12);
  });

  it("drawdown protection scales first", () => {
    const r = applyLimits(
      [10, -4],
      { ...unit(2, 100), drawdown: 0.2 },
      { drawdown: { start: 0.1, end: 0.3 } },
    );
    expect(r.positions[0]).toBeCloseTo(5, 12);
    expect(r.positions[1]).toBeCloseTo(-2, 12);
    expect(r.binding).toEqual(["drawdown"]);
  });

  it("contradicting or invalid limits are ConfigErrors", () => {
    expect(() => checkRiskLimits({ maxNet: 2, maxGross: 1 }, 2)).toThrow(/never exceed gross/);
    expect(() => checkRiskLimits({ maxConcentration: 0.2 }, 3)).toThrow(ConfigError);
    expect(() => checkRiskLimits({ drawdown: { start: 0.3, end: 0.2 } }, 1)).toThrow(ConfigError);
    expect(() => checkRiskLimits({ maxGross: 0 }, 1)).toThrow(ConfigError);
    expect(() => checkRiskLimits({ maxDailyVaR: NaN }, 1)).toThrow(ConfigError);
    expect(() => checkRiskLimits({ maxPosition: [1] }, 2)).toThrow(ConfigError);
    expect(() => applyLimits([1], unit(1, 100), { maxMargin: 0.5 })).toThrow(/margins/);
    expect(() => applyLimits([1], { capital: 100, prices: [1], multipliers: [0] }, {})).toThrow(ConfigError);
    expect(() => applyLimits([1], { capital: 100, prices: [NaN], multipliers: [1] }, {})).toThrow(
      ValidationError,
    );
    expect(() => applyLimits([NaN], unit(1, 100), {})).toThrow(ValidationError);
  });
});

describe("constructPortfolio", () => {
  const ng: RiskParams = {
    capital: 1e6,
    annualVolTarget: 0.2,
    instruments: [{ symbol: "NG", multiplier: 10_000 }],
    prices: [3],
    annualVols: [0.5],
  };

  it("NG worked example: forecast 15 → 20 contracts; buffer ±1.33 around it", () => {
    // average position 200 000 / 15 000 = 13.33; forecast 15 → 20
    const r = constructPortfolio([15], ng);
    expect(r.optimal[0]).toBeCloseTo(20, 12);
    expect(r.positions[0]).toBe(20);
    expect(constructPortfolio([15], { ...ng, currentPositions: [19] }).positions[0]).toBe(19);
    expect(constructPortfolio([15], { ...ng, currentPositions: [19] }).traded[0]).toBe(0);
    // from 10: lower edge 20 − 1.333 = 18.67 → 19; from 25: upper edge 21.33 → 21
    expect(constructPortfolio([15], { ...ng, currentPositions: [10] }).positions[0]).toBe(19);
    expect(constructPortfolio([15], { ...ng, currentPositions: [25] }).positions[0]).toBe(21);
    // forecast 7 → 9.33 → 9 (towards zero); −7 → −9
    expect(constructPortfolio([7], ng).positions[0]).toBe(9);
    expect(constructPortfolio([-7], ng).positions[0]).toBe(-9);
    expect(constructPortfolio([NaN], ng).positions[0]).toBe(0);
  });

  it("two instruments with an IDM from their correlation", () => {
    // w = ½, ½, ρ = 0 → IDM √2. NG: ½ √2 × 200 000 / 15 000 = 9.43; CL (80 × 1 000 × 35%): 141 421 / 28 000 = 5.05
    const r = constructPortfolio([10, -10], {
      ...ng,
      instruments: [
        { symbol: "NG", multiplier: 10_000 },
        { symbol: "CL", multiplier: 1_000 },
      ],
      prices: [3, 80],
      annualVols: [0.5, 0.35],
      correlation: [1, 0, 0, 1],
    });
    expect(r.idm).toBeCloseTo(Math.SQRT2, 14);
    expect(r.optimal[0]).toBeCloseTo((0.5 * Math.SQRT2 * 200_000) / 15_000, 10);
    expect(r.optimal[1]).toBeCloseTo((-0.5 * Math.SQRT2 * 200_000) / 28_000, 10);
    expect(Array.from(r.positions)).toEqual([9, -5]);
  });

  it("reports the limits that bound", () => {
    const r = constructPortfolio([15], { ...ng, limits: { maxPosition: 5 } });
    expect(r.positions[0]).toBe(5);
    expect(r.instrumentBinding).toEqual(["position"]);
    // gross 1.0 × 1m → 33.3 contracts allowed; forecast 20 wants 26.7 → not binding; 0.5 → 16.67 → 16
    const g = constructPortfolio([20], { ...ng, limits: { maxGross: 0.5 } });
    expect(g.positions[0]).toBe(16);
    expect(g.binding).toEqual(["gross"]);
  });

  it("the buffer may delay a trade but never holds a position beyond a binding limit", () => {
    // maxGross 0.5 × 1m → 16.67 contracts of $30 000; forecast 20 wants 26.67. Holding 17 is inside
    // the ±1.33 band around 16.67 but over the limit → cut to 16; holding 15 is below the band
    // (15.33 … 16.67) → up to its edge, 16.
    const over = constructPortfolio([20], { ...ng, currentPositions: [17], limits: { maxGross: 0.5 } });
    expect(over.positions[0]).toBe(16);
    expect(over.binding).toEqual(["gross"]);
    const under = constructPortfolio([20], { ...ng, currentPositions: [15], limits: { maxGross: 0.5 } });
    expect(under.positions[0]).toBe(16);
    expect(under.traded[0]).toBe(1);
  });

  it("re-checks limits after rounding (hedge leg rounded to zero raises net)", () => {
    // exposures = contracts (price 1, multiplier 1), capital 100, maxNet 0.095 → 9.5
    // targets 10.9 / −0.9 → net 10 → scale 0.95 → 10.355 / −0.855 → trunc 10 / 0: net 10 > 9.5
    const p: RiskParams = {
      capital: 100,
      annualVolTarget: 0.2,
      instruments: [
        { symbol: "A", multiplier: 1 },
        { symbol: "B", multiplier: 1 },
      ],
      prices: [1, 1],
      annualVols: [0.2, 0.2],
      idm: 1,
      bufferFraction: 0,
      limits: { maxNet: 0.095 },
    };
    // w = ½ → average position ½ × 0.2 × 100 / 0.2 = 50; forecasts 2.18 and −0.18 → 10.9 and −0.9
    const r = constructPortfolio([2.18, -0.18], p);
    expect(r.target[0]).toBeCloseTo(10.9 * (9.5 / 10), 10);
    expect(Array.from(r.positions)).toEqual([9, 0]);
    expect(r.binding).toEqual(["net", "rounding"]);
    expect(r.usage.net).toBeLessThanOrEqual(1);
  });

  it("respects every limit and never returns a NaN position (randomised)", () => {
    let seed = 99;
    const u = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const n = 12;
    for (let trial = 0; trial < 200; trial++) {
      const corr = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) corr[i * n + j] = i === j ? 1 : 0.3;
      const p: RiskParams = {
        capital: 1e6,
        annualVolTarget: 0.25,
        instruments: Array.from({ length: n }, (_, i) => ({
          symbol: `I${i}`,
          multiplier: 10 + 1000 * u(),
          margin: 500 + 5000 * u(),
        })),
        prices: Array.from({ length: n }, () => 5 + 100 * u()),
        annualVols: Array.from({ length: n }, () => 0.1 + 0.5 * u()),
        correlation: corr,
        currentPositions: Array.from({ length: n }, () => Math.round(20 * (u() - 0.5))),
        drawdown: 0.2 * u(),
        limits: {
          maxPosition: 15,
          maxConcentration: 0.25,
          maxGross: 3,
          maxNet: 1.5,
          maxMargin: 0.3,
          maxDailyVaR: 0.02,
          drawdown: { start: 0.05, end: 0.2, minScale: 0.3 },
        },
      };
      const f = Array.from({ length: n }, () => (u() < 0.1 ? NaN : 40 * (u() - 0.5)));
      const r = constructPortfolio(f, p);
      for (let i = 0; i < n; i++) {
        expect(Number.isInteger(r.positions[i])).toBe(true);
        expect(Math.abs(r.positions[i]!)).toBeLessThanOrEqual(15);
      }
      for (const v of [r.usage.gross, r.usage.net, r.usage.margin, r.usage.var, r.usage.concentration]) {
        if (!Number.isNaN(v)) expect(v).toBeLessThanOrEqual(1 + 1e-9);
      }
    }
  });

  it("bad input: zero/negative multiplier, vol target 0, non-finite price/vol, contradicting limits", () => {
    expect(() => constructPortfolio([10], { ...ng, instruments: [{ symbol: "NG", multiplier: 0 }] })).toThrow(
      /symbol NG.*multiplier/,
    );
    expect(() =>
      constructPortfolio([10], { ...ng, instruments: [{ symbol: "NG", multiplier: -1 }] }),
    ).toThrow(ConfigError);
    expect(() => constructPortfolio([10], { ...ng, annualVolTarget: 0 })).toThrow(ConfigError);
    expect(() => constructPortfolio([10], { ...ng, prices: [NaN] })).toThrow(ValidationError);
    expect(() => constructPortfolio([10], { ...ng, prices: [Infinity] })).toThrow(ValidationError);
    expect(() => constructPortfolio([10], { ...ng, annualVols: [0] })).toThrow(ValidationError);
    expect(() => constructPortfolio([10], { ...ng, limits: { maxNet: 3, maxGross: 2 } })).toThrow(
      ConfigError,
    );
    expect(() => constructPortfolio([10], { ...ng, limits: { maxMargin: 0.2 } })).toThrow(/margin/);
    expect(() => constructPortfolio([10, 1], ng)).toThrow(ValidationError);
  });
});
