import { diversificationMultiplier } from "../src/lib/alpha/index.js";
import { constructPortfolio, volTargetPositions, type RiskParams } from "../src/lib/risk/index.js";
import { loadavg } from "node:os";
import { randomWalk, report, rng, timeBest } from "./util.js";

/**
 * Sizing and limits for 50 instruments × 10 years of daily data (2 520 bars): vol-target sizing
 * of every instrument over the whole history, then, day by day, `constructPortfolio` with every
 * limit on (position, concentration, gross, net, margin, daily VaR with a 50×50 correlation
 * matrix, drawdown protection) and the no-trade buffer from the previous day's positions.
 * Target (issue 6): under 100 ms.
 */
export default function bench(): void {
  const k = 50;
  const days = 2520;
  const r = rng(11);
  const prices: Float64Array[] = [];
  const vols: Float64Array[] = [];
  const forecasts: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    prices.push(randomWalk(days, 100 + i, 20 + 80 * r(), 0.015));
    const v = new Float64Array(days);
    const f = new Float64Array(days);
    for (let t = 0; t < days; t++) {
      v[t] = 0.15 + 0.3 * r();
      f[t] = t < 20 ? NaN : 40 * (r() - 0.5);
    }
    vols.push(v);
    forecasts.push(f);
  }
  const corr = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) corr[i * k + j] = i === j ? 1 : i % 5 === j % 5 ? 0.6 : 0.2;
  const instruments = Array.from({ length: k }, (_, i) => ({
    symbol: `I${i}`,
    multiplier: 10 + 990 * r(),
    margin: 1000 + 9000 * r(),
  }));
  const capital = 5e7;
  const sized = Array.from({ length: k }, () => new Float64Array(days));

  // Day-by-day buffers, reused (no per-bar arrays beyond constructPortfolio's own outputs).
  const fDay = new Float64Array(k);
  const pDay = new Float64Array(k);
  const vDay = new Float64Array(k);
  let held = new Float64Array(k);
  const params: RiskParams = {
    capital: capital,
    annualVolTarget: 0.25,
    instruments: instruments,
    prices: pDay,
    annualVols: vDay,
    correlation: corr,
    // The IDM moves slowly: estimated once (pysystemtrade re-estimates it yearly), not per day.
    idm: diversificationMultiplier(new Float64Array(k).fill(1 / k), corr),
    currentPositions: held,
    drawdown: 0,
    limits: {
      maxPosition: 200,
      maxConcentration: 0.1,
      maxGross: 4,
      maxNet: 2,
      maxMargin: 0.4,
      maxDailyVaR: 0.03,
      drawdown: { start: 0.1, end: 0.3, minScale: 0.25 },
    },
  };

  const bindingDays: Record<string, number> = {};
  const run = () => {
    // Sizing: vol targeting of each instrument's whole history (the per-instrument view).
    for (let i = 0; i < k; i++) {
      volTargetPositions(
        forecasts[i]!,
        prices[i]!,
        vols[i]!,
        { capital: capital / k, annualVolTarget: 0.25, multiplier: instruments[i]!.multiplier },
        { out: sized[i]! },
      );
    }
    // Limits and construction, day by day.
    held.fill(0);
    for (const key of Object.keys(bindingDays)) delete bindingDays[key];
    for (let t = 0; t < days; t++) {
      for (let i = 0; i < k; i++) {
        fDay[i] = forecasts[i]![t]!;
        pDay[i] = prices[i]![t]!;
        vDay[i] = vols[i]![t]!;
      }
      params.currentPositions = held;
      params.drawdown = 0.15 * Math.abs(Math.sin(t / 200));
      const res = constructPortfolio(fDay, params);
      held = res.positions;
      for (const b of res.binding) bindingDays[b] = (bindingDays[b] ?? 0) + 1;
    }
    return held;
  };
  const seconds = timeBest(run, 5);
  // CPU time of one more run: on a shared, loaded machine wall time also counts waiting for a core.
  const c0 = process.cpuUsage();
  run();
  const c1 = process.cpuUsage(c0);
  report({
    name: "risk sizing + limits + constructPortfolio, 50 instruments × 2520 days",
    seconds,
    targetSeconds: 0.1,
    throughput: (k * days) / seconds,
    unit: "instrument-days/s",
    cpuSeconds: (c1.user + c1.system) / 1e6,
    loadAverage: loadavg()[0],
    bindingDays: bindingDays,
  });
}
