import { describe, expect, it } from "vitest";
import * as ti from "technicalindicators";
import * as ts from "trading-signals";
import {
  AtrStream,
  BollingerStream,
  ChaikinStream,
  KeltnerStream,
  MfiStream,
  SessionVwapStream,
  VwapStream,
  adl,
  atr,
  bollinger,
  cmf,
  donchian,
  forceIndex,
  keltner,
  mfi,
  natr,
  obv,
  sessionVwap,
  trueRange,
  vwap,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { alignRight, maxRelDiff, minuteBars, sp500 } from "./data.js";
import { refAtr, refEma, refRollingExtreme, refSma, refTrueRange } from "./reference.js";

type Incremental = { add(v: never): unknown; isStable: boolean };
function runTs<I>(ind: Incremental, inputs: I[], pick: (r: unknown) => number = Number): Float64Array {
  return Float64Array.from(inputs, (inp) => {
    const r = ind.add(inp as never);
    return ind.isStable && r !== null && r !== undefined ? pick(r) : NaN;
  });
}

describe("worked examples", () => {
  it("Wilder's true range and ATR(2) by hand", () => {
    const h = Float64Array.of(10, 11, 10);
    const l = Float64Array.of(8, 9, 7);
    const c = Float64Array.of(9, 10, 8);
    expect([...trueRange(h, l, c)]).toEqual([2, 2, 3]);
    expect([...atr(h, l, c, 2)]).toEqual([NaN, 2, 2.5]);
    expect(natr(h, l, c, 2)[2]).toBeCloseTo((100 * 2.5) / 8, 14);
  });

  it("Bollinger's bands use the population σ: 2,4,4,4,5,5,7,9 has mean 5, σ 2", () => {
    const b = bollinger(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9), 8, 2);
    expect(b.middle[7]).toBe(5);
    expect(b.upper[7]).toBeCloseTo(9, 14);
    expect(b.lower[7]).toBeCloseTo(1, 14);
    expect(b.percentB[7]).toBeCloseTo((9 - 1) / 8, 14);
    expect(b.bandwidth[7]).toBeCloseTo(8 / 5, 14);
  });

  it("OBV, A/D line, CMF, MFI, force index and VWAP by hand", () => {
    const h = Float64Array.of(10, 12, 12, 11);
    const l = Float64Array.of(8, 10, 9, 9);
    const c = Float64Array.of(9, 11.5, 10, 10);
    const v = Float64Array.of(100, 200, 300, 400);
    expect([...obv(c, v)]).toEqual([0, 200, -100, -100]);
    // MFM: 0, (1.5 − 0.5)/2 = 0.5, (1 − 2)/3 = −1/3, 0
    const mfv = [0, 100, -100, 0];
    expect([...adl(h, l, c, v)]).toEqual([0, 100, 0, 0]);
    expect(cmf(h, l, c, v, 2)[2]).toBeCloseTo((mfv[1]! + mfv[2]!) / 500, 14);
    // typical prices 9, 11.166…, 10.333…, 10 → up, down, down
    const tp = [9, 33.5 / 3, 31 / 3, 10];
    expect(mfi(h, l, c, v, 2)[2]).toBeCloseTo((100 * tp[1]! * 200) / (tp[1]! * 200 + tp[2]! * 300), 12);
    expect(mfi(h, l, c, v, 2)[3]).toBe(0);
    // force index(1) is the raw (ΔC·V)
    expect([...forceIndex(c, v, 1)]).toEqual([NaN, 500, -450, 0]);
    expect(vwap(h, l, c, v, 2)[1]).toBeCloseTo((tp[0]! * 100 + tp[1]! * 200) / 300, 12);
  });

  it("a window without volume has no VWAP (NaN by definition) and CMF 0", () => {
    const x = Float64Array.of(1, 2, 3);
    const z = new Float64Array(3);
    expect(Number.isNaN(vwap(x, x, x, z, 2)[2])).toBe(true);
    expect(cmf(x, x, x, z, 2)[2]).toBe(0);
  });
});

describe.runIf(HAS_SHARED)("bands and volume vs references and libraries (S&P 500, shared)", () => {
  const d = sp500();
  const n = d.close.length;
  const [h, l, c, v] = [Array.from(d.high), Array.from(d.low), Array.from(d.close), Array.from(d.volume)];
  const hl = h.map((x, i) => ({ high: x, low: l[i]! }));
  const hlc = h.map((x, i) => ({ high: x, low: l[i]!, close: c[i]! }));
  const hlcv = h.map((x, i) => ({ high: x, low: l[i]!, close: c[i]!, volume: v[i]! }));

  it("ATR/NATR: Wilder reference and trading-signals exactly; technicalindicators after its seed decays", () => {
    const ours = atr(d.high, d.low, d.close, 14);
    expect(maxRelDiff(ours, refAtr(d.high, d.low, d.close, 14))).toBeLessThan(1e-12);
    expect(maxRelDiff(ours, runTs(new ts.ATR(14), hlc))).toBeLessThan(1e-12);
    expect(maxRelDiff(natr(d.high, d.low, d.close, 14), runTs(new ts.NATR(14), hlc))).toBeLessThan(1e-12);
    // technicalindicators (like TA-Lib) drops bar 0's H − L and seeds at bar 14 with TR 1..14;
    // the seeds differ, and the gap shrinks by 13/14 per bar: below 1e-9 after 400 bars.
    const theirs = alignRight(n, ti.ATR.calculate({ high: h, low: l, close: c, period: 14 }));
    expect(maxRelDiff(ours.subarray(400), theirs.subarray(400))).toBeLessThan(1e-9);
    expect(maxRelDiff(trueRange(d.high, d.low, d.close), refTrueRange(d.high, d.low, d.close))).toBe(0);
  });

  it("Bollinger: technicalindicators and trading-signals agree; Keltner and Donchian match references", () => {
    const b = bollinger(d.close, 20, 2);
    const tb = ti.BollingerBands.calculate({ period: 20, values: c, stdDev: 2 });
    expect(maxRelDiff(b.upper, alignRight(n, tb.map((r) => r.upper)))).toBeLessThan(1e-12);
    expect(maxRelDiff(b.lower, alignRight(n, tb.map((r) => r.lower)))).toBeLessThan(1e-12);
    expect(maxRelDiff(b.percentB, alignRight(n, tb.map((r) => r.pb)))).toBeLessThan(1e-10);
    expect(maxRelDiff(b.upper, runTs(new ts.BollingerBands(20, 2), c, (r) => (r as { upper: number }).upper))).toBeLessThan(1e-12);
    const k = keltner(d.high, d.low, d.close, 20, 2, 10);
    const e = refEma(d.close, 20);
    const a = refAtr(d.high, d.low, d.close, 10);
    expect(maxRelDiff(k.upper, e.map((x, i) => x + 2 * a[i]!))).toBeLessThan(1e-12);
    expect(maxRelDiff(k.lower, e.map((x, i) => x - 2 * a[i]!))).toBeLessThan(1e-12);
    const dc = donchian(d.high, d.low, 20);
    expect(maxRelDiff(dc.upper, refRollingExtreme(d.high, 20, true))).toBe(0);
    expect(maxRelDiff(dc.lower, refRollingExtreme(d.low, 20, false))).toBe(0);
    expect(maxRelDiff(dc.middle, runTs(new ts.DonchianChannels(20), hl, (r) => (r as { middle: number }).middle))).toBeLessThan(1e-12);
  });

  it("OBV, A/D, CMF, MFI, force index agree with technicalindicators / trading-signals", () => {
    // technicalindicators' OBV starts at bar 1 (ours has OBV_0 = 0)
    const o = obv(d.close, d.volume);
    expect(maxRelDiff(o.subarray(1), Float64Array.from(ti.OBV.calculate({ close: c, volume: v })))).toBe(0);
    // technicalindicators rounds the A/D line's running total; relative agreement 1e-8
    const theirAdl = Float64Array.from(ti.ADL.calculate({ high: h, low: l, close: c, volume: v }));
    expect(maxRelDiff(adl(d.high, d.low, d.close, d.volume), theirAdl)).toBeLessThan(1e-8);
    expect(maxRelDiff(cmf(d.high, d.low, d.close, d.volume, 20), runTs(new ts.CMF(20), hlcv))).toBeLessThan(1e-12);
    expect(maxRelDiff(mfi(d.high, d.low, d.close, d.volume, 14), runTs(new ts.MFI(14), hlcv))).toBeLessThan(1e-12);
    expect(maxRelDiff(forceIndex(d.close, d.volume, 13), alignRight(n, ti.ForceIndex.calculate({ close: c, volume: v, period: 13 })))).toBeLessThan(1e-12);
  });

  it("rolling VWAP matches Σ TP·V / Σ V recomputed per window", () => {
    const tp = d.close.map((x, i) => (d.high[i]! + d.low[i]! + x) / 3);
    const pv = refSma(tp.map((x, i) => x * d.volume[i]!), 20);
    const vv = refSma(d.volume, 20);
    expect(maxRelDiff(vwap(d.high, d.low, d.close, d.volume, 20), pv.map((x, i) => x / vv[i]!))).toBeLessThan(1e-12);
  });

  it("streams reproduce the vectorised forms bit for bit", () => {
    const cases: [string, (i: number) => number, Float64Array][] = [];
    const as = new AtrStream(14);
    cases.push(["atr", (i) => as.update(d.high[i]!, d.low[i]!, d.close[i]!), atr(d.high, d.low, d.close, 14)]);
    const bs = new BollingerStream(20, 2);
    cases.push(["bb.lower", (i) => (bs.update(d.close[i]!), bs.lower), bollinger(d.close, 20, 2).lower]);
    const ks = new KeltnerStream(20, 2, 10);
    cases.push(["kc.upper", (i) => (ks.update(d.high[i]!, d.low[i]!, d.close[i]!), ks.upper), keltner(d.high, d.low, d.close).upper]);
    const ch = new ChaikinStream(20);
    cases.push(["cmf", (i) => ch.update(d.high[i]!, d.low[i]!, d.close[i]!, d.volume[i]!), cmf(d.high, d.low, d.close, d.volume, 20)]);
    const ms = new MfiStream(14);
    cases.push(["mfi", (i) => ms.update(d.high[i]!, d.low[i]!, d.close[i]!, d.volume[i]!), mfi(d.high, d.low, d.close, d.volume, 14)]);
    const vs = new VwapStream(20);
    cases.push(["vwap", (i) => vs.update(d.high[i]!, d.low[i]!, d.close[i]!, d.volume[i]!), vwap(d.high, d.low, d.close, d.volume, 20)]);
    for (const [name, step, vec] of cases) expect(Float64Array.from(d.close, (_, i) => step(i)), name).toEqual(vec);
  });
});

describe.runIf(HAS_SHARED)("session VWAP on 1-minute bars (backtrader sample, shared)", () => {
  it("restarts each UTC day and equals the cumulative Σ TP·V / Σ V of the day so far", () => {
    const m = minuteBars();
    const out = sessionVwap(m.time, m.high, m.low, m.close, m.volume, 0);
    let day = -1;
    let pv = 0;
    let vol = 0;
    let worst = 0;
    for (let i = 0; i < m.time.length; i++) {
      const dd = Math.floor(m.time[i]! / 86_400_000);
      if (dd !== day) {
        day = dd;
        pv = vol = 0;
      }
      pv += ((m.high[i]! + m.low[i]! + m.close[i]!) / 3) * m.volume[i]!;
      vol += m.volume[i]!;
      const ref = vol > 0 ? pv / vol : NaN;
      if (Number.isNaN(ref)) expect(Number.isNaN(out[i]!)).toBe(true);
      else worst = Math.max(worst, Math.abs(out[i]! - ref) / ref);
    }
    expect(worst).toBeLessThan(1e-12);
    const s = new SessionVwapStream(0);
    expect(Float64Array.from(m.time, (t, i) => s.update(t, m.high[i]!, m.low[i]!, m.close[i]!, m.volume[i]!))).toEqual(out);
  });
});

describe("bad input", () => {
  it("non-increasing time and mismatched lengths are ValidationErrors naming the bar/field", () => {
    const x = Float64Array.of(1, 2, 3);
    expect(() => sessionVwap(Float64Array.of(0, 5, 5), x, x, x, x)).toThrow(/bar 2, field "time"/);
    expect(() => new SessionVwapStream().update(NaN, 1, 1, 1, 1)).toThrow(ValidationError);
    expect(() => atr(x, x, Float64Array.of(1, 2), 2)).toThrow(/close has 2 values but high has 3/);
    expect(() => obv(x, Float64Array.of(1, Infinity, 1))).toThrow(/bar 1, field "volume"/);
  });
});
