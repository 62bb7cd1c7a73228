import { describe, expect, it } from "vitest";
import { RogersSatchellVolatility } from "trading-signals";
import {
  CloseToCloseVolStream,
  EwmaVolStream,
  RangeVolStream,
  YangZhangVolStream,
  closeToCloseVol,
  ewmaVol,
  garmanKlassVol,
  parkinsonVol,
  rogersSatchellVol,
  yangZhangVol,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { maxRelDiff, sp500, vix } from "./data.js";

// Three bars (O, H, L, C), worked by hand below with window 2 and per-bar units (P = 1).
const bars = {
  open: Float64Array.of(100, 104, 101),
  high: Float64Array.of(106, 107, 103),
  low: Float64Array.of(98, 100, 97),
  close: Float64Array.of(103, 102, 98),
};
const ln = Math.log;

describe("worked examples (window 2, per-bar)", () => {
  it("close-to-close: sample std of ln(102/103), ln(98/102)", () => {
    const r1 = ln(102 / 103);
    const r2 = ln(98 / 102);
    const m = (r1 + r2) / 2;
    expect(closeToCloseVol(bars.close, 2, 1)[2]).toBeCloseTo(Math.sqrt((r1 - m) ** 2 + (r2 - m) ** 2), 15);
    // annualising multiplies by √252
    expect(closeToCloseVol(bars.close, 2)[2]).toBeCloseTo(Math.sqrt(252 * ((r1 - m) ** 2 + (r2 - m) ** 2)), 13);
  });
  it("Parkinson, Garman–Klass, Rogers–Satchell on bars 1 and 2", () => {
    const pk = (h: number, l: number) => ln(h / l) ** 2 / (4 * Math.LN2);
    const gk = (o: number, h: number, l: number, c: number) => 0.5 * ln(h / l) ** 2 - (2 * Math.LN2 - 1) * ln(c / o) ** 2;
    const rs = (o: number, h: number, l: number, c: number) => ln(h / c) * ln(h / o) + ln(l / c) * ln(l / o);
    expect(parkinsonVol(bars, 2, 1)[2]).toBeCloseTo(Math.sqrt((pk(107, 100) + pk(103, 97)) / 2), 15);
    expect(garmanKlassVol(bars, 2, 1)[2]).toBeCloseTo(Math.sqrt((gk(104, 107, 100, 102) + gk(101, 103, 97, 98)) / 2), 15);
    expect(rogersSatchellVol(bars, 2, 1)[2]).toBeCloseTo(Math.sqrt((rs(104, 107, 100, 102) + rs(101, 103, 97, 98)) / 2), 15);
    expect(Number.isNaN(parkinsonVol(bars, 2, 1)[0])).toBe(true);
  });
  it("Yang–Zhang: overnight and open→close sample variances plus k-weighted RS", () => {
    const o = [ln(104 / 103), ln(101 / 102)];
    const c = [ln(102 / 104), ln(98 / 101)];
    const sv = (a: number[]) => {
      const m = (a[0]! + a[1]!) / 2;
      return (a[0]! - m) ** 2 + (a[1]! - m) ** 2; // /(n−1) = /1
    };
    const rs = (ln(107 / 102) * ln(107 / 104) + ln(100 / 102) * ln(100 / 104) + ln(103 / 98) * ln(103 / 101) + ln(97 / 98) * ln(97 / 101)) / 2;
    const k = 0.34 / (1.34 + 3 / 1);
    expect(yangZhangVol(bars, 2, 1)[2]).toBeCloseTo(Math.sqrt(sv(o) + k * sv(c) + (1 - k) * rs), 15);
    expect(Number.isNaN(yangZhangVol(bars, 2, 1)[1])).toBe(true);
  });
  it("EWMA: seed with the mean of the first squared returns, then λσ² + (1−λ)r²", () => {
    const r1 = ln(102 / 103);
    const r2 = ln(98 / 102);
    const e = ewmaVol(bars.close, 0.94, 1, 1);
    expect(e[1]).toBeCloseTo(Math.abs(r1), 15);
    expect(e[2]).toBeCloseTo(Math.sqrt(0.94 * r1 * r1 + 0.06 * r2 * r2), 15);
  });
});

describe("estimators recover a known σ from simulated intraday paths", () => {
  it("each estimator is within a few percent of the true σ (2,000 bars of 390 steps, σ = 30%/yr)", () => {
    // Deterministic normal draws (Box–Muller on a Park–Miller generator).
    let s = 12345;
    const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const z = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const n = 2000;
    const steps = 390;
    const sigmaBar = 0.3 / Math.sqrt(252);
    const o = new Float64Array(n), h = new Float64Array(n), l = new Float64Array(n), c = new Float64Array(n);
    let logP = Math.log(50);
    for (let i = 0; i < n; i++) {
      // overnight jump with the same per-step volatility scale: 1/10 of a day's variance
      logP += Math.sqrt(0.1) * sigmaBar * z();
      o[i] = Math.exp(logP);
      let hi = logP, lo = logP;
      for (let k = 0; k < steps; k++) {
        logP += (Math.sqrt(0.9) * sigmaBar * z()) / Math.sqrt(steps);
        if (logP > hi) hi = logP;
        if (logP < lo) lo = logP;
      }
      h[i] = Math.exp(hi);
      l[i] = Math.exp(lo);
      c[i] = Math.exp(logP);
    }
    const b = { open: o, high: h, low: l, close: c };
    const last = (x: Float64Array) => x[n - 1]!;
    const total = 0.3; // overnight + intraday variance add up to σ² per bar
    const intraday = 0.3 * Math.sqrt(0.9);
    expect(Math.abs(last(closeToCloseVol(c, n - 1)) / total - 1)).toBeLessThan(0.05);
    expect(Math.abs(last(yangZhangVol(b, n - 1)) / total - 1)).toBeLessThan(0.05);
    // range estimators see only the trading session (discrete sampling biases them slightly low)
    expect(Math.abs(last(parkinsonVol(b, n)) / intraday - 1)).toBeLessThan(0.05);
    expect(Math.abs(last(garmanKlassVol(b, n)) / intraday - 1)).toBeLessThan(0.05);
    expect(Math.abs(last(rogersSatchellVol(b, n)) / intraday - 1)).toBeLessThan(0.05);
  });
});

describe.runIf(HAS_SHARED)("real data (shared)", () => {
  it("S&P 500: trading-signals Rogers–Satchell agrees; streams reproduce vectorised forms bit for bit", () => {
    const d = sp500();
    const ours = rogersSatchellVol(d, 14, 1);
    const rs = new RogersSatchellVolatility(14);
    const theirs = Float64Array.from(d.close, (_, i) => {
      const r = rs.add({ open: d.open[i]!, high: d.high[i]!, low: d.low[i]!, close: d.close[i]! });
      return r === null ? NaN : Number(r);
    });
    expect(maxRelDiff(ours, theirs)).toBeLessThan(1e-12);
    const cases: [string, (i: number) => number, Float64Array][] = [];
    const cc = new CloseToCloseVolStream(21);
    cases.push(["cc", (i) => cc.update(d.close[i]!), closeToCloseVol(d.close, 21)]);
    for (const est of ["parkinson", "garmanKlass", "rogersSatchell"] as const) {
      const st = new RangeVolStream(est, 21);
      const vec = est === "parkinson" ? parkinsonVol(d) : est === "garmanKlass" ? garmanKlassVol(d) : rogersSatchellVol(d);
      cases.push([est, (i) => st.update(d.open[i]!, d.high[i]!, d.low[i]!, d.close[i]!), vec]);
    }
    const yz = new YangZhangVolStream(21);
    cases.push(["yz", (i) => yz.update(d.open[i]!, d.high[i]!, d.low[i]!, d.close[i]!), yangZhangVol(d)]);
    const ew = new EwmaVolStream();
    cases.push(["ewma", (i) => ew.update(d.close[i]!), ewmaVol(d.close)]);
    for (const [name, step, vec] of cases) expect(Float64Array.from(d.close, (_, i) => step(i)), name).toEqual(vec);
  });
  it("VIX has inconsistent source bars (high < close on 1992-02-11 …): refused with the bar named", () => {
    const v = vix();
    expect(() => parkinsonVol(v)).toThrow(ValidationError);
    expect(() => yangZhangVol(v)).toThrow(/bar [0-9]+: yangZhangVol: inconsistent bar/);
  });
});

describe("bad input", () => {
  it("non-positive prices, bad lambda, window too long", () => {
    expect(() => closeToCloseVol(Float64Array.of(1, 0, 2, 3), 2)).toThrow(/bar 1, field "close"/);
    expect(() => ewmaVol(Float64Array.of(1, 2, 3), 1, 1)).toThrow(/lambda/);
    expect(() => yangZhangVol(bars, 3)).toThrow(/longer than the data/);
    expect(() => parkinsonVol({ ...bars, low: Float64Array.of(98, 100) })).toThrow(/low has 2 values/);
  });
  it("a missing bar is skipped (NaN out, state unchanged)", () => {
    const withGap = { ...bars, close: Float64Array.of(103, NaN, 98) };
    const r = rogersSatchellVol(withGap, 1, 1);
    expect(Number.isNaN(r[1])).toBe(true);
    expect(r[2]).toBe(rogersSatchellVol(bars, 1, 1)[2]);
  });
});
