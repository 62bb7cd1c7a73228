import { FEATURE_SET_NAMES, FeatureSetStream, computeFeatureSet, sma } from "../src/lib/features/index.js";
import type { Bars } from "../src/lib/data/types.js";
import { loadavg } from "node:os";
import { cpuBest, randomWalk, report, rng, timeBest } from "./util.js";

/** One year of synthetic 1-minute bars (525,600) for one symbol. */
function minuteYear(n: number): Bars {
  const close = randomWalk(n, 11, 100, 0.0005);
  const r = rng(5);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const volume = new Float64Array(n);
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const o = i === 0 ? close[0]! : close[i - 1]!;
    const c = close[i]!;
    time[i] = t0 + i * 60_000;
    open[i] = o;
    high[i] = Math.max(o, c) * (1 + 0.0003 * r());
    low[i] = Math.min(o, c) * (1 - 0.0003 * r());
    volume[i] = 1 + Math.floor(500 * r());
  }
  return { symbol: "SYN", time, open, high, low, close, volume };
}

/** The bare loop the ratios compare against: a 20-bar SMA over a Float64Array with a running sum. */
function bareSma(x: Float64Array, n: number, out: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i]!;
    if (i >= n) s -= x[i - n]!;
    out[i] = i >= n - 1 ? s / n : NaN;
  }
  return out;
}

/**
 * The full indicator set over 525,600 1-minute bars (vectorised), the streaming update of the full
 * set per new bar, and both as ratios to a bare typed-array SMA loop timed in the same run.
 */
export default function bench(): void {
  const n = 525_600;
  const bars = minuteYear(n);
  const out = new Float64Array(n);
  const load = loadavg()[0];
  const bare = timeBest(() => bareSma(bars.close, 20, out), 20, 3);
  // CPU time of the bare loop, averaged over 50 runs (one run is ~1 ms, too short for cpuUsage alone)
  const bareCpu =
    cpuBest(() => {
      for (let k = 0; k < 50; k++) bareSma(bars.close, 20, out);
    }, 3) / 50;
  report({
    name: "features.bareSmaLoop 525,600 bars",
    seconds: bare,
    cpuSeconds: bareCpu,
    throughput: n / bare,
    unit: "bars/s",
    loadAverage1m: load,
  });

  const smaTime = timeBest(() => sma(bars.close, 20), 10, 2);
  report({
    name: "features.sma 525,600 bars",
    seconds: smaTime,
    ratio: smaTime / bare,
    throughput: n / smaTime,
    unit: "bars/s",
  });

  const full = timeBest(() => computeFeatureSet(bars), 3, 1);
  const fullCpu = cpuBest(() => computeFeatureSet(bars), 3);
  report({
    name: `features.computeFeatureSet (${FEATURE_SET_NAMES.length} columns) 525,600 bars`,
    seconds: full,
    targetSeconds: 1,
    ratio: full / bare,
    columns: FEATURE_SET_NAMES.length,
    cpuSeconds: fullCpu,
    cpuMet: fullCpu <= 1,
    cpuRatio: fullCpu / bareCpu,
    loadAverage1m: loadavg()[0],
    throughput: n / full,
    unit: "bars/s",
  });

  // Streaming: a fresh FeatureSetStream fed the whole year one bar at a time; per-update cost is
  // the total divided by the number of bars (warm-up included).
  const { time, high, low, close, volume } = bars;
  let sink = 0;
  const streamTotal = timeBest(
    () => {
      const fs = new FeatureSetStream();
      for (let i = 0; i < n; i++) sink += fs.update(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!)[0]!;
    },
    3,
    1,
  );
  const perUpdate = streamTotal / n;
  // Single updates of a warmed-up stream, timed one by one with performance.now() (no allocation
  // in the timing loop): median, 99th percentile and worst, in µs. The worst includes being
  // preempted by other processes on this shared machine.
  const fs = new FeatureSetStream();
  const samples = 20_000;
  const warm = n - samples;
  for (let i = 0; i < warm; i++) fs.update(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
  const dts = new Float64Array(samples);
  for (let i = warm; i < n; i++) {
    const t0 = performance.now();
    fs.update(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
    dts[i - warm] = performance.now() - t0;
  }
  dts.sort();
  const pct = (q: number): number => dts[Math.min(samples - 1, Math.floor(q * samples))]! * 1000;
  report({
    name: `features.FeatureSetStream.update (${FEATURE_SET_NAMES.length} columns) per bar`,
    seconds: perUpdate,
    targetSeconds: 50e-6,
    microseconds: perUpdate * 1e6,
    medianMicroseconds: pct(0.5),
    p99Microseconds: pct(0.99),
    worstMicroseconds: dts[samples - 1]! * 1000,
    ratio: perUpdate / (bare / n),
    totalSecondsFor525600: streamTotal,
    unit: "µs/update",
    sink: Number.isFinite(sink) ? 0 : 1,
  });
}
