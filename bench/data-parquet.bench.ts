import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeBars } from "../src/lib/data/types.js";
import { readParquetBars, writeParquetFile } from "../src/lib/data/formats.js";
import { randomWalk, report, rng, timeWallCpu } from "./util.js";

/**
 * Ten years of 1-minute bars of one symbol (~2.6M rows × 5 fields + time) from a ZSTD Parquet file into `Bars`,
 * and writing them. The baseline is a bare typed-array loop touching the same 6 × 2.6M doubles (a copy).
 */
export default function bench(): void {
  const n = 2_600_000;
  const close = randomWalk(n, 3, 3600, 0.0004);
  const r = rng(5);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const volume = new Float64Array(n);
  const t0 = Date.UTC(2015, 0, 5, 14, 30);
  for (let i = 0; i < n; i++) {
    time[i] = t0 + i * 60_000;
    const c = Math.round(close[i]! * 4) / 4; // a quarter-point tick, as index futures quote
    close[i] = c;
    open[i] = i ? close[i - 1]! : c;
    high[i] = Math.max(open[i]!, c) + Math.round(r() * 4) / 4;
    low[i] = Math.min(open[i]!, c) - Math.round(r() * 4) / 4;
    volume[i] = Math.floor(r() * 2000);
  }
  const bars = makeBars("ES", { time, open, high, low, close, volume });
  const dir = mkdtempSync(join(tmpdir(), "qb-bench-"));
  const file = join(dir, "es-1min.parquet");
  try {
    const write = timeWallCpu(() => writeParquetFile(file, bars), 2);
    const bytes = statSync(file).size;
    const read = timeWallCpu(() => readParquetBars(file, "ES"), 3);
    const cols = [time, open, high, low, close, volume];
    const dst = cols.map(() => new Float64Array(n));
    const bare = timeWallCpu(() => {
      for (let k = 0; k < cols.length; k++) {
        const s = cols[k]!;
        const d = dst[k]!;
        for (let i = 0; i < n; i++) d[i] = s[i]!;
      }
    }, 5);
    report({
      name: "data.readParquetBars 2.6M 1-min bars (ZSTD) → Bars",
      seconds: read.seconds,
      cpuSeconds: read.cpuSeconds,
      targetSeconds: 1,
      throughput: n / read.seconds,
      unit: "rows/s",
      ratio: read.cpuSeconds / bare.cpuSeconds,
      bareLoopCpuSeconds: bare.cpuSeconds,
      fileMegabytes: bytes / 1e6,
    });
    report({
      name: "data.writeParquetFile 2.6M 1-min bars (ZSTD)",
      seconds: write.seconds,
      cpuSeconds: write.cpuSeconds,
      throughput: n / write.seconds,
      unit: "rows/s",
      ratio: write.cpuSeconds / bare.cpuSeconds,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
