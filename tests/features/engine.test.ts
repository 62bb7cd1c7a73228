import { describe, expect, it } from "vitest";
import { FEATURE_SET_NAMES, FeatureSetStream, computeFeatureSet } from "../../src/lib/features/index.js";
import { ValidationError, type Bars } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { minuteBars, sp500, vix, type Ohlcv } from "./data.js";

/** Synthetic OHLCV bars (deterministic), 1-minute spacing across several UTC days. */
function synthetic(n: number, seed = 1): Bars {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let p = 50;
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp(0.01 * (rnd() - 0.5));
    time[i] = Date.UTC(2024, 0, 1, 20) + i * 60_000 * 7;
    open[i] = o;
    close[i] = p;
    high[i] = Math.max(o, p) * (1 + 0.003 * rnd());
    low[i] = Math.min(o, p) * (1 - 0.003 * rnd());
    volume[i] = Math.floor(1000 * rnd());
  }
  return { symbol: "SYN", time, open, high, low, close, volume };
}

function asBars(d: Ohlcv, symbol: string): Bars {
  return { symbol, ...d };
}

/** Compares the streaming full set with the vectorised one, value by value (bit for bit or 1e-12). */
function expectStreamEqualsVectorised(bars: Bars): void {
  const vec = computeFeatureSet(bars);
  const fs = new FeatureSetStream();
  const n = bars.time.length;
  let maxDiff = 0;
  for (let i = 0; i < n; i++) {
    const row = fs.update(bars.time[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!);
    for (let k = 0; k < row.length; k++) {
      const a = row[k]!;
      const b = vec.columns[k]![i]!;
      if (Object.is(a, b)) continue;
      if (Number.isNaN(a) || Number.isNaN(b)) throw new Error(`${FEATURE_SET_NAMES[k]} bar ${i}: ${a} vs ${b}`);
      maxDiff = Math.max(maxDiff, Math.abs(a - b) / Math.max(1, Math.abs(b)));
    }
  }
  expect(maxDiff).toBeLessThanOrEqual(1e-12);
}

describe("the full feature set", () => {
  it("has at least 50 distinct indicators and one column per name", () => {
    const vec = computeFeatureSet(synthetic(500));
    expect(vec.columns.length).toBe(FEATURE_SET_NAMES.length);
    expect(new Set(FEATURE_SET_NAMES).size).toBe(FEATURE_SET_NAMES.length);
    expect(FEATURE_SET_NAMES.length).toBeGreaterThanOrEqual(60);
    for (const c of vec.columns) expect(c.length).toBe(500);
  });

  it("streaming and vectorised forms agree on synthetic bars", () => {
    expectStreamEqualsVectorised(synthetic(3000));
  });

  it("NaN rule: a missing bar gives NaN in every column and leaves the rest as if the bar were absent", () => {
    const full = synthetic(800, 7);
    const gap = 400;
    // with a NaN close/high/low/volume at bar `gap`
    const withNaN: Bars = {
      ...full,
      high: full.high.slice(),
      low: full.low.slice(),
      close: full.close.slice(),
      volume: full.volume.slice(),
    };
    withNaN.high[gap] = withNaN.low[gap] = withNaN.close[gap] = withNaN.volume[gap] = NaN;
    // the same bars with bar `gap` removed
    const drop = (a: Float64Array) => Float64Array.from([...a.subarray(0, gap), ...a.subarray(gap + 1)]);
    const removed: Bars = {
      symbol: "SYN",
      time: drop(full.time),
      open: drop(full.open),
      high: drop(full.high),
      low: drop(full.low),
      close: drop(full.close),
      volume: drop(full.volume),
    };
    const a = computeFeatureSet(withNaN);
    const b = computeFeatureSet(removed);
    for (let k = 0; k < a.columns.length; k++) {
      const col = a.columns[k]!;
      const ref = b.columns[k]!;
      expect(Number.isNaN(col[gap]!), FEATURE_SET_NAMES[k]).toBe(true);
      const shifted = Float64Array.from([...ref.subarray(0, gap), NaN, ...ref.subarray(gap)]);
      expect(col, FEATURE_SET_NAMES[k]).toEqual(shifted);
    }
  });

  it("no look-ahead: changing future bars never moves a past value", () => {
    const bars = synthetic(600, 3);
    const base = computeFeatureSet(bars);
    const cut = 350;
    const changed: Bars = { ...bars, high: bars.high.slice(), low: bars.low.slice(), close: bars.close.slice(), volume: bars.volume.slice() };
    for (let i = cut; i < 600; i++) {
      changed.close[i] = changed.close[i]! * 1.5;
      changed.high[i] = changed.high[i]! * 1.6;
      changed.low[i] = changed.low[i]! * 1.4;
      changed.volume[i] = changed.volume[i]! + 999;
    }
    const after = computeFeatureSet(changed);
    let moved = 0;
    for (let k = 0; k < base.columns.length; k++) {
      expect(after.columns[k]!.subarray(0, cut), FEATURE_SET_NAMES[k]).toEqual(base.columns[k]!.subarray(0, cut));
      if (after.columns[k]![599] !== base.columns[k]![599]) moved++;
    }
    expect(moved).toBeGreaterThan(50); // the change did reach the later bars
  });

  it("bad input: lengths, time order, non-positive closes, infinities, too little data", () => {
    const b = synthetic(100);
    expect(() => computeFeatureSet({ ...b, volume: b.volume.subarray(1) })).toThrow(/volume has 99 values but time has 100/);
    const t = b.time.slice();
    t[10] = t[9]!;
    expect(() => computeFeatureSet({ ...b, time: t })).toThrow(/bar 10, field "time"/);
    const c = b.close.slice();
    c[5] = 0;
    expect(() => computeFeatureSet({ ...b, close: c })).toThrow(/bar 5, field "close"/);
    const h = b.high.slice();
    h[7] = Infinity;
    expect(() => computeFeatureSet({ ...b, high: h })).toThrow(ValidationError);
    expect(() => computeFeatureSet(synthetic(30))).toThrow(/at least 60 bars/);
    expect(() => new FeatureSetStream().update(0, 1, 1, -1, 1)).toThrow(/close must be > 0/);
  });
});

describe.runIf(HAS_SHARED)("streaming = vectorised on real data (shared)", () => {
  it("S&P 500 daily OHLCV (arch)", () => expectStreamEqualsVectorised(asBars(sp500(), "SPX")));
  it("VIX daily OHLC, no volume (volume columns are NaN by the missing-bar rule)", () => {
    const b = asBars(vix(), "VIX");
    expectStreamEqualsVectorised(b);
    const vec = computeFeatureSet(b);
    expect(vec.columns[FEATURE_SET_NAMES.indexOf("obv")]!.every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(vec.columns[FEATURE_SET_NAMES.indexOf("rsi14")]![9000]!)).toBe(false);
  });
  it("1-minute bars with volume (backtrader sample)", () => expectStreamEqualsVectorised(asBars(minuteBars(), "FESX")));
});
