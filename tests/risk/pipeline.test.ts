import { describe, expect, it } from "vitest";
import type { Series } from "../../src/lib/data/index.js";
import {
  combineForecasts,
  maCrossoverSignal,
  breakoutSignal,
  scaleForecast,
} from "../../src/lib/alpha/index.js";
import { rollingStd } from "../../src/lib/features/index.js";
import { constructPortfolio, type RiskParams } from "../../src/lib/risk/index.js";
import { changeFuture, pricePath } from "../alpha/helpers.js";

/** Signals → scaled forecasts → combination → day-by-day constructPortfolio, as the strategy notebook does. */
function positions(price: Series): Float64Array {
  const n = price.values.length;
  const scaled = [
    maCrossoverSignal({ price }, { fast: 8, slow: 32 }),
    breakoutSignal({ price }, { window: 40 }),
  ].map((f) => scaleForecast(f, { minPeriods: 60 }));
  const combined = combineForecasts(scaled, [0.5, 0.5], { minPeriods: 60 });
  const r = new Float64Array(n).fill(NaN);
  for (let t = 1; t < n; t++) r[t] = price.values[t]! / price.values[t - 1]! - 1;
  const vol = rollingStd(r, 25);
  const out = new Float64Array(n);
  let equity = 1e6;
  let peak = equity;
  const params: RiskParams = {
    capital: 1e6,
    annualVolTarget: 0.2,
    instruments: [{ symbol: "NG", multiplier: 10_000, margin: 8_000 }],
    prices: [0],
    annualVols: [0],
    limits: { maxPosition: 25, maxMargin: 0.15, maxDailyVaR: 0.03, drawdown: { start: 0.1, end: 0.3 } },
  };
  for (let t = 1; t < n; t++) {
    equity += out[t - 1]! * (price.values[t]! - price.values[t - 1]!) * 10_000;
    peak = Math.max(peak, equity);
    const f = combined.values[t]!;
    if (Number.isNaN(f) || !(vol[t]! > 0)) continue;
    params.prices = [price.values[t]!];
    params.annualVols = [vol[t]! * 16];
    params.currentPositions = [out[t - 1]!];
    params.drawdown = Math.max(0, 1 - equity / peak);
    out[t] = constructPortfolio([f], params).positions[0]!;
  }
  return out;
}

describe("strategy pipeline", () => {
  it("is look-ahead free end to end: changing future prices leaves earlier positions unchanged", () => {
    const p = pricePath(900, 21, 3);
    const base = positions(p);
    const cut = 600;
    const moved = positions(changeFuture(p, cut, 1.4));
    expect(Array.from(moved.subarray(0, cut))).toEqual(Array.from(base.subarray(0, cut)));
    expect(Array.from(moved.subarray(cut)).some((v, i) => v !== base[cut + i])).toBe(true);
  });

  it("holds whole contracts within the position limit, and takes positions on both sides", () => {
    const pos = positions(pricePath(900, 5, 3));
    expect(Array.from(pos).every((v) => Number.isInteger(v) && Math.abs(v) <= 25)).toBe(true);
    expect(Array.from(pos).some((v) => v > 0)).toBe(true);
    expect(Array.from(pos).some((v) => v < 0)).toBe(true);
  });
});
