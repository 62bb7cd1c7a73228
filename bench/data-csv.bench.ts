import { parseCsv } from "../src/lib/data/io.js";
import { randomWalk, report, timeWallCpu } from "./util.js";

/** Parsing a 1M-row OHLCV CSV (ISO date + time columns, as 1-minute vendor files are written) with `parseCsv`. */
export default function bench(): void {
  const n = 1_000_000;
  const close = randomWalk(n, 11, 3600, 0.0005);
  const minute = 60_000;
  const t0 = Date.UTC(2010, 0, 4);
  const lines = ["Date,Time,Open,High,Low,Close,Volume"];
  for (let i = 0; i < n; i++) {
    const iso = new Date(t0 + i * minute).toISOString();
    const c = close[i]!;
    lines.push(
      `${iso.slice(0, 10)},${iso.slice(11, 19)},${c.toFixed(2)},${(c + 1).toFixed(2)},${(c - 1).toFixed(2)},${c.toFixed(2)},${(i * 7) % 5000}`,
    );
  }
  const text = lines.join("\n");
  lines.length = 0;
  // Baseline: one bare charCodeAt pass over the same text (the least any parser must do), timed in the same run.
  let sink = 0;
  const bare = timeWallCpu(() => {
    let s = 0;
    for (let k = 0; k < text.length; k++) s += text.charCodeAt(k);
    sink += s;
  }, 3);
  const t = timeWallCpu(() => parseCsv(text), 3);
  const seconds = t.seconds;
  report({
    name: "data.parseCsv 1M rows x (date, time, 5 fields)",
    seconds,
    cpuSeconds: t.cpuSeconds,
    targetSeconds: 2,
    throughput: n / seconds,
    unit: "rows/s",
    megabytes: text.length / 1e6,
    ratio: t.cpuSeconds / bare.cpuSeconds,
    bareLoopCpuSeconds: bare.cpuSeconds,
  });
  const z = timeWallCpu(() => parseCsv(text, { timeZone: "America/Chicago" }), 3);
  const zoned = z.seconds;
  report({
    name: "data.parseCsv 1M rows, wall times in America/Chicago",
    seconds: zoned,
    cpuSeconds: z.cpuSeconds,
    targetSeconds: 2,
    throughput: n / zoned,
    unit: "rows/s",
    ratio: z.cpuSeconds / bare.cpuSeconds,
  });
  if (sink === -1) process.stdout.write("");
}
