import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import { makeBars, type Bars } from "../../src/lib/data/index.js";
import { detectLookahead } from "../../src/lib/validation/lookahead.js";
import { smaCrossoverEvaluator } from "../../src/lib/validation/walkforward.js";

const n = 400;
const prices = Float64Array.from(
  { length: n },
  (_, i) => 50 + 5 * Math.sin(i / 13) + 0.01 * i + 0.3 * Math.cos(i * 2.1),
);

function trailingMean(x: Float64Array, w: number): Float64Array {
  const o = new Float64Array(x.length).fill(NaN);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i]!;
    if (i >= w) s -= x[i - w]!;
    if (i >= w - 1) o[i] = s / w;
  }
  return o;
}

describe("look-ahead detector", () => {
  it("passes a clean trailing signal at every cut", () => {
    const r = detectLookahead(prices, (x) => trailingMean(x, 20), { cuts: 40 });
    expect(r.leaky).toBe(false);
    expect(r.cutsTested.length).toBe(40);
    expect(r.violations).toEqual([]);
  });

  it("catches a one-bar-ahead leak and names the bar before each cut", () => {
    const leaky = (x: Float64Array) => {
      const o = new Float64Array(x.length).fill(NaN);
      for (let i = 0; i < x.length - 1; i++) o[i] = x[i + 1]! - x[i]!; // tomorrow's change, known today?!
      return o;
    };
    const r = detectLookahead(prices, leaky, { cuts: 30 });
    expect(r.leaky).toBe(true);
    expect(r.violations.length).toBe(30);
    for (const v of r.violations) {
      expect(v.firstMoved).toBe(v.cut - 1);
      expect(v.moved).toBe(1);
    }
  });

  it("catches full-sample normalisation (every past value moves)", () => {
    const zscore = (x: Float64Array) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return x.map((v) => v - m);
    };
    const r = detectLookahead(prices, zscore, { cutPoints: [100, 200, 300] });
    expect(r.violations.map((v) => v.firstMoved)).toEqual([0, 0, 0]);
    expect(r.violations.map((v) => v.moved)).toEqual([100, 200, 300]);
  });

  it("works on Bars and strategy functions: clean SMA crossover, leaky next-bar high", () => {
    const bars = makeBars("NG", {
      time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000),
      open: prices,
      high: prices.map((p) => p * 1.01),
      low: prices.map((p) => p * 0.99),
      close: prices,
    });
    let timeUntouched = true;
    const clean = detectLookahead(bars, (b: Bars) => {
      if (b.time !== bars.time) timeUntouched = false;
      return smaCrossoverEvaluator([b.close])({ fast: 5, slow: 20 }, { start: 0, end: n });
    });
    expect(clean.leaky).toBe(false);
    expect(timeUntouched).toBe(true);
    // position from tomorrow's high breaking today's close: a classic leak
    const leak = detectLookahead(bars, (b: Bars) => {
      const pos = new Float64Array(n);
      for (let t = 0; t < n - 1; t++) pos[t] = b.high[t + 1]! > b.close[t]! * 1.012 ? 1 : 0;
      return [pos, b.close.slice()];
    });
    expect(leak.leaky).toBe(true);
    expect(leak.violations.every((v) => v.output === 0 && v.firstMoved === v.cut - 1)).toBe(true);
  });

  it("rejects bad cut points", () => {
    expect(() => detectLookahead(prices, (x) => x, { cutPoints: [0] })).toThrow(ValidationError);
    expect(() => detectLookahead(prices, (x) => x, { cutPoints: [n] })).toThrow(ValidationError);
    expect(() => detectLookahead({ a: 1 }, () => new Float64Array(1))).toThrow(ValidationError);
  });
});
