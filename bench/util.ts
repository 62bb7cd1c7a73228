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

/** CPU seconds (user + system, every thread of this process) since `from` (a `process.cpuUsage()` reading). */
function cpuSince(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/**
 * Best CPU time of `fn` over `repeat` runs after `warmup` runs, in seconds. On a machine shared with other
 * jobs the wall time includes waiting for a core; the CPU time does not, so benchmarks report both.
 */
export function cpuBest(fn: () => unknown, repeat = 3, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    fn();
    best = Math.min(best, cpuSince(c0));
  }
  return best;
}

/** Async variant of {@link cpuBest} (awaits `fn`; CPU time of worker threads counts too). */
export async function cpuBestAsync(fn: () => unknown, repeat = 3, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    await fn();
    best = Math.min(best, cpuSince(c0));
  }
  return best;
}

/** Best wall time and best CPU time over `repeat` runs after one warm-up. */
export function timeWallCpu(fn: () => unknown, repeat = 3): { seconds: number; cpuSeconds: number } {
  fn();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    wall = Math.min(wall, dt);
    cpu = Math.min(cpu, cpuSince(c0));
  }
  return { seconds: wall, cpuSeconds: cpu };
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
