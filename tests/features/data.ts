/** Real-data loaders for the features tests (sample data always; shared data when present). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readPriceCsv } from "../../src/lib/data/index.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

export interface Ohlcv {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** Henry Hub daily spot (data/sample), with its one missing price (2018-01-05) kept as NaN. */
export function henryHub(): { time: Float64Array; close: Float64Array } {
  const s = readPriceCsv(join(ROOT, "data/sample/henry_hub_daily.csv"));
  return { time: s.time, close: s.values };
}

function columns(rows: string[][], idx: number[]): Float64Array[] {
  return idx.map((k) => Float64Array.from(rows, (r) => (r[k] === "" ? NaN : Number(r[k]))));
}

/** S&P 500 daily OHLCV from the arch package (shared data; dates M/D/YYYY). */
/**
 * Empty columns, returned by the shared-data loaders when `../shared` is absent: vitest still runs a skipped
 * `describe` body to collect its tests, so the loaders must not throw there.
 */
function emptyOhlcv(): Ohlcv {
  const e = (): Float64Array => new Float64Array(0);
  return { time: e(), open: e(), high: e(), low: e(), close: e(), volume: e() };
}

export function sp500(): Ohlcv {
  if (!HAS_SHARED) return emptyOhlcv();
  const rows = readFileSync(join(SHARED_DATA, "arch-index-daily/sp500.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const time = Float64Array.from(rows, (r) => {
    const [m, d, y] = r[0]!.split("/").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  });
  const [open, high, low, close, volume] = columns(rows, [1, 2, 3, 4, 6]) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { time, open, high, low, close, volume };
}

/** CBOE VIX daily OHLC (shared data; no volume → NaN). */
export function vix(): Ohlcv {
  if (!HAS_SHARED) return emptyOhlcv();
  const rows = readFileSync(join(SHARED_DATA, "cboe-vix-daily/vix-daily.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const time = Float64Array.from(rows, (r) => Date.parse(r[0]! + "T00:00:00Z"));
  const [open, high, low, close] = columns(rows, [1, 2, 3, 4]) as [Float64Array, Float64Array, Float64Array, Float64Array];
  return { time, open, high, low, close, volume: new Float64Array(rows.length).fill(NaN) };
}

/** 1-minute bars with volume from backtrader's samples (shared data; header has 7 names, rows 8 fields). */
export function minuteBars(): Ohlcv {
  if (!HAS_SHARED) return emptyOhlcv();
  const rows = readFileSync(join(SHARED_DATA, "backtrader-sample-bars/2006-01-02-volume-min-001.txt"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const time = Float64Array.from(rows, (r) => Date.parse(`${r[0]}T${r[1]}Z`));
  const [open, high, low, close, volume] = columns(rows, [2, 3, 4, 5, 6]) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { time, open, high, low, close, volume };
}

/** Max |a − b| / max(1, |b|) over positions where both are numbers; throws if NaN-ness differs. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0): number {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = from; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) !== Number.isNaN(y)) throw new Error(`NaN mismatch at ${i}: ${x} vs ${y}`);
    if (Number.isNaN(x)) continue;
    const d = Math.abs(x - y) / Math.max(1, Math.abs(y));
    if (d > m) m = d;
  }
  return m;
}

/** Places `values` (the library's output for the last `values.length` bars) right-aligned in an n-array of NaN. */
export function alignRight(n: number, values: ArrayLike<number | undefined>): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const off = n - values.length;
  for (let j = 0; j < values.length; j++) out[off + j] = values[j] ?? NaN;
  return out;
}

/** Index of the first non-NaN value. */
export function firstValid(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) return i;
  return -1;
}
