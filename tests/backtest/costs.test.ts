import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  commissionPerContract,
  commissionPerOrder,
  commissionPercent,
  commissionTiered,
  costsAtFill,
  slippageBps,
  slippageVolScaled,
  spreadCost,
  sqrtImpact,
  validateCostModels,
  type CostModel,
} from "../../src/lib/backtest/index.js";

const out = new Float64Array(2);
const f64 = (a: number[]): Float64Array => Float64Array.from(a);

describe("cost models, hand-computed", () => {
  it("each model alone", () => {
    costsAtFill([commissionPerContract(2.5)], 0, 0, -4, 3, 10_000, 1, out);
    expect(Array.from(out)).toEqual([0, 10]);
    costsAtFill([commissionPerOrder(7)], 0, 0, 1_000, 3, 1, 1, out);
    expect(Array.from(out)).toEqual([0, 7]);
    // 0.1 % of 20 · 50 · 2 (multiplier) · 1.25 (fx) = 2.5
    costsAtFill([commissionPercent(0.001)], 0, 0, 20, 50, 2, 1.25, out);
    expect(out[1]).toBeCloseTo(2.5, 12);
    costsAtFill([spreadCost(0.5)], 0, 0, 1, 100, 1, 1, out);
    expect(Array.from(out)).toEqual([0.25, 0]);
    costsAtFill([slippageBps(20)], 0, 0, -1, 50, 1, 1, out);
    expect(out[0]).toBeCloseTo(0.1, 12);
  });

  it("tiered commission is marginal within a fill", () => {
    const tiers = commissionTiered([
      { upTo: 300, perUnit: 0.0035 },
      { upTo: 3_000, perUnit: 0.002 },
      { upTo: Infinity, perUnit: 0.001 },
    ]);
    // 5,000 shares: 300·0.0035 + 2,700·0.002 + 2,000·0.001 = 1.05 + 5.4 + 2 = 8.45
    costsAtFill([tiers], 0, 0, 5_000, 10, 1, 1, out);
    expect(out[1]).toBeCloseTo(8.45, 12);
    costsAtFill([tiers], 0, 0, -200, 10, 1, 1, out);
    expect(out[1]).toBeCloseTo(0.7, 12);
  });

  it("data-driven spread, volatility-scaled slippage and square-root impact read the given bar", () => {
    const spreads = [f64([0.1, 0.3])];
    costsAtFill([spreadCost(spreads)], 0, 1, 1, 10, 1, 1, out);
    expect(out[0]).toBeCloseTo(0.15, 12);
    // k·σ·p = 0.5 · 0.02 · 40 = 0.4
    costsAtFill([slippageVolScaled(0.5, [f64([0.02])])], 0, 0, 3, 40, 1, 1, out);
    expect(out[0]).toBeCloseTo(0.4, 12);
    // c·σ·√(Q/ADV)·p = 0.8 · 0.015 · √(40,000 / 1,000,000) · 25 = 0.8 · 0.015 · 0.2 · 25 = 0.06
    costsAtFill([sqrtImpact(0.8, [f64([0.015])], [f64([1e6])])], 0, 0, -40_000, 25, 1, 1, out);
    expect(out[0]).toBeCloseTo(0.06, 12);
  });

  it("composed: price adjustments add up, the percent fee is charged on the adjusted price", () => {
    // sell 1,000 at 20: half spread 0.01 + 10 bp of 20 (0.02) → fill 19.97
    // fees: 1 + 0.0005 · 1,000 · 19.97 = 1 + 9.985
    costsAtFill(
      [spreadCost(0.02), slippageBps(10), commissionPerOrder(1), commissionPercent(0.0005)],
      0,
      0,
      -1_000,
      20,
      1,
      1,
      out,
    );
    expect(out[0]).toBeCloseTo(0.03, 12);
    expect(out[1]).toBeCloseTo(10.985, 12);
  });

  it("bad models and missing data are ValidationErrors", () => {
    expect(() => validateCostModels([commissionPerOrder(-1)], ["X"], 3)).toThrow(ValidationError);
    expect(() => validateCostModels([spreadCost([f64([1, 2])])], ["X"], 3)).toThrow(/2 bars, expected 3/);
    expect(() => validateCostModels([commissionTiered([{ upTo: 10, perUnit: 1 }])], ["X"], 3)).toThrow(
      /Infinity/,
    );
    expect(() => validateCostModels([{ kind: "nope" } as unknown as CostModel], ["X"], 3)).toThrow(
      /unknown cost/,
    );
    let err: unknown;
    try {
      costsAtFill([spreadCost([f64([0.1, NaN])])], 0, 1, 5, 10, 1, 1, out, "NG");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).location).toMatchObject({ symbol: "NG", bar: 1 });
  });
});
