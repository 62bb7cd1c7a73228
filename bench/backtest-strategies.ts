/**
 * Strategies used by `backtest.bench.ts`, also loaded by the sweep workers (so they live in their own
 * module). Each has an engine version (the library's `runBacktest`) and a bare version: one fused
 * `Float64Array` loop doing the same arithmetic, the yardstick for the engine's overhead.
 */
import { commissionPerContract, slippageBps } from "../src/lib/backtest/costs.js";
import { runBacktest } from "../src/lib/backtest/engine.js";
import type { Bars } from "../src/lib/data/types.js";

/** Rolling mean over `w` bars by a running sum; `NaN` for the first `w − 1` bars. */
export function rollingMeanInto(x: Float64Array, w: number, out: Float64Array): Float64Array {
  let s = 0;
  for (let t = 0; t < x.length; t++) {
    s += x[t]!;
    if (t >= w) s -= x[t - w]!;
    out[t] = t >= w - 1 ? s / w : NaN;
  }
  return out;
}

/**
 * SMA crossover targets: `+units` when SMA(fast) > SMA(slow), `−units` otherwise, `NaN` in warm-up.
 * Both means come from running sums in one pass (the same sums as {@link rollingMeanInto}).
 */
export function crossoverTargets(
  close: Float64Array,
  fast: number,
  slow: number,
  units: number,
  out = new Float64Array(close.length),
): Float64Array {
  let sf = 0;
  let ss = 0;
  for (let t = 0; t < close.length; t++) {
    const c = close[t]!;
    sf += c;
    ss += c;
    if (t >= fast) sf -= close[t - fast]!;
    if (t >= slow) ss -= close[t - slow]!;
    out[t] = t >= slow - 1 ? (sf / fast > ss / slow ? units : -units) : NaN;
  }
  return out;
}

export const SLIP_BPS = 1;
export const FEE_PER_UNIT = 0.005;

/** Per-worker scratch reused across the runs of a sweep (targets, cash, equity). */
let scratch: { n: number; target: Float64Array; cash: Float64Array; equity: Float64Array } | null = null;

/**
 * SMA crossover through the engine (next-open fills, 1 bp slippage, per-unit commission). With `reuse`
 * (one asset, as in a sweep) the target, cash and equity arrays are reused between runs.
 */
export function smaEngine(
  bars: readonly Bars[],
  fast: number,
  slow: number,
  units: number,
  initialCash: number,
  reuse = false,
): { equity: number; fills: number } {
  const n = bars[0]!.close.length;
  if (reuse && (scratch === null || scratch.n !== n)) {
    scratch = { n, target: new Float64Array(n), cash: new Float64Array(n), equity: new Float64Array(n) };
  }
  const s = reuse ? scratch : null;
  const targets =
    s !== null
      ? [crossoverTargets(bars[0]!.close, fast, slow, units, s.target)]
      : bars.map((b) => crossoverTargets(b.close, fast, slow, units));
  const r = runBacktest(bars, targets, {
    ...(s !== null ? { buffers: { cash: s.cash, equity: s.equity } } : {}),
    initialCash,
    costs: [slippageBps(SLIP_BPS), commissionPerContract(FEE_PER_UNIT)],
    keepFills: false,
    keepPositions: false,
    allowNegativeCash: true,
  });
  return { equity: r.equity[r.equity.length - 1]!, fills: r.fillCount };
}

/** The same strategy as one fused loop per asset: rolling sums, signal, fill with costs, books. */
export function smaBare(
  bars: readonly Bars[],
  fast: number,
  slow: number,
  units: number,
  initialCash: number,
  reuse = false,
): { equity: number; fills: number } {
  const n = bars[0]!.close.length;
  let equity: Float64Array;
  if (reuse) {
    if (scratch === null || scratch.n !== n) {
      scratch = { n, target: new Float64Array(n), cash: new Float64Array(n), equity: new Float64Array(n) };
    }
    equity = scratch.equity.fill(initialCash);
  } else equity = new Float64Array(n).fill(initialCash);
  const slip = SLIP_BPS * 1e-4;
  let fills = 0;
  for (const b of bars) {
    const close = b.close;
    const open = b.open;
    let sf = 0;
    let ss = 0;
    let pos = 0;
    let cash = 0;
    let want = NaN;
    for (let t = 0; t < n; t++) {
      if (want === want && want !== pos) {
        const q = want - pos;
        const price = q > 0 ? open[t]! + slip * open[t]! : open[t]! - slip * open[t]!;
        cash -= q * price + FEE_PER_UNIT * (q > 0 ? q : -q);
        pos = want;
        fills++;
      }
      const c = close[t]!;
      sf += c;
      ss += c;
      if (t >= fast) sf -= close[t - fast]!;
      if (t >= slow) ss -= close[t - slow]!;
      want = t >= slow - 1 ? (sf / fast > ss / slow ? units : -units) : NaN;
      equity[t] = equity[t]! + cash + pos * c;
    }
  }
  return { equity: equity[n - 1]!, fills };
}

/** Bars over shared arrays (no copy). */
function barsOf(data: Record<string, Float64Array>): Bars[] {
  const close = data.close!;
  return [
    {
      symbol: "SYN",
      time: data.time!,
      open: data.open!,
      high: data.high!,
      low: data.low!,
      close,
      volume: close, // unused
    },
  ];
}

/** Sweep worker entry: one SMA grid point through the engine. */
export function sweepEngine(
  params: Record<string, unknown>,
  data: Record<string, Float64Array>,
): Record<string, number> {
  return smaEngine(barsOf(data), params.fast as number, params.slow as number, 100, 1e6, true);
}

/** Sweep worker entry: the same grid point as a bare fused loop. */
export function sweepBare(
  params: Record<string, unknown>,
  data: Record<string, Float64Array>,
): Record<string, number> {
  return smaBare(barsOf(data), params.fast as number, params.slow as number, 100, 1e6, true);
}
