/** Helpers shared by the benchmarks: timing, and one JSON line per result. */
import { seededRandom } from "../src/lib/math/index.js";

/** One benchmark figure. `ratio` compares against a bare typed-array loop measured in the same run. */
export interface BenchResult {
  name: string;
  seconds: number;
  /** Target from the issue, in seconds (the result says whether it was met). */
  targetSeconds?: number;
  /** Work per second in the benchmark's own unit (e.g. bar×backtests/s, rows/s). */
  throughput?: number;
  unit?: string;
  /** Time ÷ the time of the bare loop doing the same arithmetic, measured in the same run. */
  ratio?: number;
  [extra: string]: unknown;
}

/** Runs `fn` `repeat` times (after one warm-up) and returns the fastest wall time in seconds. */
export function timeBest(fn: () => unknown, repeat = 5, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt < best) best = dt;
  }
  return best;
}

/** Async variant of {@link timeBest}. */
export async function timeBestAsync(fn: () => Promise<unknown>, repeat = 3, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt < best) best = dt;
  }
  return best;
}

/** A deterministic pseudo-random generator for synthetic benchmark data (mulberry32: `seededRandom`). */
export function rng(seed = 42): () => number {
  return seededRandom(seed);
}

/** A geometric random-walk price path of length `n` starting at `start`. */
export function randomWalk(n: number, seed = 42, start = 100, vol = 0.001): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  let p = start;
  for (let i = 0; i < n; i++) {
    // Box–Muller
    const u = Math.max(r(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
    p *= Math.exp(vol * z);
    out[i] = p;
  }
  return out;
}

/** Prints a result as one JSON line (what `npm run bench` outputs). */
export function report(r: BenchResult): void {
  const met = r.targetSeconds === undefined ? undefined : r.seconds <= r.targetSeconds;
  process.stdout.write(JSON.stringify({ ...r, ...(met === undefined ? {} : { met }) }) + "\n");
}
