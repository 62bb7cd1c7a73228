/**
 * Backtest engine benchmarks (issue 7). Each line reports the engine's best time, the throughput in
 * bar×backtests per second, and the ratio against a bare `Float64Array` loop doing the same arithmetic,
 * timed in the same run. The bare loop's final equity is also compared with the engine's (`agree`).
 */
import { fileURLToPath } from "node:url";
import { availableParallelism, loadavg } from "node:os";
import { commissionPerContract, spreadCost } from "../src/lib/backtest/costs.js";
import { runBacktest } from "../src/lib/backtest/engine.js";
import { createSweepPool, gridParams } from "../src/lib/backtest/sweep.js";
import type { Bars } from "../src/lib/data/types.js";
import { smaBare, smaEngine } from "./backtest-strategies.js";
import { cpuBestAsync, randomWalk, report, rng, timeBest, timeBestAsync } from "./util.js";

const MINUTES_PER_YEAR = 525_600;

/** Synthetic 1-minute OHLC bars: open = previous close, high/low a little beyond. */
function syntheticBars(symbol: string, n: number, seed: number, vol = 0.0005): Bars {
  const close = randomWalk(n, seed, 100, vol);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const time = new Float64Array(n);
  const r = rng(seed + 1);
  for (let t = 0; t < n; t++) {
    const o = t > 0 ? close[t - 1]! : 100;
    open[t] = o;
    high[t] = Math.max(o, close[t]!) * (1 + vol * r());
    low[t] = Math.min(o, close[t]!) * (1 - vol * r());
    time[t] = Date.UTC(2025, 0, 1) + t * 60_000;
  }
  return { symbol, time, open, high, low, close, volume: new Float64Array(n) };
}

const agree = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** (i) SMA(20/100) crossover with costs on 525,600 one-minute bars × 10 symbols, one shared account. */
async function benchCrossover(): Promise<void> {
  const bars = Array.from({ length: 10 }, (_, k) => syntheticBars(`S${k}`, MINUTES_PER_YEAR, 100 + k));
  let eng = { equity: 0, fills: 0 };
  let bare = { equity: 0, fills: 0 };
  const seconds = timeBest(() => (eng = smaEngine(bars, 20, 100, 100, 1e6)), 5);
  const bareSeconds = timeBest(() => (bare = smaBare(bars, 20, 100, 100, 1e6)), 5);
  const cpuSeconds = await cpuBestAsync(() => smaEngine(bars, 20, 100, 100, 1e6), 5);
  const bareCpuSeconds = await cpuBestAsync(() => smaBare(bars, 20, 100, 100, 1e6), 5);
  const work = MINUTES_PER_YEAR * 10;
  report({
    name: "backtest (i) SMA crossover with costs, 525,600 1-min bars × 10 symbols",
    seconds,
    targetSeconds: 0.3,
    throughput: work / seconds,
    unit: "bar×backtests/s (asset-bars)",
    ratio: seconds / bareSeconds,
    ratioTarget: 3,
    bareSeconds,
    cpuSeconds,
    cpuRatio: cpuSeconds / bareCpuSeconds,
    loadAverage: loadavg()[0],
    fills: eng.fills,
    agree: agree(eng.equity, bare.equity) && eng.fills === bare.fills,
  });
}

/** (ii) A 100-point SMA grid on one symbol-year of 1-minute bars, on a worker pool across the cores. */
async function benchGrid(): Promise<void> {
  const b = syntheticBars("SYN", MINUTES_PER_YEAR, 7);
  const data = { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close };
  const strategy = fileURLToPath(new URL("./backtest-strategies.js", import.meta.url));
  const workers = availableParallelism();
  const params = gridParams({
    fast: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50],
    slow: [60, 80, 100, 120, 140, 160, 180, 200, 220, 240],
  });
  const engine = await createSweepPool({ strategy, exportName: "sweepEngine", data, workers });
  const bare = await createSweepPool({ strategy, exportName: "sweepBare", data, workers });
  let engRows: Awaited<ReturnType<typeof engine.run>> = [];
  let bareRows: typeof engRows = [];
  const seconds = await timeBestAsync(async () => (engRows = await engine.run(params)), 3);
  const bareSeconds = await timeBestAsync(async () => (bareRows = await bare.run(params)), 3);
  const cpuSeconds = await cpuBestAsync(() => engine.run(params), 3);
  const bareCpuSeconds = await cpuBestAsync(() => bare.run(params), 3);
  await engine.close();
  await bare.close();
  const same = engRows.every((r, i) => agree(r.metrics.equity!, bareRows[i]!.metrics.equity!));
  const work = MINUTES_PER_YEAR * params.length;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  report({
    name: `backtest (ii) 100-point SMA grid, 525,600 1-min bars, ${workers} workers`,
    seconds,
    throughput: work / seconds,
    throughputTarget: 1e8,
    unit: "bar×backtests/s",
    met: work / seconds >= 1e8 && peakMB < 1024,
    ratio: seconds / bareSeconds,
    ratioTarget: 3,
    bareSeconds,
    cpuSeconds,
    cpuRatio: cpuSeconds / bareCpuSeconds,
    /** Throughput if each worker had its core to itself: work / (CPU seconds / workers). */
    cpuThroughput: work / (cpuSeconds / workers),
    loadAverage: loadavg()[0],
    peakRssMB: Math.round(peakMB),
    peakRssTargetMB: 1024,
    agree: same,
  });
}

/** (iii) 10 years of daily bars × 50 futures: momentum with vol-target sizing, rolls, costs, margin. */
async function benchFutures(): Promise<void> {
  const nA = Number(process.env.QB_NA ?? 50);
  const n = 2_520;
  const r = rng(99);
  const bars: Bars[] = [];
  const flags: Uint8Array[] = [];
  const gaps: Float64Array[] = [];
  const mult: number[] = [];
  const tick: number[] = [];
  const spreads: Float64Array[] = [];
  const initialMargin: number[] = [];
  const maintMargin: number[] = [];
  for (let k = 0; k < nA; k++) {
    const close = randomWalk(n, 500 + k, 50 + 100 * r(), 0.015);
    const time = Float64Array.from({ length: n }, (_, t) => Date.UTC(2015, 0, 1) + t * 86_400_000);
    const open = Float64Array.from(close, (c, t) => (t > 0 ? close[t - 1]! : c));
    const high = Float64Array.from(close, (c, t) => Math.max(c, open[t]!) * 1.004);
    const low = Float64Array.from(close, (c, t) => Math.min(c, open[t]!) * 0.996);
    const f = new Uint8Array(n);
    const g = new Float64Array(n);
    for (let t = 63; t < n; t += 63) {
      f[t] = 1;
      g[t] = close[t]! * 0.02 * (r() - 0.5); // the new contract's premium over the old one at the roll
    }
    bars.push({ symbol: `F${k}`, time, open, high, low, close, volume: new Float64Array(n) });
    flags.push(f);
    gaps.push(g);
    mult.push([10, 50, 100, 1_000][k % 4]!);
    tick.push(0.01);
    spreads.push(new Float64Array(n).fill(0.02));
    initialMargin.push(0.1 * close[0]! * mult[k]!);
    maintMargin.push(0.08 * close[0]! * mult[k]!);
  }
  const capital = 1e8;
  const volTarget = 0.2;
  const perAssetRisk = (volTarget * capital) / nA / Math.sqrt(252);
  /** 60-day momentum sign × contracts for a 20 % annual vol target (EWMA σ of back-adjusted changes). */
  const sizing = (): Float64Array[] =>
    bars.map((b, k) => {
      const c = b.close;
      const out = new Float64Array(n).fill(NaN);
      const g = gaps[k]!;
      let v = 0;
      for (let t = 1; t < n; t++) {
        const d = c[t]! - c[t - 1]! - g[t]!;
        v = t === 1 ? d * d : 0.94 * v + 0.06 * d * d;
        if (t >= 60) {
          const sigma = Math.sqrt(v) * mult[k]!;
          const sign = c[t]! - c[t - 60]! > 0 ? 1 : -1;
          out[t] = sign * Math.round(perAssetRisk / sigma);
        }
      }
      return out;
    });
  const options = {
    initialCash: capital,
    multiplier: mult,
    tickSize: tick,
    lotSize: mult.map(() => 1),
    costs: [commissionPerContract(2.5), spreadCost(spreads)],
    rolls: { flags, gap: gaps },
    margin: { initial: initialMargin, maintenance: maintMargin },
    keepFills: true,
  };
  let equity = 0;
  let fills = 0;
  const seconds = timeBest(() => {
    const res = runBacktest(bars, sizing(), options);
    equity = res.equity[n - 1]!;
    fills = res.fillCount;
  }, 5);
  // the bare loop: same sizing, rolls, costs (spread, per-contract fee, tick rounding) and margin check
  let bareEquity = 0;
  const bareSeconds = timeBest(() => {
    const targets = sizing();
    const pos = new Float64Array(nA);
    const ccy = new Float64Array(nA);
    let fees = 0;
    for (let t = 0; t < n; t++) {
      let value = 0;
      let cashPart = 0;
      let maint = 0;
      for (let k = 0; k < nA; k++) {
        const b = bars[k]!;
        const m = mult[k]!;
        const o = b.open[t]!;
        let p = pos[k]!;
        if (flags[k]![t] === 1 && p !== 0) {
          const old = o - gaps[k]![t]!;
          // close the old contract (a sell for a long, a buy for a short), open the new one
          const out =
            p > 0
              ? Math.floor((old - 0.01) / 0.01 + 1e-9) * 0.01
              : Math.ceil((old + 0.01) / 0.01 - 1e-9) * 0.01;
          const inn =
            p > 0 ? Math.ceil((o + 0.01) / 0.01 - 1e-9) * 0.01 : Math.floor((o - 0.01) / 0.01 + 1e-9) * 0.01;
          ccy[k] = ccy[k]! + p * out * m - p * inn * m;
          fees += 2 * 2.5 * Math.abs(p);
        }
        const want = t > 0 ? targets[k]![t - 1]! : NaN;
        if (want === want && want !== p) {
          const q = want - p;
          const price =
            q > 0 ? Math.ceil((o + 0.01) / 0.01 - 1e-9) * 0.01 : Math.floor((o - 0.01) / 0.01 + 1e-9) * 0.01;
          ccy[k] = ccy[k]! - q * price * m;
          fees += 2.5 * Math.abs(q);
          p = want;
          pos[k] = p;
        }
        value += p * b.close[t]! * m;
        cashPart += ccy[k]!;
        maint += Math.abs(p) * maintMargin[k]!;
      }
      const eq = capital - fees + cashPart + value;
      if (eq < maint) throw new Error("the bare loop assumes no margin call");
      bareEquity = eq;
    }
  }, 5);
  const cpuSeconds = await cpuBestAsync(() => runBacktest(bars, sizing(), options), 5);
  report({
    name: "backtest (iii) 10 years daily × 50 futures, vol-target sizing, rolls, costs, margin",
    seconds,
    targetSeconds: 1,
    throughput: (n * nA) / seconds,
    unit: "bar×backtests/s (asset-bars)",
    ratio: seconds / bareSeconds,
    bareSeconds,
    cpuSeconds,
    loadAverage: loadavg()[0],
    fills,
    agree: Math.abs(equity - bareEquity) <= 1e-6 * capital,
    equity,
    bareEquity,
  });
}

export default async function bench(): Promise<void> {
  await benchCrossover();
  await benchGrid();
  await benchFutures();
}
