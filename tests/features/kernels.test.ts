import { describe, expect, it } from "vitest";
import * as F from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";

/** Deterministic uniform [0, 1) generator (Park–Miller). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Small integers (many ties), some ±0, some NaN. */
function tiesWithGaps(n: number, seed: number, nanRate = 0.05): Float64Array {
  const r = lcg(seed);
  return Float64Array.from({ length: n }, () => {
    const u = r();
    if (u < nanRate) return NaN;
    if (u < nanRate + 0.08) return r() < 0.5 ? -0 : 0;
    return Math.floor(r() * 7) - 3;
  });
}

/** Indices of the bars that are not missing (`x` is a number there and `missing` does not mark them). */
function validBars(x: Float64Array, missing?: Uint8Array): number[] {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!) && !(missing && missing[i] === 1)) idx.push(i);
  return idx;
}

/** Brute-force sliding extreme over the last `w` valid values, ties to the newest; also how many valid bars ago. */
function naiveExtreme(x: Float64Array, w: number, max: boolean, missing?: Uint8Array) {
  const value = new Float64Array(x.length).fill(NaN);
  const since = new Float64Array(x.length).fill(NaN);
  const idx = validBars(x, missing);
  for (let k = w - 1; k < idx.length; k++) {
    let best = k - w + 1;
    for (let j = k - w + 2; j <= k; j++) {
      const a = x[idx[j]!]!;
      const b = x[idx[best]!]!;
      if (max ? a >= b : a <= b) best = j; // equal (−0 == +0 included): the newer one
    }
    value[idx[k]!] = x[idx[best]!]!;
    since[idx[k]!] = k - best;
  }
  return { value, since };
}

function expectSame(a: Float64Array, b: Float64Array, label: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${label} bar ${i}: ${a[i]} vs ${b[i]}`);
  }
}

describe("sliding extreme kernel (van Herk/Gil-Werman) against a brute-force scan", () => {
  it("maximum, minimum and bars-since over ties, ±0 and missing bars, many windows", () => {
    for (const seed of [1, 2, 3]) {
      const x = tiesWithGaps(400, seed);
      for (const w of [1, 2, 3, 4, 5, 7, 14, 20, 26, 57]) {
        for (const max of [true, false]) {
          const ref = naiveExtreme(x, w, max);
          const out = new Float64Array(x.length);
          const since = new Float64Array(x.length);
          F.slidingExtremeInto(x, w, max ? 1 : -1, out, since);
          expectSame(out, ref.value, `w ${w} ${max ? "max" : "min"} seed ${seed}`);
          expectSame(since, ref.since, `since w ${w} ${max ? "max" : "min"} seed ${seed}`);
          // values only (the other kernel), and the streaming deque
          const valuesOnly = F.slidingExtremeInto(x, w, max ? 1 : -1, new Float64Array(x.length));
          expectSame(valuesOnly, ref.value, `values only w ${w}`);
          const s = max ? new F.RollingMaxStream(w) : new F.RollingMinStream(w);
          const streamed = Float64Array.from(x, (v) => s.update(v));
          expectSame(streamed, ref.value, `stream w ${w}`);
        }
      }
    }
  });

  it("a mask of missing bars, a leading warm-up of NaNs, no valid bar at all", () => {
    const x = tiesWithGaps(300, 9, 0);
    const missing = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i += 7) missing[i] = 1;
    const ref = naiveExtreme(x, 10, true, missing);
    const since = new Float64Array(x.length);
    expectSame(
      F.slidingExtremeInto(x, 10, 1, new Float64Array(x.length), since, missing),
      ref.value,
      "masked",
    );
    expectSame(since, ref.since, "masked since");
    const warm = x.slice();
    warm.fill(NaN, 0, 40); // only a prefix missing: no compaction
    expectSame(
      F.slidingExtremeInto(warm, 6, -1, new Float64Array(x.length)),
      naiveExtreme(warm, 6, false).value,
      "prefix",
    );
    const none = new Float64Array(5).fill(NaN);
    expect([...F.slidingExtremeInto(none, 2, 1, new Float64Array(5))].every(Number.isNaN)).toBe(true);
    // fewer valid values than the window: all NaN
    expect([...F.rollingMax(Float64Array.of(1, NaN, 2, NaN, 3), 4)].every(Number.isNaN)).toBe(true);
  });

  it("rollingMax keeps the sign of the newest of tied zeros, as the stream", () => {
    const x = Float64Array.of(-0, 0, -0, -1, -0, -2, 0);
    expectSame(F.rollingMax(x, 2), Float64Array.of(NaN, 0, -0, -0, -0, -0, 0), "max ±0");
    expectSame(F.rollingMin(x, 3), Float64Array.of(NaN, NaN, -0, -1, -1, -2, -2), "min ±0");
  });

  it("Aroon's bars since the extreme, against the brute force", () => {
    const h = tiesWithGaps(500, 4, 0).map((v) => v + 10);
    const l = h.map((v, i) => v - 1 - (i % 3));
    h[100] = NaN; // a missing bar
    const a = F.aroon(h, l, 25);
    const missing = F.indicatorMissingBars("aroon", { high: h, low: l });
    const up = naiveExtreme(h, 26, true, missing!).since;
    const down = naiveExtreme(l, 26, false, missing!).since;
    for (let i = 0; i < h.length; i++) {
      expect(Object.is(a.up[i], (100 * (25 - up[i]!)) / 25), `up ${i}`).toBe(true);
      expect(Object.is(a.down[i], (100 * (25 - down[i]!)) / 25), `down ${i}`).toBe(true);
    }
  });
});

describe("rolling-sum, EMA, moments, covariance and regression kernels against brute force", () => {
  const x = tiesWithGaps(600, 5).map((v, i) => (Number.isNaN(v) ? v : 50 + v + Math.sin(i / 5)));
  const y = tiesWithGaps(600, 6).map((v, i) => (Number.isNaN(v) ? v : v * 0.5 + Math.cos(i / 3)));
  const idx = validBars(x);

  it("rolling sum and SMA over the last n valid values", () => {
    for (const w of [1, 3, 20]) {
      const out = F.rollingSumInto(x, w, w, new Float64Array(x.length), "sma", "x");
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        if (k < w - 1) {
          expect(Number.isNaN(out[i]!)).toBe(true);
          continue;
        }
        let s = 0;
        for (let j = k - w + 1; j <= k; j++) s += x[idx[j]!]!;
        expect(Math.abs(out[i]! - s / w)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s / w)));
      }
      expectSame(
        out,
        Float64Array.from(
          x,
          (
            (s) => (v: number) =>
              s.update(v)
          )(new F.SmaStream(w)),
        ),
        `sma stream ${w}`,
      );
    }
  });

  it("EMA: mean of the first n valid values, then the recursion", () => {
    const w = 9;
    const alpha = 2 / (w + 1);
    const out = F.emaInto(x, w, alpha, new Float64Array(x.length));
    let e = 0;
    for (let k = 0; k < idx.length; k++) {
      const v = x[idx[k]!]!;
      if (k < w - 1) e += v;
      else if (k === w - 1) e = (e + v) / w;
      else e = e + alpha * (v - e);
      if (k >= w - 1) expect(Math.abs(out[idx[k]!]! - e)).toBeLessThan(1e-12 * Math.abs(e));
    }
    for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) expect(Number.isNaN(out[i]!)).toBe(true);
  });

  it("moments, covariance and regression equal two-pass sums over the window's valid values", () => {
    const w = 20;
    const mean = new Float64Array(x.length);
    const variance = new Float64Array(x.length);
    const skew = new Float64Array(x.length);
    F.rollingMomentsInto(x, w, 4, { mean: mean, variance: variance, skew: skew });
    const pairs = validBars(x).filter((i) => !Number.isNaN(y[i]!));
    const corr = new Float64Array(x.length);
    const beta = new Float64Array(x.length);
    F.rollingCovarianceInto(x, y, w, { correlation: corr, beta: beta });
    const slope = new Float64Array(x.length);
    const r2 = new Float64Array(x.length);
    F.linRegInto(x, w, slope, r2);
    for (let k = w - 1; k < idx.length; k++) {
      const win = idx.slice(k - w + 1, k + 1).map((i) => x[i]!);
      const m = win.reduce((a, b) => a + b, 0) / w;
      const d2 = win.reduce((a, b) => a + (b - m) ** 2, 0);
      const d3 = win.reduce((a, b) => a + (b - m) ** 3, 0);
      const i = idx[k]!;
      expect(Math.abs(mean[i]! - m)).toBeLessThan(1e-12 * Math.abs(m));
      expect(Math.abs(variance[i]! - d2 / (w - 1))).toBeLessThan(1e-9 * (d2 / (w - 1)));
      const g1 = ((Math.sqrt(w * (w - 1)) / (w - 2)) * (d3 / w)) / (d2 / w) ** 1.5;
      expect(Math.abs(skew[i]! - g1)).toBeLessThan(1e-8 * Math.max(1, Math.abs(g1)));
      const tm = (w - 1) / 2;
      const sty = win.reduce((a, b, t) => a + (t - tm) * (b - m), 0);
      const stt = win.reduce((a, _b, t) => a + (t - tm) ** 2, 0);
      expect(Math.abs(slope[i]! - sty / stt)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sty / stt)));
      expect(Math.abs(r2[i]! - (sty * sty) / (stt * d2))).toBeLessThan(1e-9);
    }
    for (let k = w - 1; k < pairs.length; k++) {
      const win = pairs.slice(k - w + 1, k + 1);
      const mx = win.reduce((a, i) => a + x[i]!, 0) / w;
      const my = win.reduce((a, i) => a + y[i]!, 0) / w;
      const sxy = win.reduce((a, i) => a + (x[i]! - mx) * (y[i]! - my), 0);
      const sxx = win.reduce((a, i) => a + (x[i]! - mx) ** 2, 0);
      const syy = win.reduce((a, i) => a + (y[i]! - my) ** 2, 0);
      const i = pairs[k]!;
      expect(Math.abs(corr[i]! - sxy / Math.sqrt(sxx * syy))).toBeLessThan(1e-9);
      expect(Math.abs(beta[i]! - sxy / sxx)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sxy / sxx)));
    }
  });
});

/** OHLCV with random gaps (any field NaN on some bars, all fields on others). */
function gappyBars(n: number, seed: number) {
  const r = lcg(seed);
  const time = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp(0.01 * (r() - 0.5));
    // a flat stretch (zero range, zero variance) and a stretch without volume
    if (i >= 300 && i < 340) p = o;
    time[i] = Date.UTC(2024, 0, 1) + i * 3_600_000;
    close[i] = p;
    high[i] = i >= 300 && i < 340 ? p : Math.max(o, p) * (1 + 0.004 * r());
    low[i] = i >= 300 && i < 340 ? p : Math.min(o, p) * (1 - 0.004 * r());
    volume[i] = i >= 500 && i < 530 ? 0 : Math.floor(1000 * r());
  }
  for (let i = 17; i < n; i += 37) {
    const f = [high, low, close, volume][i % 4]!;
    f[i] = NaN;
  }
  for (let i = 50; i < n; i += 91) high[i] = low[i] = close[i] = volume[i] = NaN;
  return { time, high, low, close, volume };
}

describe("every vectorised function = its stream, bit for bit, with missing bars, flat stretches and no volume", () => {
  const { time, high: h, low: l, close: c, volume: v } = gappyBars(900, 11);
  const run = (f: (i: number) => number): Float64Array => Float64Array.from(c, (_, i) => f(i));
  const cases: [string, Float64Array, () => Float64Array][] = [];
  const add = (name: string, vec: Float64Array, streamed: () => Float64Array): void => {
    cases.push([name, vec, streamed]);
  };
  add("sma", F.sma(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.SmaStream(20)));
  add("ema", F.ema(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.EmaStream(20)));
  add("rma", F.rma(c, 14), () => ((s) => run((i) => s.update(c[i]!)))(new F.RmaStream(14)));
  add("wma", F.wma(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.WmaStream(20)));
  add("dema", F.dema(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.DemaStream(20)));
  add("tema", F.tema(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.TemaStream(20)));
  add("hma", F.hma(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.HmaStream(20)));
  add("trima", F.trima(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.TrimaStream(20)));
  add("trima odd", F.trima(c, 9), () => ((s) => run((i) => s.update(c[i]!)))(new F.TrimaStream(9)));
  add("kama", F.kama(c, 10, 2, 30), () => ((s) => run((i) => s.update(c[i]!)))(new F.KamaStream(10, 2, 30)));
  add("rollingSum", F.rollingSum(v, 20), () =>
    ((s) => run((i) => s.update(v[i]!)))(new F.RollingSumStream(20)),
  );
  add("rollingMax", F.rollingMax(c, 20), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.RollingMaxStream(20)),
  );
  add("rollingMin", F.rollingMin(c, 20), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.RollingMinStream(20)),
  );
  add("rollingKurtosis", F.rollingKurtosis(c, 20), () =>
    ((s) => run((i) => (s.update(c[i]!), s.kurtosis)))(new F.RollingMomentsStream(20, 4)),
  );
  add("rollingVar", F.rollingVar(c, 20), () =>
    ((s) => run((i) => (s.update(c[i]!), s.variance)))(new F.RollingMomentsStream(20, 2)),
  );
  add("zScore", F.zScore(c, 20), () => ((s) => run((i) => s.update(c[i]!)))(new F.ZScoreStream(20)));
  add("percentileRank", F.percentileRank(c, 20), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.PercentileRankStream(20)),
  );
  add("rollingCovariance", F.rollingCovariance(v, c, 20), () =>
    ((s) => run((i) => (s.update(v[i]!, c[i]!), s.covariance)))(new F.RollingCovarianceStream(20)),
  );
  add("linRegR2", F.linRegR2(c, 20), () =>
    ((s) => run((i) => (s.update(c[i]!), s.r2)))(new F.LinRegStream(20)),
  );
  add("autocorrelation", F.autocorrelation(c, 20, 2), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.AutocorrelationStream(20, 2)),
  );
  add("realisedVariance", F.realisedVariance(c, 20), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.RealisedVarianceStream(20)),
  );
  add("rsi", F.rsi(c, 14), () => ((s) => run((i) => s.update(c[i]!)))(new F.RsiStream(14)));
  add("ppo signal", F.ppo(c, 12, 26, 9).signal, () =>
    ((s) => run((i) => (s.update(c[i]!), s.signal)))(new F.MacdStream(12, 26, 9, true)),
  );
  add("stochastic d", F.stochastic(h, l, c, 14, 3, 3).d, () =>
    ((s) => run((i) => (s.update(h[i]!, l[i]!, c[i]!), s.d)))(new F.StochasticStream(14, 3, 3)),
  );
  add("williamsR", F.williamsR(h, l, c, 14), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.WilliamsRStream(14)),
  );
  add("cci", F.cci(h, l, c, 20), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.CciStream(20)),
  );
  add("adx", F.adx(h, l, c, 14).adx, () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.AdxStream(14)),
  );
  add("aroon", F.aroon(h, l, 25).oscillator, () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!)))(new F.AroonStream(25)),
  );
  add("roc", F.roc(c, 10), () => ((s) => run((i) => s.update(c[i]!)))(new F.MomentumStream(10, true)));
  add("trix", F.trix(c, 15), () => ((s) => run((i) => s.update(c[i]!)))(new F.TrixStream(15)));
  add("cmo", F.cmo(c, 14), () => ((s) => run((i) => s.update(c[i]!)))(new F.CmoStream(14)));
  add("ultimateOscillator", F.ultimateOscillator(h, l, c), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.UltimateOscillatorStream()),
  );
  add("awesomeOscillator", F.awesomeOscillator(h, l), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!)))(new F.AwesomeOscillatorStream()),
  );
  add("stochRsi", F.stochRsi(c, 14, 14), () =>
    ((s) => run((i) => s.update(c[i]!)))(new F.StochRsiStream(14, 14)),
  );
  add("trueRange", F.trueRange(h, l, c), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.TrueRangeStream()),
  );
  add("atr", F.atr(h, l, c, 14), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.AtrStream(14, false)),
  );
  add("natr", F.natr(h, l, c, 14), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!)))(new F.AtrStream(14, true)),
  );
  add("bollinger %B", F.bollinger(c, 20, 2).percentB, () =>
    ((s) => run((i) => (s.update(c[i]!), s.percentB)))(new F.BollingerStream(20, 2)),
  );
  add("keltner lower", F.keltner(h, l, c, 20, 2, 10).lower, () =>
    ((s) => run((i) => (s.update(h[i]!, l[i]!, c[i]!), s.lower)))(new F.KeltnerStream(20, 2, 10)),
  );
  add("donchian", F.donchian(h, l, 20).middle, () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!)))(new F.DonchianStream(20)),
  );
  add("obv", F.obv(c, v), () => ((s) => run((i) => s.update(c[i]!, v[i]!)))(new F.ObvStream()));
  add("chaikin adl", F.chaikin(h, l, c, v, 20).adl, () =>
    ((s) => run((i) => (s.update(h[i]!, l[i]!, c[i]!, v[i]!), s.adl)))(new F.ChaikinStream(20)),
  );
  add("cmf", F.cmf(h, l, c, v, 20), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!, v[i]!)))(new F.ChaikinStream(20)),
  );
  add("mfi", F.mfi(h, l, c, v, 14), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!, v[i]!)))(new F.MfiStream(14)),
  );
  add("forceIndex", F.forceIndex(c, v, 13), () =>
    ((s) => run((i) => s.update(c[i]!, v[i]!)))(new F.ForceIndexStream(13)),
  );
  add("vwap", F.vwap(h, l, c, v, 20), () =>
    ((s) => run((i) => s.update(h[i]!, l[i]!, c[i]!, v[i]!)))(new F.VwapStream(20)),
  );
  add("sessionVwap", F.sessionVwap(time, h, l, c, v, 7), () =>
    ((s) => run((i) => s.update(time[i]!, h[i]!, l[i]!, c[i]!, v[i]!)))(new F.SessionVwapStream(7)),
  );
  for (const [name, vec, streamed] of cases) {
    it(name, () => expectSame(vec, streamed(), name));
  }
});

describe("±Infinity is refused where and as the stream refuses it", () => {
  const n = 80;
  const base = gappyBars(n, 3);
  const at = 41;
  const withInf = (field: "high" | "low" | "close" | "volume") => {
    const b = { ...base, [field]: base[field].slice() };
    b[field][at] = -Infinity;
    return b;
  };
  /** The message of the error `f` throws. */
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };
  const pairs: [
    string,
    "high" | "low" | "close" | "volume",
    (b: ReturnType<typeof gappyBars>) => unknown,
    (b: ReturnType<typeof gappyBars>) => void,
  ][] = [
    [
      "sma",
      "close",
      (b) => F.sma(b.close, 5),
      (b) => {
        const s = new F.SmaStream(5);
        b.close.forEach((x) => s.update(x));
      },
    ],
    [
      "hma",
      "close",
      (b) => F.hma(b.close, 9),
      (b) => {
        const s = new F.HmaStream(9);
        b.close.forEach((x) => s.update(x));
      },
    ],
    [
      "rollingMax",
      "close",
      (b) => F.rollingMax(b.close, 5),
      (b) => {
        const s = new F.RollingMaxStream(5);
        b.close.forEach((x) => s.update(x));
      },
    ],
    [
      "stochastic",
      "low",
      (b) => F.stochastic(b.high, b.low, b.close),
      (b) => {
        const s = new F.StochasticStream();
        b.close.forEach((x, i) => s.update(b.high[i]!, b.low[i]!, x));
      },
    ],
    [
      "aroon",
      "high",
      (b) => F.aroon(b.high, b.low, 10),
      (b) => {
        const s = new F.AroonStream(10);
        b.close.forEach((_, i) => s.update(b.high[i]!, b.low[i]!));
      },
    ],
    [
      "ultimateOscillator",
      "close",
      (b) => F.ultimateOscillator(b.high, b.low, b.close),
      (b) => {
        const s = new F.UltimateOscillatorStream();
        b.close.forEach((x, i) => s.update(b.high[i]!, b.low[i]!, x));
      },
    ],
    [
      "keltner",
      "high",
      (b) => F.keltner(b.high, b.low, b.close),
      (b) => {
        const s = new F.KeltnerStream();
        b.close.forEach((x, i) => s.update(b.high[i]!, b.low[i]!, x));
      },
    ],
    [
      "donchian",
      "low",
      (b) => F.donchian(b.high, b.low),
      (b) => {
        const s = new F.DonchianStream();
        b.close.forEach((_, i) => s.update(b.high[i]!, b.low[i]!));
      },
    ],
    [
      "mfi",
      "volume",
      (b) => F.mfi(b.high, b.low, b.close, b.volume),
      (b) => {
        const s = new F.MfiStream();
        b.close.forEach((x, i) => s.update(b.high[i]!, b.low[i]!, x, b.volume[i]!));
      },
    ],
    [
      "bollinger",
      "close",
      (b) => F.bollinger(b.close),
      (b) => {
        const s = new F.BollingerStream();
        b.close.forEach((x) => s.update(x));
      },
    ],
    [
      "autocorrelation",
      "close",
      (b) => F.autocorrelation(b.close, 10),
      (b) => {
        const s = new F.AutocorrelationStream(10);
        b.close.forEach((x) => s.update(x));
      },
    ],
  ];
  for (const [name, field, vec, stream] of pairs) {
    it(`${name} (${field})`, () => {
      const b = withInf(field);
      const m = message(() => vec(b));
      expect(m).toContain(`bar ${at}`);
      expect(m).toContain("-Infinity");
      expect(m).toBe(message(() => stream(b)));
    });
  }
});
