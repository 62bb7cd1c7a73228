import { describe, expect, it } from "vitest";
import * as ti from "technicalindicators";
import * as ts from "trading-signals";
import {
  AdxStream,
  AroonStream,
  CciStream,
  MacdStream,
  RsiStream,
  StochasticStream,
  UltimateOscillatorStream,
  adx,
  aroon,
  awesomeOscillator,
  cci,
  cmo,
  macd,
  momentum,
  ppo,
  roc,
  rsi,
  stochRsi,
  stochastic,
  trix,
  ultimateOscillator,
  williamsR,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { alignRight, firstValid, henryHub, maxRelDiff, sp500, vix } from "./data.js";
import { refEma, refRollingExtreme } from "./reference.js";

type Incremental = { add(v: never): unknown; isStable: boolean };
/** Runs a trading-signals indicator bar by bar; NaN until it is stable. */
function runTs<I>(ind: Incremental, inputs: I[], pick: (r: unknown) => number = Number): Float64Array {
  return Float64Array.from(inputs, (inp) => {
    const r = ind.add(inp as never);
    return ind.isStable && r !== null && r !== undefined ? pick(r) : NaN;
  });
}

describe("worked examples from the original definitions", () => {
  it("Wilder RSI(3) by hand", () => {
    // closes 10, 11, 10.5, 11.5, 11 → changes +1, −0.5, +1, −0.5
    const r = rsi(Float64Array.of(10, 11, 10.5, 11.5, 11), 3);
    expect(firstValid(r)).toBe(3);
    // first averages: gain (1 + 0 + 1)/3 = 2/3, loss 0.5/3 = 1/6 → RS 4 → RSI 80
    expect(r[3]).toBeCloseTo(80, 12);
    // then Wilder: gain (2/3·2 + 0)/3 = 4/9, loss (1/6·2 + 0.5)/3 = 5/18 → RS 1.6
    expect(r[4]).toBeCloseTo(100 - 100 / 2.6, 12);
    expect(rsi(Float64Array.of(1, 2, 3, 4), 2)[3]).toBe(100); // no losses
    expect(rsi(Float64Array.of(5, 5, 5, 5), 2)[3]).toBe(50); // no movement
  });

  it("Appel's MACD(2, 3, 2) by hand", () => {
    const m = macd(Float64Array.of(1, 2, 4, 8, 16), 2, 3, 2);
    // EMA2: seed 3/2, then 19/6, 115/18, 691/54; EMA3: seed 7/3, then 31/6, 127/12
    expect(m.macd[2]).toBeCloseTo(19 / 6 - 7 / 3, 14);
    expect(m.macd[3]).toBeCloseTo(115 / 18 - 31 / 6, 14);
    expect(m.macd[4]).toBeCloseTo(691 / 54 - 127 / 12, 14);
    // signal: EMA2 of MACD, seed (5/6 + 11/9)/2 = 37/36 at bar 3, then 589/324
    expect(m.signal[3]).toBeCloseTo(37 / 36, 14);
    expect(m.signal[4]).toBeCloseTo(589 / 324, 14);
    expect(m.histogram[4]).toBeCloseTo(691 / 54 - 127 / 12 - 589 / 324, 14);
    expect(Number.isNaN(m.signal[2])).toBe(true);
    // PPO is the same spread in percent of the slow EMA
    expect(ppo(Float64Array.of(1, 2, 4, 8, 16), 2, 3, 2).macd[4]).toBeCloseTo((100 * (691 / 54 - 127 / 12)) / (127 / 12), 12);
  });

  it("Lane's stochastic %K/%D and Williams %R by hand", () => {
    const h = Float64Array.of(10, 12, 11, 13);
    const l = Float64Array.of(8, 9, 9, 10);
    const c = Float64Array.of(9, 11, 10, 12);
    const s = stochastic(h, l, c, 3, 1, 2);
    expect(s.k[2]).toBe(50); // 100·(10 − 8)/(12 − 8)
    expect(s.k[3]).toBe(75); // 100·(12 − 9)/(13 − 9)
    expect(s.d[3]).toBe(62.5);
    expect(williamsR(h, l, c, 3)[3]).toBe(-25);
    // a flat range is 50 (and −50), not a division by zero
    const flat = Float64Array.of(5, 5, 5);
    expect(stochastic(flat, flat, flat, 2, 1, 1).k[2]).toBe(50);
  });

  it("Wilder ADX/DMI(2) by hand", () => {
    const h = Float64Array.of(10, 11, 12, 11.5, 10);
    const l = Float64Array.of(8, 9, 10, 9, 8);
    const c = Float64Array.of(9, 10.5, 11, 9.5, 8.5);
    const r = adx(h, l, c, 2);
    // bar 2: ΣTR = 2 + 2, Σ+DM = 1 + 1, Σ−DM = 0 → +DI 50, −DI 0, DX 100
    expect(r.plusDI[2]).toBe(50);
    expect(r.dx[2]).toBe(100);
    // bar 3: TR 2.5, −DM 1 → ΣTR = 4 − 2 + 2.5 = 4.5, Σ+DM = 1, Σ−DM = 1 → DX 0; ADX = (100 + 0)/2
    expect(r.dx[3]).toBe(0);
    expect(r.adx[3]).toBe(50);
    // bar 4: TR 2, −DM 1 → ΣTR 4.25, Σ+DM 0.5, Σ−DM 1.5 → DX 50; ADX = (50·1 + 50)/2
    expect(r.plusDI[4]).toBeCloseTo(50 / 4.25, 12);
    expect(r.minusDI[4]).toBeCloseTo(150 / 4.25, 12);
    expect(r.adx[4]).toBeCloseTo(50, 12);
    expect(Number.isNaN(r.adx[2])).toBe(true);
  });

  it("Lambert's CCI by hand", () => {
    // typical prices 1, 2, 6 (H = L = C): SMA 3, mean deviation (2 + 1 + 3)/3 = 2 → (6 − 3)/(0.015·2) = 100
    const tp = Float64Array.of(1, 2, 6);
    expect(cci(tp, tp, tp, 3)[2]).toBeCloseTo(100, 12);
  });

  it("Aroon, ROC, momentum, CMO, ultimate oscillator by hand", () => {
    const h = Float64Array.of(5, 7, 6, 4);
    const l = Float64Array.of(3, 2, 4, 1);
    const a = aroon(h, l, 3);
    // last 4 bars: highest high 7 two bars ago → up = 100·(3 − 2)/3; lowest low 1 now → down 100
    expect(a.up[3]).toBeCloseTo(100 / 3, 12);
    expect(a.down[3]).toBe(100);
    const x = Float64Array.of(10, 12, 11, 15);
    expect(roc(x, 2)[3]).toBeCloseTo(100 * (15 / 12 - 1), 12);
    expect(momentum(x, 3)[3]).toBe(5);
    // changes +2, −1, +4: CMO(3) = 100·(6 − 1)/(6 + 1)
    expect(cmo(x, 3)[3]).toBeCloseTo(500 / 7, 12);
    // UO(1,1,1) at bar 1: BP = C − min(L, Cprev), TR = max(H, Cprev) − min(L, Cprev)
    const uo = ultimateOscillator(Float64Array.of(10, 12), Float64Array.of(8, 9), Float64Array.of(9, 11), 1, 1, 1);
    expect(uo[1]).toBeCloseTo((100 * (11 - 9)) / (12 - 9), 12);
  });
});

describe("momentum indicators vs independent references on Henry Hub (data/sample)", () => {
  const x = henryHub().close.filter((v) => !Number.isNaN(v));
  it("MACD and PPO match reference EMAs", () => {
    const f = refEma(x, 12);
    const s = refEma(x, 26);
    const line = f.map((v, i) => v - s[i]!);
    const sig = refEma(line, 9);
    const m = macd(x);
    expect(maxRelDiff(m.macd, line)).toBeLessThan(1e-12);
    expect(maxRelDiff(m.signal, sig)).toBeLessThan(1e-12);
    const p = f.map((v, i) => (100 * (v - s[i]!)) / s[i]!);
    expect(maxRelDiff(ppo(x).macd, p)).toBeLessThan(1e-12);
    expect(maxRelDiff(ppo(x).signal, refEma(p, 9))).toBeLessThan(1e-12);
  });
  it("TRIX matches a reference triple EMA", () => {
    const e3 = refEma(refEma(refEma(x, 15), 15), 15);
    const ref = e3.map((v, i) => (i > 0 ? 100 * (v / e3[i - 1]! - 1) : NaN));
    expect(maxRelDiff(trix(x, 15), ref)).toBeLessThan(1e-12);
  });
  it("stochastic RSI matches its definition over reference extremes", () => {
    const r = rsi(x, 14);
    const hi = refRollingExtreme(r.subarray(14), 14, true);
    const lo = refRollingExtreme(r.subarray(14), 14, false);
    const ref = new Float64Array(x.length).fill(NaN);
    for (let i = 0; i < hi.length; i++) {
      if (Number.isNaN(hi[i]!)) continue;
      const v = r[i + 14]!;
      ref[i + 14] = hi[i] === lo[i] ? 0.5 : (v - lo[i]!) / (hi[i]! - lo[i]!);
    }
    expect(maxRelDiff(stochRsi(x, 14, 14), ref)).toBeLessThan(1e-12);
  });
  it("trading-signals RSI (Wilder), CMO, MOM, ROC, StochasticRSI agree to 1e-12", () => {
    const arr = Array.from(x);
    expect(maxRelDiff(rsi(x, 14), runTs(new ts.RSI(14), arr))).toBeLessThan(1e-12);
    expect(maxRelDiff(cmo(x, 14), runTs(new ts.CMO(14), arr))).toBeLessThan(1e-12);
    expect(maxRelDiff(momentum(x, 10), runTs(new ts.MOM(10), arr))).toBeLessThan(1e-12);
    expect(maxRelDiff(roc(x, 10), runTs(new ts.ROC(10), arr, (r) => 100 * Number(r)))).toBeLessThan(1e-12);
    expect(maxRelDiff(stochRsi(x, 14, 14), runTs(new ts.StochasticRSI(14), arr))).toBeLessThan(1e-12);
  });
  it("technicalindicators RSI agrees to its 2-decimal rounding", () => {
    // technicalindicators rounds RSI to 2 decimals (toFixed(2)); the difference is at most 0.005.
    const theirs = alignRight(x.length, ti.RSI.calculate({ period: 14, values: Array.from(x) }));
    const ours = rsi(x, 14);
    for (let i = 14; i < x.length; i++) expect(Math.abs(ours[i]! - theirs[i]!)).toBeLessThanOrEqual(0.005 + 1e-9);
  });
});

describe.runIf(HAS_SHARED)("OHLC momentum indicators vs technicalindicators / trading-signals (S&P 500, shared)", () => {
  const d = sp500();
  const n = d.close.length;
  const [h, l, c] = [Array.from(d.high), Array.from(d.low), Array.from(d.close)];
  const hl = h.map((v, i) => ({ high: v, low: l[i]! }));
  const hlc = h.map((v, i) => ({ high: v, low: l[i]!, close: c[i]! }));

  it("technicalindicators MACD (EMA oscillator and signal) agrees to 1e-12", () => {
    const tm = ti.MACD.calculate({ values: c, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
    const m = macd(d.close);
    expect(maxRelDiff(m.macd, alignRight(n, tm.map((r) => r.MACD)))).toBeLessThan(1e-12);
    expect(maxRelDiff(m.signal, alignRight(n, tm.map((r) => r.signal)))).toBeLessThan(1e-12);
    expect(maxRelDiff(m.histogram, alignRight(n, tm.map((r) => r.histogram)))).toBeLessThan(1e-12);
  });
  it("technicalindicators Stochastic (14, 3), Williams %R, CCI, ADX/+DI/−DI, TRIX, ROC, AO agree", () => {
    const st = ti.Stochastic.calculate({ high: h, low: l, close: c, period: 14, signalPeriod: 3 });
    const ours = stochastic(d.high, d.low, d.close, 14, 1, 3);
    expect(maxRelDiff(ours.k, alignRight(n, st.map((r) => r.k)))).toBeLessThan(1e-12);
    expect(maxRelDiff(ours.d, alignRight(n, st.map((r) => r.d)))).toBeLessThan(1e-12);
    expect(maxRelDiff(williamsR(d.high, d.low, d.close, 14), alignRight(n, ti.WilliamsR.calculate({ high: h, low: l, close: c, period: 14 })))).toBeLessThan(1e-12);
    // CCI: technicalindicators sums the deviations in another order; agreement to 1e-10
    expect(maxRelDiff(cci(d.high, d.low, d.close, 20), alignRight(n, ti.CCI.calculate({ high: h, low: l, close: c, period: 20 })))).toBeLessThan(1e-10);
    const ta = ti.ADX.calculate({ high: h, low: l, close: c, period: 14 });
    const oa = adx(d.high, d.low, d.close, 14);
    expect(maxRelDiff(oa.adx, alignRight(n, ta.map((r) => r.adx)))).toBeLessThan(1e-12);
    // technicalindicators reports DI only from the first ADX bar on: compare there
    const pdi = alignRight(n, ta.map((r) => r.pdi));
    const mdi = alignRight(n, ta.map((r) => r.mdi));
    expect(maxRelDiff(oa.plusDI.subarray(27), pdi.subarray(27))).toBeLessThan(1e-12);
    expect(maxRelDiff(oa.minusDI.subarray(27), mdi.subarray(27))).toBeLessThan(1e-12);
    expect(maxRelDiff(trix(d.close, 15), alignRight(n, ti.TRIX.calculate({ values: c, period: 15 })))).toBeLessThan(1e-12);
    expect(maxRelDiff(roc(d.close, 10), alignRight(n, ti.ROC.calculate({ values: c, period: 10 })))).toBeLessThan(1e-12);
    expect(maxRelDiff(awesomeOscillator(d.high, d.low, 5, 34), alignRight(n, ti.AwesomeOscillator.calculate({ high: h, low: l, fastPeriod: 5, slowPeriod: 34 })))).toBeLessThan(1e-10);
  });
  it("trading-signals Aroon, CCI, Williams %R, ultimate oscillator agree to 1e-12", () => {
    const a = aroon(d.high, d.low, 25);
    expect(maxRelDiff(a.up, runTs(new ts.Aroon(25), hl, (r) => (r as { aroonUp: number }).aroonUp))).toBeLessThan(1e-12);
    expect(maxRelDiff(a.down, runTs(new ts.Aroon(25), hl, (r) => (r as { aroonDown: number }).aroonDown))).toBeLessThan(1e-12);
    expect(maxRelDiff(cci(d.high, d.low, d.close, 20), runTs(new ts.CCI(20), hlc))).toBeLessThan(1e-10);
    expect(maxRelDiff(williamsR(d.high, d.low, d.close, 14), runTs(new ts.WilliamsR(14), hlc))).toBeLessThan(1e-12);
    expect(maxRelDiff(ultimateOscillator(d.high, d.low, d.close), runTs(new ts.UltimateOscillator(), hlc))).toBeLessThan(1e-12);
  });
  // Not cross-checked (definitions differ): trading-signals' ADX/DX smooth DX with an EMA-like
  // average seeded from the first value; its PPO/TRIX use first-value-seeded EMAs.

  it("streams reproduce the vectorised forms bit for bit on VIX OHLC", () => {
    const v = vix();
    const checks: [string, (i: number) => number, Float64Array][] = [];
    const rs = new RsiStream(14);
    checks.push(["rsi", (i) => rs.update(v.close[i]!), rsi(v.close, 14)]);
    const ms = new MacdStream();
    const mv = macd(v.close);
    checks.push(["macd.signal", (i) => (ms.update(v.close[i]!), ms.signal), mv.signal]);
    const ss = new StochasticStream(14, 3, 3);
    checks.push(["stoch.d", (i) => (ss.update(v.high[i]!, v.low[i]!, v.close[i]!), ss.d), stochastic(v.high, v.low, v.close, 14, 3, 3).d]);
    const cs = new CciStream(20);
    checks.push(["cci", (i) => cs.update(v.high[i]!, v.low[i]!, v.close[i]!), cci(v.high, v.low, v.close, 20)]);
    const as = new AdxStream(14);
    checks.push(["adx", (i) => as.update(v.high[i]!, v.low[i]!, v.close[i]!), adx(v.high, v.low, v.close, 14).adx]);
    const ar = new AroonStream(25);
    checks.push(["aroon", (i) => ar.update(v.high[i]!, v.low[i]!), aroon(v.high, v.low, 25).oscillator]);
    const uo = new UltimateOscillatorStream();
    checks.push(["uo", (i) => uo.update(v.high[i]!, v.low[i]!, v.close[i]!), ultimateOscillator(v.high, v.low, v.close)]);
    for (const [name, step, vec] of checks) {
      const streamed = Float64Array.from(v.close, (_, i) => step(i));
      expect(streamed, name).toEqual(vec);
    }
  });
});

describe("bad input", () => {
  it("mismatched lengths, bad windows, zero base prices", () => {
    const a = Float64Array.of(1, 2, 3);
    const b = Float64Array.of(1, 2);
    expect(() => stochastic(a, b, a)).toThrow(/low has 2 values but high has 3/);
    expect(() => adx(a, a, a, 0)).toThrow(ValidationError);
    expect(() => macd(a, 3, 2, 1)).toThrow(ValidationError);
    expect(() => rsi(a, 5)).toThrow(/longer than the data/);
    expect(() => roc(Float64Array.of(0, 1, 2), 1)).toThrow(/bar 1.*roc: the price 1 bars back is 0/);
    expect(() => new AdxStream(14).update(1, -Infinity, 1)).toThrow(/field "low"/);
  });
});
