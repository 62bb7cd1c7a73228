import {
  alphaBeta,
  excessSharpe,
  performanceSummary,
  type PerformanceSummary,
} from "../src/lib/backtest/metrics.js";
import { rollAnnualVolatility, rollBeta, rollSharpeRatio } from "../src/lib/backtest/metrics_rolling.js";
import { drawdownTable, monthlyReturnsTable } from "../src/lib/backtest/return_tables.js";
import { rng, report, timeBest } from "./util.js";

const YEARS = 10;
const PPY = 252;
const N = YEARS * PPY; // 2,520 daily returns per strategy
const STRATEGIES = 1_000;

/** Daily returns of `STRATEGIES` strategies, laid out strategy after strategy in one Float64Array. */
function makeReturns(seed: number): { all: Float64Array; bench: Float64Array; time: Float64Array } {
  const r = rng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const bench = new Float64Array(N);
  for (let t = 0; t < N; t++) bench[t] = 0.0003 + 0.01 * normal();
  const all = new Float64Array(N * STRATEGIES);
  for (let s = 0; s < STRATEGIES; s++) {
    const beta = 0.2 + (s % 10) * 0.1;
    for (let t = 0; t < N; t++) all[s * N + t] = 0.0002 + beta * bench[t]! + 0.008 * normal();
  }
  // Business days from 2010-01-04 (weekends skipped) for the calendar tables.
  const time = new Float64Array(N);
  let d = Date.UTC(2010, 0, 4);
  for (let t = 0; t < N; t++) {
    while (new Date(d).getUTCDay() === 0 || new Date(d).getUTCDay() === 6) d += 86_400_000;
    time[t] = d;
    d += 86_400_000;
  }
  return { all, bench, time };
}

/**
 * The floor: one fused pass per strategy doing the core arithmetic of the metrics (sum, sum of
 * squares, downside squares, compounding, running peak and drawdown) in a bare Float64Array loop.
 */
function bareLoop(all: Float64Array, out: Float64Array): void {
  for (let s = 0; s < STRATEGIES; s++) {
    const o = s * N;
    let sum = 0;
    let sq = 0;
    let down = 0;
    let v = 1;
    let peak = 1;
    let mdd = 0;
    for (let t = 0; t < N; t++) {
      const x = all[o + t]!;
      sum += x;
      sq += x * x;
      if (x < 0) down += x * x;
      v *= 1 + x;
      if (v > peak) peak = v;
      const dd = v / peak - 1;
      if (dd < mdd) mdd = dd;
    }
    const mean = sum / N;
    out[s] = (mean / Math.sqrt((sq - sum * mean) / (N - 1))) * Math.sqrt(PPY) + mdd + Math.sqrt(down / N) + v;
  }
}

/** All metrics of 1,000 strategies × 10 years of daily returns: scalars, tables and rolling columns. */
export default function bench(): void {
  const { all, bench: factor, time } = makeReturns(2024);
  const sink = new Float64Array(STRATEGIES);
  const returns = N * STRATEGIES;
  const views: Float64Array[] = [];
  for (let s = 0; s < STRATEGIES; s++) views.push(all.subarray(s * N, (s + 1) * N));

  const bare = timeBest(() => bareLoop(all, sink), 5);
  report({
    name: "metrics.bareLoop 1000 strategies × 2520 days (mean/std/downside/compounding/drawdown, fused)",
    seconds: bare,
    throughput: returns / bare,
    unit: "returns/s",
  });

  let last: PerformanceSummary | undefined;
  const summary = timeBest(() => {
    for (let s = 0; s < STRATEGIES; s++) {
      const v = views[s]!;
      last = performanceSummary(v);
      const ab = alphaBeta(v, factor);
      sink[s] = last.sharpeRatio + ab.beta + excessSharpe(v, factor);
    }
  }, 3);
  report({
    name: "metrics.performanceSummary+alphaBeta+excessSharpe 1000 strategies × 2520 days (16 metrics each)",
    seconds: summary,
    throughput: returns / summary,
    unit: "returns/s",
    ratio: summary / bare,
    strategiesPerSecond: STRATEGIES / summary,
    sampleSharpe: last?.sharpeRatio,
  });

  const tables = timeBest(() => {
    for (let s = 0; s < STRATEGIES; s++) {
      const v = views[s]!;
      const m = monthlyReturnsTable(time, v);
      const d = drawdownTable(v, { top: 5, time });
      sink[s] = m.yearly[0]! + (d[0]?.depth ?? 0);
    }
  }, 3);
  report({
    name: "metrics.monthlyReturnsTable+drawdownTable(top 5) 1000 strategies × 2520 days",
    seconds: tables,
    throughput: returns / tables,
    unit: "returns/s",
    ratio: tables / bare,
  });

  const rolling = timeBest(() => {
    for (let s = 0; s < STRATEGIES; s++) {
      const v = views[s]!;
      const a = rollSharpeRatio(v, 126);
      const b = rollAnnualVolatility(v, 126);
      const c = rollBeta(v, factor, 126);
      sink[s] = a[N - 1]! + b[N - 1]! + c[N - 1]!;
    }
  }, 3);
  report({
    name: "metrics.rollSharpeRatio+rollAnnualVolatility+rollBeta(126) 1000 strategies × 2520 days",
    seconds: rolling,
    throughput: returns / rolling,
    unit: "returns/s",
    ratio: rolling / bare,
  });

  const total = summary + tables + rolling;
  report({
    name: "metrics.all (scalars + tables + rolling) 1000 strategies × 10 years daily",
    seconds: total,
    throughput: returns / total,
    unit: "returns/s",
    ratio: total / bare,
    peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  });
}
