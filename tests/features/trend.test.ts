import { describe, expect, it } from "vitest";
import { EMA, SMA, WEMA, WMA } from "technicalindicators";
import { HMA, KAMA, TRIMA } from "trading-signals";
import {
  DemaStream,
  EmaStream,
  HmaStream,
  KamaStream,
  SmaStream,
  TemaStream,
  TrimaStream,
  WmaStream,
  dema,
  ema,
  hma,
  kama,
  rma,
  sma,
  tema,
  trima,
  wma,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";
import { HAS_SHARED } from "../helpers/env.js";
import { alignRight, firstValid, henryHub, maxRelDiff, sp500 } from "./data.js";
import { refEma, refSma, refWma } from "./reference.js";

/** Henry Hub closes without the one missing day (the reference implementations take no NaN). */
function hhCloses(): Float64Array {
  return henryHub().close.filter((v) => !Number.isNaN(v));
}

describe("moving averages: worked examples", () => {
  it("SMA, EMA, WMA of 1..5 by hand", () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    expect([...sma(x, 3)]).toEqual([NaN, NaN, 2, 3, 4]);
    // α = 2/(3+1) = 0.5, seed (1+2+3)/3 = 2; then 2 + 0.5·2 = 3; 3 + 0.5·2 = 4
    expect([...ema(x, 3)]).toEqual([NaN, NaN, 2, 3, 4]);
    // weights 1,2,3 / 6
    expect(wma(x, 3)[2]).toBeCloseTo(14 / 6, 15);
    expect(wma(x, 3)[3]).toBeCloseTo(20 / 6, 15);
    // Wilder: seed (1+2+3)/3 = 2, then 2 + (4 − 2)/3
    expect(rma(x, 3)[3]).toBeCloseTo(2 + 2 / 3, 15);
  });

  it("DEMA and TEMA cancel the lag of a straight line exactly", () => {
    // For a linear input x_t = t, EMA lags by (1−α)/α; DEMA and TEMA remove that lag exactly once warm.
    const x = Float64Array.from({ length: 200 }, (_, i) => i);
    const d = dema(x, 5);
    const t = tema(x, 5);
    expect(firstValid(d)).toBe(8);
    expect(firstValid(t)).toBe(12);
    // after the seeds' effect has decayed the value is the input itself
    for (let i = 150; i < 200; i++) {
      expect(d[i]).toBeCloseTo(i, 9);
      expect(t[i]).toBeCloseTo(i, 9);
    }
  });

  it("TRIMA(5) weights 1,2,3,2,1 / 9 by hand", () => {
    const x = Float64Array.of(1, 4, 9, 16, 25, 36);
    expect(trima(x, 5)[4]).toBeCloseTo((1 + 8 + 27 + 32 + 25) / 9, 14);
    expect(trima(x, 5)[5]).toBeCloseTo((4 + 18 + 48 + 50 + 36) / 9, 14);
  });

  it("KAMA by hand: ER = 1 on a trend, ER = 0 on a round trip", () => {
    const k = kama(Float64Array.of(1, 2, 3, 2), 2, 2, 30);
    expect(firstValid(k)).toBe(2);
    expect(k[2]).toBeCloseTo(2 + (4 / 9) * (3 - 2), 15);
    const sc = (2 / 31) ** 2;
    expect(k[3]).toBeCloseTo(k[2]! + sc * (2 - k[2]!), 15);
  });
});

describe("moving averages vs independent references on Henry Hub (data/sample)", () => {
  const x = hhCloses();
  it("SMA, EMA, WMA, RMA match two-pass references", () => {
    for (const n of [1, 2, 5, 20, 200]) {
      expect(maxRelDiff(sma(x, n), refSma(x, n))).toBeLessThan(1e-12);
      expect(maxRelDiff(ema(x, n), refEma(x, n))).toBeLessThan(1e-12);
      expect(maxRelDiff(wma(x, n), refWma(x, n))).toBeLessThan(1e-12);
      expect(maxRelDiff(rma(x, n), refEma(x, n, 1 / n))).toBeLessThan(1e-12);
    }
  });

  it("DEMA and TEMA match nested reference EMAs", () => {
    for (const n of [3, 10, 30]) {
      const e1 = refEma(x, n);
      const e2 = refEma(e1, n);
      const e3 = refEma(e2, n);
      const refD = e1.map((v, i) => 2 * v - e2[i]!);
      const refT = e1.map((v, i) => 3 * v - 3 * e2[i]! + e3[i]!);
      expect(maxRelDiff(dema(x, n), refD)).toBeLessThan(1e-12);
      expect(maxRelDiff(tema(x, n), refT)).toBeLessThan(1e-12);
    }
  });

  it("HMA matches WMA(2·WMA(n/2) − WMA(n), √n) built from reference WMAs", () => {
    const n = 20;
    const half = refWma(x, 10);
    const full = refWma(x, 20);
    const diff = half.map((v, i) => 2 * v - full[i]!);
    expect(maxRelDiff(hma(x, n), refWma(diff, 4))).toBeLessThan(1e-12);
  });

  it("KAMA matches its definition computed directly", () => {
    const n = 10;
    const fastSc = 2 / 3;
    const slowSc = 2 / 31;
    const ref = new Float64Array(x.length).fill(NaN);
    let prev = x[n - 1]!;
    for (let t = n; t < x.length; t++) {
      let vol = 0;
      for (let i = t - n + 1; i <= t; i++) vol += Math.abs(x[i]! - x[i - 1]!);
      const er = vol > 0 ? Math.abs(x[t]! - x[t - n]!) / vol : 1;
      const sc = (er * (fastSc - slowSc) + slowSc) ** 2;
      prev = prev + sc * (x[t]! - prev);
      ref[t] = prev;
    }
    expect(maxRelDiff(kama(x, n, 2, 30), ref)).toBeLessThan(1e-12);
  });
});

describe("moving averages vs technicalindicators / trading-signals", () => {
  const x = hhCloses();
  const arr = Array.from(x);
  it("technicalindicators SMA, EMA (SMA seed), WMA, WEMA (Wilder) agree to 1e-12", () => {
    expect(maxRelDiff(sma(x, 20), alignRight(x.length, SMA.calculate({ period: 20, values: arr })))).toBeLessThan(1e-12);
    expect(maxRelDiff(ema(x, 20), alignRight(x.length, EMA.calculate({ period: 20, values: arr })))).toBeLessThan(1e-12);
    expect(maxRelDiff(wma(x, 20), alignRight(x.length, WMA.calculate({ period: 20, values: arr })))).toBeLessThan(1e-12);
    expect(maxRelDiff(rma(x, 14), alignRight(x.length, WEMA.calculate({ period: 14, values: arr })))).toBeLessThan(1e-12);
  });

  it("trading-signals HMA, TRIMA (odd and even), KAMA (after its seed bar) agree to 1e-12", () => {
    const run = (ind: { add(v: number): unknown; isStable: boolean }) =>
      Float64Array.from(arr, (v) => {
        const r = ind.add(v);
        return ind.isStable && r !== null ? Number(r) : NaN;
      });
    expect(maxRelDiff(hma(x, 20), run(new HMA(20)))).toBeLessThan(1e-12);
    expect(maxRelDiff(trima(x, 20), run(new TRIMA(20)))).toBeLessThan(1e-12);
    expect(maxRelDiff(trima(x, 19), run(new TRIMA(19)))).toBeLessThan(1e-12);
    // trading-signals also reports the seed bar (bar n−1 = x_{n−1}); from bar n on the values agree.
    const theirs = run(new KAMA(10));
    expect(theirs[9]).toBe(x[9]);
    theirs[9] = NaN;
    expect(maxRelDiff(kama(x, 10), theirs)).toBeLessThan(1e-12);
  });
  // trading-signals' EMA/DEMA/TEMA/RMA seed with the first value instead of the SMA of the first n,
  // so their early values differ (the difference decays as (1−α)^t); no exact cross-check there.
});

describe.runIf(HAS_SHARED)("streaming = vectorised on real data (S&P 500 closes, shared)", () => {
  it("every moving-average stream reproduces its vectorised form bit for bit", () => {
    const x = sp500().close;
    const cases: [string, { update(v: number): number }, Float64Array][] = [
      ["sma", new SmaStream(20), sma(x, 20)],
      ["ema", new EmaStream(20), ema(x, 20)],
      ["wma", new WmaStream(20), wma(x, 20)],
      ["dema", new DemaStream(20), dema(x, 20)],
      ["tema", new TemaStream(20), tema(x, 20)],
      ["hma", new HmaStream(20), hma(x, 20)],
      ["trima", new TrimaStream(20), trima(x, 20)],
      ["kama", new KamaStream(10), kama(x, 10)],
    ];
    for (const [name, s, vec] of cases) {
      const streamed = Float64Array.from(x, (v) => s.update(v));
      expect(streamed, name).toEqual(vec);
    }
  });
});

describe("bad input", () => {
  const x = Float64Array.of(1, 2, 3);
  it("windows < 1, non-integer or longer than the data are ValidationErrors", () => {
    expect(() => sma(x, 0)).toThrow(ValidationError);
    expect(() => ema(x, 1.5)).toThrow(/integer ≥ 1/);
    expect(() => wma(x, 4)).toThrow(/longer than the data \(3 bars\)/);
    expect(() => hma(x, 1)).toThrow(/integer ≥ 2/);
    expect(() => new SmaStream(-1)).toThrow(ValidationError);
  });
  it("an infinite value names the indicator and the bar", () => {
    expect(() => sma(Float64Array.of(1, 2, Infinity), 2)).toThrow(/bar 2.*sma: value is Infinity/);
    expect(() => kama(Float64Array.of(1, -Infinity, 3), 1)).toThrow(/bar 1/);
  });
});
