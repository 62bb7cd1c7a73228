import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  DataError,
  arrowToBars,
  arrowToColumnTable,
  atomicWriteFile,
  makeBars,
  parquetToArrow,
  readArrowFile,
  readCsv,
  readParquetArrow,
  readParquetBars,
  readParquetTable,
  tableToBars,
  writeArrowFile,
  writeParquetFile,
  type Bars,
} from "../../src/lib/data/index.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "qb-formats-"));
const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/** Bit-for-bit equality of every field (NaN payloads and −0 included). */
function expectSameBars(a: Bars, b: Bars): void {
  expect(b.symbol).toBe(a.symbol);
  for (const f of ["time", "open", "high", "low", "close", "volume"] as const) expect(bits(b[f])).toBe(bits(a[f]));
  expect(b.openInterest === undefined).toBe(a.openInterest === undefined);
  if (a.openInterest) expect(bits(b.openInterest!)).toBe(bits(a.openInterest));
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("lossless round trips", () => {
  const bars = makeBars("TEST", {
    time: [Date.UTC(2020, 3, 17), Date.UTC(2020, 3, 20), Date.UTC(2020, 3, 21)],
    open: [18.27, -14.0, 0.1 + 0.2],
    high: [20.0, 1e-300, 5e-324],
    low: [NaN, -40.32, -0],
    close: [18.27, -36.98, 10.01],
    volume: [1, 2, 2 ** 53],
    openInterest: [0, 7, 8],
  });

  it("CSV → Parquet (ZSTD) → Arrow → Bars keeps every bit (sample Henry Hub, and edge values)", () => {
    const dir = tmp();
    const csv = join(dir, "hh.csv");
    // Henry Hub as OHLC (all four the price), read by the CSV reader.
    const lines = readFileSync(new URL("../../data/sample/henry_hub_daily.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
    writeFileSync(csv, "Date,Open,High,Low,Close\n" + lines.map((l) => { const [d, p] = l.split(","); return `${d},${p},${p},${p},${p}`; }).join("\n"));
    const fromCsv = tableToBars(readCsv(csv), "NG");
    expect(fromCsv.time.length).toBe(7437);
    writeParquetFile(join(dir, "hh.parquet"), fromCsv);
    const viaArrow = readParquetArrow(join(dir, "hh.parquet"));
    expect(viaArrow.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "time:Timestamp<MILLISECOND, UTC>",
      "open:Float64",
      "high:Float64",
      "low:Float64",
      "close:Float64",
      "volume:Float64",
    ]);
    expectSameBars(fromCsv, arrowToBars(viaArrow));
    writeParquetFile(join(dir, "edge.parquet"), bars);
    expectSameBars(bars, readParquetBars(join(dir, "edge.parquet")));
  });

  it("Arrow IPC files, ColumnTables with text columns, fractional-ms times", () => {
    const dir = tmp();
    writeArrowFile(join(dir, "b.arrow"), bars);
    expectSameBars(bars, arrowToBars(readArrowFile(join(dir, "b.arrow"))));
    const old = makeBars("SPX", { time: [Date.UTC(1871, 0, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999), 0], open: [4.44, 92, 93], high: [4.44, 92, 93], low: [4.44, 92, 93], close: [4.44, 92.06, 93] });
    writeParquetFile(join(dir, "old.parquet"), old);
    expectSameBars(old, readParquetBars(join(dir, "old.parquet")));
    // 1871-01-01 is 99 × 365 + 24 leap days = 36159 days before 1970-01-01.
    expect(readParquetBars(join(dir, "old.parquet")).time[0]).toBe(-36159 * 86_400_000);
    const frac = makeBars("F", { time: [0.5, 1.25], open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2] });
    writeParquetFile(join(dir, "f.parquet"), frac);
    expectSameBars(frac, readParquetBars(join(dir, "f.parquet")));
    const table = {
      source: "x",
      timeField: "Date",
      time: Float64Array.from([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]),
      names: ["NG", "CL"],
      columns: { NG: Float64Array.from([2.5, NaN]), CL: Float64Array.from([70.1, 71]) },
      strings: { note: ["a", "b,c"] },
      rows: Int32Array.from([2, 3]),
    };
    writeParquetFile(join(dir, "t.parquet"), table);
    const back = readParquetTable(join(dir, "t.parquet"));
    expect(back.names).toEqual(["NG", "CL"]);
    expect(bits(back.columns["NG"]!)).toBe(bits(table.columns.NG));
    expect(back.strings["note"]).toEqual(["a", "b,c"]);
    expect(Array.from(back.rows)).toEqual([1, 2]);
  });

  it("reads what other Arrow writers produce: microsecond timestamps, Int32, nulls as NaN", () => {
    const t = new arrow.Table({
      ts: arrow.makeVector({ type: new arrow.TimestampMicrosecond(), data: BigInt64Array.from([1_000_000n, 2_500_000n]) }),
      n: arrow.vectorFromArray([3, null], new arrow.Int32()),
      x: arrow.vectorFromArray([1.5, null], new arrow.Float64()),
    });
    const ct = arrowToColumnTable(t);
    expect(Array.from(ct.time)).toEqual([1000, 2500]);
    expect(Array.from(ct.columns["n"]!)).toEqual([3, NaN]);
    expect(Array.from(ct.columns["x"]!)).toEqual([1.5, NaN]);
  });

  it.runIf(HAS_SHARED)("the shared VIX file: CSV → Parquet → Bars is bit-identical to the CSV bars", () => {
    const dir = tmp();
    const vix = tableToBars(readCsv(join(SHARED_DATA, "cboe-vix-daily/vix-daily.csv")), "VIX");
    writeParquetFile(join(dir, "vix.parquet"), vix);
    expectSameBars(vix, readParquetBars(join(dir, "vix.parquet")));
  });
});

describe("bad files and safe writes", () => {
  it("truncated, empty and mislabelled Parquet files are DataErrors naming the file", () => {
    const dir = tmp();
    const bars = makeBars("X", { time: [1, 2], open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2] });
    writeParquetFile(join(dir, "ok.parquet"), bars);
    const bytes = readFileSync(join(dir, "ok.parquet"));
    writeFileSync(join(dir, "cut.parquet"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(join(dir, "empty.parquet"), "");
    writeFileSync(join(dir, "csv.parquet"), "Date,Price\n2024-01-01,1\n");
    let e = thrown(() => readParquetBars(join(dir, "cut.parquet")));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain("cut.parquet: Parquet file is truncated or damaged");
    expect(thrown(() => readParquetTable(join(dir, "empty.parquet"))).message).toContain("empty.parquet: Parquet file is empty");
    expect(thrown(() => readParquetTable(join(dir, "csv.parquet"))).message).toContain("is not a Parquet file");
    // Damaged inside (footer intact): the decoder's error, still a DataError.
    const damaged = Uint8Array.from(bytes);
    damaged.fill(0xff, 4, damaged.length - 8);
    e = thrown(() => parquetToArrow(damaged, "damaged.parquet"));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain("damaged.parquet");
    writeFileSync(join(dir, "x.arrow"), "not arrow");
    expect(thrown(() => readArrowFile(join(dir, "x.arrow")))).toBeInstanceOf(DataError);
  });

  it("write-once files are never overwritten and leave no temporary files", () => {
    const dir = tmp();
    const p = join(dir, "once.bin");
    atomicWriteFile(p, "first", { overwrite: false });
    const e = thrown(() => atomicWriteFile(p, "second", { overwrite: false }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain("already exists and is write-once");
    expect(readFileSync(p, "utf8")).toBe("first");
    atomicWriteFile(p, "third");
    expect(readFileSync(p, "utf8")).toBe("third");
    expect(readdirSync(dir)).toEqual(["once.bin"]);
  });
});
