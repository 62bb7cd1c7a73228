import { cscvPbo } from "../src/lib/validation/pbo.js";
import { gaussianSampler, seededRandom } from "../src/lib/math/index.js";
import { cpuBest, report, timeBest } from "./util.js";

/** CSCV with S = 16 (12,870 splits) on 1,000 configurations × 2,500 days (issue 8: < 10 s). */
export default function bench(): void {
  const N = 1000;
  const T = 2500;
  const g = gaussianSampler(seededRandom(1));
  const cols: Float64Array[] = [];
  for (let j = 0; j < N; j++) {
    const c = new Float64Array(T);
    for (let t = 0; t < T; t++) c[t] = 0.01 * g();
    cols.push(c);
  }
  let pbo = NaN;
  const seconds = timeBest(() => {
    pbo = cscvPbo(cols, { blocks: 16 }).pbo;
  }, 3);
  const cpuSeconds = cpuBest(() => cscvPbo(cols, { blocks: 16 }), 3, 0);
  report({
    name: "validation.cscvPbo S=16, 1000 strategies x 2500 days",
    seconds,
    cpuSeconds,
    targetSeconds: 10,
    throughput: (12870 * N) / seconds,
    unit: "split×strategies/s",
    pbo,
  });
}
