import { describe, expect, it } from "vitest";
import { ConfigError, ValidationError } from "../../src/lib/data/index.js";
import {
  binaryKellyFraction,
  correlationScale,
  fixedUnitsPosition,
  kellyFraction,
  kellyFromReturns,
  percentRiskContracts,
  portfolioAnnualVol,
  volTargetContracts,
  volTargetPositions,
} from "../../src/lib/risk/index.js";

describe("fixed units", () => {
  it("takes the forecast's side, NaN → 0", () => {
    expect(Array.from(fixedUnitsPosition([12, -3, 0, NaN, 0.01], 5))).toEqual([5, -5, 0, 0, 5]);
  });
  it("rejects non-positive units", () => {
    expect(() => fixedUnitsPosition([1], 0)).toThrow(ConfigError);
    expect(() => fixedUnitsPosition([1], -2)).toThrow(ConfigError);
  });
});

describe("fixed-fractional percent risk with ATR stops", () => {
  it("NG worked example: $2m × 1% / (2 × $0.25 × 10 000) = 4 contracts", () => {
    expect(
      percentRiskContracts({
        equity: 2e6,
        riskFraction: 0.01,
        atr: 0.25,
        atrMultiple: 2,
        multiplier: 10_000,
      }),
    ).toBe(4);
  });
  it("rounds down: ATR 0.30 → $6 000 per contract → 20 000/6 000 = 3.33 → 3", () => {
    expect(
      percentRiskContracts({ equity: 2e6, riskFraction: 0.01, atr: 0.3, atrMultiple: 2, multiplier: 10_000 }),
    ).toBe(3);
  });
  it("converts through FX: EUR account, 1 USD = 0.9 EUR → $5 000 = €4 500 per contract; €20 000 → 4", () => {
    // 20 000 / 4 500 = 4.44 → 4
    expect(
      percentRiskContracts({
        equity: 2e6,
        riskFraction: 0.01,
        atr: 0.25,
        atrMultiple: 2,
        multiplier: 10_000,
        fx: 0.9,
      }),
    ).toBe(4);
    // €45 000 budget / €4 500 = exactly 10
    expect(
      percentRiskContracts({
        equity: 4.5e6,
        riskFraction: 0.01,
        atr: 0.25,
        atrMultiple: 2,
        multiplier: 10_000,
        fx: 0.9,
      }),
    ).toBe(10);
  });
  it("bad input is typed", () => {
    const ok = { equity: 1e6, riskFraction: 0.01, atr: 0.2, atrMultiple: 2, multiplier: 10_000 };
    expect(() => percentRiskContracts({ ...ok, multiplier: 0 })).toThrow(ConfigError);
    expect(() => percentRiskContracts({ ...ok, multiplier: -10 })).toThrow(ConfigError);
    expect(() => percentRiskContracts({ ...ok, riskFraction: 1.5 })).toThrow(ConfigError);
    expect(() => percentRiskContracts({ ...ok, atr: NaN })).toThrow(ValidationError);
    expect(() => percentRiskContracts({ ...ok, atr: 0 })).toThrow(ValidationError);
  });
});

describe("Kelly", () => {
  it("full and fractional from edge and variance, with a cap", () => {
    // μ = 0.05%, σ = 2% → f* = 0.0005 / 0.0004 = 1.25
    expect(kellyFraction({ mean: 0.0005, variance: 0.0004, cap: 10 })).toBeCloseTo(1.25, 14);
    expect(kellyFraction({ mean: 0.0005, variance: 0.0004, fraction: 0.5, cap: 10 })).toBeCloseTo(0.625, 14);
    expect(kellyFraction({ mean: 0.0005, variance: 0.0004 })).toBe(1); // default cap 1
    expect(kellyFraction({ mean: -0.0005, variance: 0.0004, cap: 0.8 })).toBe(-0.8);
    // excess over the risk-free: (0.0005 − 0.0001) / 0.0004 = 1
    expect(kellyFraction({ mean: 0.0005, variance: 0.0004, riskFree: 0.0001, cap: 10 })).toBeCloseTo(1, 14);
  });
  it("estimated from returns: sample mean and variance (n − 1)", () => {
    // returns 1%, 3%, −1%, 1%: mean 1%, deviations 0, 2, −2, 0 → var = 8e-4/3
    expect(kellyFromReturns([0.01, 0.03, -0.01, 0.01, NaN], { cap: 100 })).toBeCloseTo(0.01 / (8e-4 / 3), 12);
  });
  it("binary bet: p = 0.6, b = 1 → 0.2; p = 0.5, b = 2 → 0.25", () => {
    expect(binaryKellyFraction(0.6, 1)).toBeCloseTo(0.2, 15);
    expect(binaryKellyFraction(0.5, 2)).toBeCloseTo(0.25, 15);
  });
  it("bad input", () => {
    expect(() => kellyFraction({ mean: 0.001, variance: 0 })).toThrow(ValidationError);
    expect(() => kellyFraction({ mean: NaN, variance: 0.01 })).toThrow(ValidationError);
    expect(() => kellyFraction({ mean: 0.001, variance: 0.01, fraction: 2 })).toThrow(ConfigError);
    expect(() => kellyFraction({ mean: 0.001, variance: 0.01, cap: 0 })).toThrow(ConfigError);
    expect(() => kellyFromReturns([0.01])).toThrow(ValidationError);
  });
});

describe("volatility targeting", () => {
  const ng = { capital: 1e6, annualVolTarget: 0.2, multiplier: 10_000, price: 3, annualVol: 0.5 };

  it("NG worked example: $1m, 20%, $3.00, 50% vol, 10 000 MMBtu → 13.33 contracts", () => {
    // one contract: 3 × 10 000 × 0.5 = $15 000 a year; target 0.2 × 1m = $200 000 → 13.333…
    expect(volTargetContracts(ng)).toBeCloseTo(200_000 / 15_000, 12);
    // pysystemtrade's daily form: (1e6 × 0.2 / 16) / (3 × 10 000 × 1% × 50/16 %) = 12 500 / 937.5
    expect(volTargetContracts(ng)).toBeCloseTo(12_500 / 937.5, 12);
    expect(volTargetContracts({ ...ng, forecast: 20 })).toBeCloseTo(26.666666666666668, 12);
    expect(volTargetContracts({ ...ng, forecast: -5 })).toBeCloseTo(-6.666666666666667, 12);
  });

  it("EUR account: 1 USD = 0.92 EUR → 200 000 / (15 000 × 0.92) = 14.49", () => {
    expect(volTargetContracts({ ...ng, capital: 1e6, fx: 0.92 })).toBeCloseTo(200_000 / 13_800, 12);
  });

  it("series version: per-bar inputs, NaN forecast → 0", () => {
    const pos = volTargetPositions([10, 20, NaN, -10], [3, 4, 4, 2.5], [0.5, 0.5, 0.6, 0.4], {
      capital: 1e6,
      annualVolTarget: 0.2,
      multiplier: 10_000,
    });
    // 200 000 / 15 000; 2 × 200 000 / 20 000; 0; −200 000 / 10 000
    expect(pos[0]).toBeCloseTo(13.333333333333334, 12);
    expect(pos[1]).toBeCloseTo(20, 12);
    expect(pos[2]).toBe(0);
    expect(pos[3]).toBeCloseTo(-20, 12);
    const fx = volTargetPositions(
      [10],
      [3],
      [0.5],
      { capital: 1e6, annualVolTarget: 0.2, multiplier: 10_000 },
      {
        fx: [0.5],
      },
    );
    expect(fx[0]).toBeCloseTo(200_000 / 7_500, 12);
  });

  it("bad input: zero/negative multiplier, vol target 0, non-finite price or vol", () => {
    expect(() => volTargetContracts({ ...ng, multiplier: 0 })).toThrow(ConfigError);
    expect(() => volTargetContracts({ ...ng, multiplier: -1 })).toThrow(ConfigError);
    expect(() => volTargetContracts({ ...ng, annualVolTarget: 0 })).toThrow(ConfigError);
    expect(() => volTargetContracts({ ...ng, capital: NaN })).toThrow(ConfigError);
    expect(() => volTargetContracts({ ...ng, price: NaN })).toThrow(ValidationError);
    expect(() => volTargetContracts({ ...ng, price: Infinity })).toThrow(ValidationError);
    expect(() => volTargetContracts({ ...ng, annualVol: 0 })).toThrow(ValidationError);
    expect(() => volTargetContracts({ ...ng, annualVol: NaN })).toThrow(ValidationError);
    const spec = { capital: 1e6, annualVolTarget: 0.2, multiplier: 10_000 };
    expect(() => volTargetPositions([10, 10], [3, NaN], [0.5, 0.5], spec, { symbol: "NG" })).toThrow(
      /symbol NG, bar 1/,
    );
    expect(() => volTargetPositions([10, 10], [3, 3], [0.5, -0.5], spec)).toThrow(ValidationError);
    expect(() => volTargetPositions([10, 10], [3, 3], [0.5, Infinity], spec)).toThrow(ValidationError);
    expect(Array.from(volTargetPositions([10, 10], [3, NaN], [0.5, 0.5], spec, { missing: "flat" }))[1]).toBe(
      0,
    );
  });
});

describe("correlation-aware scaling", () => {
  it("two instruments at full target with ρ = 0.8 are scaled by 1/√3.6", () => {
    // σ_P = 0.2 × √(1 + 1 + 2 × 0.8) = 0.2 × √3.6 = 0.3795
    const input = {
      exposures: [1e6, 1e6],
      annualVols: [0.2, 0.2],
      correlation: [1, 0.8, 0.8, 1],
      capital: 1e6,
      annualVolTarget: 0.2,
    };
    expect(portfolioAnnualVol(input.exposures, input.annualVols, input.correlation, 1e6)).toBeCloseTo(
      0.2 * Math.sqrt(3.6),
      14,
    );
    expect(correlationScale(input)).toBeCloseTo(1 / Math.sqrt(3.6), 14);
  });

  it("only scales down by default; maxScale allows scaling up (IDM-like)", () => {
    // ρ = 0, half exposure each: σ_P = √(0.1² + 0.1²) = 0.1414 → target/σ = √2
    const input = {
      exposures: [5e5, 5e5],
      annualVols: [0.2, 0.2],
      correlation: [1, 0, 0, 1],
      capital: 1e6,
      annualVolTarget: 0.2,
    };
    expect(correlationScale(input)).toBe(1);
    expect(correlationScale({ ...input, maxScale: 2.5 })).toBeCloseTo(Math.SQRT2, 14);
    // long/short with ρ = 0.8: σ_P = 0.2 × √(0.25 + 0.25 − 2 × 0.8 × 0.25) = 0.2 × √0.1
    expect(
      correlationScale({ ...input, exposures: [5e5, -5e5], correlation: [1, 0.8, 0.8, 1], maxScale: 5 }),
    ).toBeCloseTo(1 / Math.sqrt(0.1), 12);
  });

  it("rejects a bad correlation matrix", () => {
    const base = { exposures: [1, 1], annualVols: [0.2, 0.2], capital: 1e6, annualVolTarget: 0.2 };
    expect(() => correlationScale({ ...base, correlation: [1, 1.2, 1.2, 1] })).toThrow(ValidationError);
    expect(() => correlationScale({ ...base, correlation: [1, 0.2, 0.3, 1] })).toThrow(ValidationError);
    expect(() => correlationScale({ ...base, correlation: [1, 0.2, 0.2] })).toThrow(ValidationError);
    expect(() => correlationScale({ ...base, correlation: [1, 0, 0, 1], annualVolTarget: 0 })).toThrow(
      ConfigError,
    );
  });
});
