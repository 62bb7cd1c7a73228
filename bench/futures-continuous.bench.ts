import { buildContinuous, carrySeries, type HeldContractPrices } from "../src/lib/data/futures/index.js";
import { randomWalk, report, timeBest } from "./util.js";

/**
 * Continuous contracts on 1M daily bars with a roll every 21 bars (≈47,600 rolls), against a bare
 * typed-array loop doing the same work (roll detection, same-date gap, backward cumulative offset).
 */
export default function bench(): void {
  const n = 1_000_000;
  const every = 21;
  const base = randomWalk(n, 11, 50, 0.01);
  const time = new Float64Array(n);
  const contract = new Float64Array(n);
  const price = new Float64Array(n);
  const other = new Float64Array(n);
  const otherContract = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / every);
    const id = (1900 + Math.floor(k / 12)) * 100 + (k % 12) + 1;
    const nextId = (1900 + Math.floor((k + 1) / 12)) * 100 + ((k + 1) % 12) + 1;
    time[i] = i * 86_400_000;
    contract[i] = id;
    price[i] = base[i]! + 0.05 * (k % 7);
    otherContract[i] = nextId;
    other[i] = base[i]! + 0.05 * ((k + 1) % 7);
  }
  const input: HeldContractPrices = { time, contract, price, other, otherContract, symbol: "BENCH" };

  const bare = (): Float64Array => {
    const gap = new Float64Array(n);
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (last >= 0 && contract[i] !== contract[last]) {
        gap[i] = otherContract[last] === contract[i] ? other[last]! - price[last]! : price[i]! - price[last]!;
      }
      last = i;
    }
    const adj = new Float64Array(n);
    let cum = 0;
    for (let i = n - 1; i >= 0; i--) {
      adj[i] = price[i]! + cum;
      cum += gap[i]!;
    }
    return adj;
  };

  const tBare = timeBest(bare, 15, 3);
  for (const method of ["difference", "ratio", "forward", "none"] as const) {
    const seconds = timeBest(() => buildContinuous(input, method), 15, 3);
    report({
      name: `data.futures.buildContinuous ${method} 1M bars`,
      seconds,
      targetSeconds: 0.25,
      throughput: n / seconds,
      unit: "bars/s",
      ratio: seconds / tBare,
      bareLoopSeconds: tBare,
      rolls: Math.floor((n - 1) / every),
    });
  }
  const seconds = timeBest(() => carrySeries(time, price, contract, other, otherContract), 15, 3);
  report({
    name: "data.futures.carrySeries 1M bars",
    seconds,
    targetSeconds: 0.25,
    throughput: n / seconds,
    unit: "bars/s",
  });
}
