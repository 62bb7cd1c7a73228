import {
  walkForwardAnalysis,
  smaCrossoverEvaluator,
  walkForwardWindows,
  type SmaCrossoverParams,
} from "../src/lib/validation/walkforward.js";
import { cpuBest, randomWalk, report, timeBest } from "./util.js";

/**
 * Walk-forward on 10 years of daily bars (2,520) × 10 instruments × a 100-parameter SMA-crossover grid
 * × 20 rolling windows (2 years train, 100 bars test) (issue 8: < 30 s).
 */
export default function bench(): void {
  const n = 2520;
  const closes = Array.from({ length: 10 }, (_, k) => randomWalk(n, 100 + k, 100, 0.012));
  const candidates: SmaCrossoverParams[] = [];
  for (let fast = 2; fast <= 20; fast += 2)
    for (let slow = 30; slow <= 210; slow += 20) candidates.push({ fast, slow });
  const windows = walkForwardWindows(n, { train: 504, test: 100 });
  let oos = NaN;
  const seconds = timeBest(() => {
    const evaluate = smaCrossoverEvaluator(closes);
    oos = walkForwardAnalysis({ windows, candidates, evaluate }).oosScore;
  }, 3);
  const cpuSeconds = cpuBest(
    () => walkForwardAnalysis({ windows, candidates, evaluate: smaCrossoverEvaluator(closes) }),
    3,
    0,
  );
  const barEvals = windows.length * (candidates.length * 504 + 100) * closes.length;
  report({
    name: `validation.walkForwardAnalysis ${closes.length} instruments x ${n} days x ${candidates.length} params x ${windows.length} windows`,
    seconds,
    cpuSeconds,
    targetSeconds: 30,
    throughput: barEvals / seconds,
    unit: "instrument-bar evaluations/s",
    oosSharpe: oos,
  });
}
