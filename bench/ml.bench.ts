/**
 * ML signals (issue 9): the default model (histogram gradient boosting) trains on 100k × 30 in under
 * 30 s and predicts 100k rows in under 1 s; walk-forward retraining over 10 years of daily data for
 * 10 instruments in under 2 minutes. Also: the project's random forest, and the measured limits of
 * the `ml-random-forest` and `ml-xgboost` adapters. Each line reports wall seconds (the target) and
 * the process's CPU seconds, with the 1-minute load average (the machine is shared).
 */
import { loadavg } from "node:os";
import {
  GradientBoostingModel,
  MlRandomForestModel,
  RandomForestModel,
  barrierVolatility,
  binaryTarget,
  createXgboostModel,
  mlMatrix,
  stackMatrices,
  tripleBarrierLabels,
  walkForward,
  type MLMatrix,
  type Model,
} from "../src/lib/alpha/ml/index.js";
import { randomWalk, report, rng } from "./util.js";

/** Wall and CPU seconds of one call. */
function timeOnce<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, value };
}

async function timeOnceAsync<T>(fn: () => Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, value };
}

/** n × p uniform features; class 1 when a noisy linear rule of the first three is positive. */
function synthetic(n: number, p: number, seed: number): { x: MLMatrix; y: Float64Array } {
  const r = rng(seed);
  const values = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) values[i * p + j] = r() * 2 - 1;
    const s = values[i * p]! + 0.5 * values[i * p + 1]! - 0.3 * values[i * p + 2]! + 0.4 * (r() - 0.5);
    y[i] = s > 0 ? 1 : 0;
  }
  return { x: { rows: n, cols: p, names: Array.from({ length: p }, (_, j) => `f${j}`), values }, y };
}

function accuracy(pred: Float64Array, y: Float64Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) k++;
  return k / y.length;
}

const load = () => +loadavg()[0]!.toFixed(1);

function benchModel(name: string, make: () => Model, n: number, p: number, trainTarget?: number, predictTarget?: number): void {
  const train = synthetic(n, p, 1);
  const test = synthetic(n, p, 2);
  const m = make();
  const fit = timeOnce(() => m.fit(train.x, train.y));
  report({ name: `${name} train ${n}×${p}`, seconds: fit.wall, cpuSeconds: fit.cpu, targetSeconds: trainTarget, throughput: n / fit.wall, unit: "rows/s", loadAverage: load() });
  // prediction is cheap: one warm-up call (JIT), then the best of three
  m.predict(test.x);
  let pred = timeOnce(() => m.predict(test.x));
  for (let k = 0; k < 2; k++) {
    const again = timeOnce(() => m.predict(test.x));
    if (again.wall < pred.wall) pred = again;
  }
  report({
    name: `${name} predict ${n}×${p}`,
    seconds: pred.wall,
    cpuSeconds: pred.cpu,
    targetSeconds: predictTarget,
    throughput: n / pred.wall,
    unit: "rows/s",
    outOfSampleAccuracy: +accuracy(pred.value, test.y).toFixed(4),
    loadAverage: load(),
  });
}

/** Simple per-instrument features (all known at the close of bar t) and triple-barrier labels. */
function instrumentData(seed: number, days: number): { x: MLMatrix; y: Float64Array; time: Float64Array; endTime: Float64Array } {
  const close = randomWalk(days, seed, 100, 0.015);
  // business days (Mon–Fri) from Monday 2010-01-04: 2520 bars ≈ 10 years
  const time = Float64Array.from({ length: days }, (_, i) => Date.UTC(2010, 0, 4) + (Math.floor(i / 5) * 7 + (i % 5)) * 86_400_000);
  const prices = { time, values: close, name: `inst${seed}` };
  const vol = barrierVolatility(prices, 20);
  const lookbacks = [1, 5, 10, 21, 63, 126];
  const cols: Float64Array[] = lookbacks.map((h) => Float64Array.from(close, (c, i) => (i >= h ? Math.log(c / close[i - h]!) : NaN)));
  cols.push(vol);
  const z = new Float64Array(days).fill(NaN);
  for (let i = 20; i < days; i++) {
    let s = 0;
    let s2 = 0;
    for (let k = i - 20; k <= i; k++) {
      s += close[k]!;
      s2 += close[k]! * close[k]!;
    }
    const m = s / 21;
    z[i] = (close[i]! - m) / Math.sqrt(Math.max(s2 / 21 - m * m, 1e-12));
  }
  cols.push(z);
  const names = [...lookbacks.map((h) => `ret${h}`), "vol20", "z21"];
  const labels = tripleBarrierLabels(prices, { horizon: 10, profitTake: 1.5, stopLoss: 1.5, volatility: vol });
  const keep: number[] = [];
  for (let i = 0; i < days; i++) if (labels.value[i] === labels.value[i]) keep.push(i);
  const x = mlMatrix(
    cols.map((c) => Float64Array.from(keep, (i) => c[i]!)),
    names,
  );
  return {
    x,
    y: binaryTarget(Float64Array.from(keep, (i) => labels.value[i]!)),
    time: Float64Array.from(keep, (i) => time[i]!),
    endTime: Float64Array.from(keep, (i) => labels.endTime[i]!),
  };
}

export default async function bench(): Promise<void> {
  // 1. the default model
  benchModel("alpha.ml default model (gbm, 100 trees, depth 6)", () => new GradientBoostingModel(), 100_000, 30, 30, 1);

  // 2. walk-forward: 10 instruments × 10 years daily, monthly retraining, expanding window
  const wf = timeOnce(() => {
    const parts = Array.from({ length: 10 }, (_, k) => instrumentData(100 + k, 2520));
    const x = stackMatrices(parts.map((p) => p.x));
    const cat = (f: (p: (typeof parts)[number]) => Float64Array) => {
      const out = new Float64Array(x.rows);
      let at = 0;
      for (const p of parts) {
        out.set(f(p), at);
        at += f(p).length;
      }
      return out;
    };
    const y = cat((p) => p.y);
    const time = cat((p) => p.time);
    const endTime = cat((p) => p.endTime);
    const start = time[0]! + 2 * 365 * 86_400_000;
    return walkForward(() => new GradientBoostingModel(), x, y, time, endTime, { start, every: 30 * 86_400_000, minTrainRows: 500 });
  });
  report({
    name: "alpha.ml walk-forward: 10 instruments × 10y daily (2520 bars), 8 features, triple-barrier labels, retrain every 30 days after 2y, expanding (default model)",
    seconds: wf.wall,
    cpuSeconds: wf.cpu,
    targetSeconds: 120,
    retrains: wf.value.steps.length,
    rowsPredicted: wf.value.steps.reduce((s, st) => s + st.predictedRows, 0),
    loadAverage: load(),
  });

  // 3. the project's random forest
  benchModel("alpha.ml forest (100 trees, depth 10)", () => new RandomForestModel(), 100_000, 30);

  // 4. adapters: measured limits
  for (const n of [500, 1000]) benchModel("alpha.ml ml-random-forest (50 trees)", () => new MlRandomForestModel(), n, 20);
  for (const n of [16_000, 64_000]) {
    const train = synthetic(n, 20, 3);
    const r = await timeOnceAsync(async () => {
      const m = await createXgboostModel();
      try {
        m.fit(train.x, train.y);
        return "ok";
      } catch (e) {
        return `failed: ${(e as Error).message.slice(0, 160)}`;
      }
    });
    report({ name: `alpha.ml ml-xgboost train ${n}×20 (100 rounds)`, seconds: r.wall, cpuSeconds: r.cpu, outcome: r.value, loadAverage: load() });
  }
}
