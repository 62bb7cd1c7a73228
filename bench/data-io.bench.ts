import { parsePriceCsv } from "../src/lib/data/io.js";
import { randomWalk, report, timeBest } from "./util.js";

/** Parsing a 1M-row `Date,Price` CSV. */
export default function bench(): void {
  const n = 1_000_000;
  const prices = randomWalk(n, 7);
  const day = 86_400_000;
  const t0 = Date.UTC(1900, 0, 1);
  const lines = ["Date,Price"];
  for (let i = 0; i < n; i++)
    lines.push(`${new Date(t0 + i * day).toISOString().slice(0, 10)},${prices[i]!.toFixed(4)}`);
  const text = lines.join("\n");
  const seconds = timeBest(() => parsePriceCsv(text), 3);
  report({
    name: "data.parsePriceCsv 1M rows",
    seconds,
    targetSeconds: 2,
    throughput: n / seconds,
    unit: "rows/s",
  });
}
