import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DataError,
  parseCsv,
  readCsv,
  readCsvBars,
  readCsvSeries,
  tableToBars,
  tableToPanel,
  zonedTimeToUtc,
} from "../../src/lib/data/index.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

/** The error a function throws (fails the test if it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

/** A deliberately naive reader used as the independent reference: split, Date.parse, Number. */
function naive(path: string): { time: number[]; cols: number[][] } {
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/).slice(1);
  const time: number[] = [];
  const cols: number[][] = [];
  for (const line of lines) {
    const f = line.split(",");
    const d = f[0]!;
    if (d.includes("/")) {
      const [m, day, y] = d.split("/").map(Number) as [number, number, number];
      time.push(Date.UTC(y, m - 1, day));
    } else time.push(Date.parse(`${d}T00:00:00Z`));
    f.slice(1).forEach((v, k) => {
      (cols[k] ??= []).push(v === "" ? NaN : Number(v));
    });
  }
  return { time, cols };
}

describe("parseCsv on small inputs", () => {
  it("reads ISO, M/D/YYYY, D/M/YYYY and YYYYMMDD dates to midnight UTC", () => {
    expect(Array.from(parseCsv("Date,x\n2024-02-29,1\n").time)).toEqual([Date.UTC(2024, 1, 29)]);
    expect(Array.from(parseCsv("Date,x\n1/4/1999,1\n12/31/1999,2\n").time)).toEqual([Date.UTC(1999, 0, 4), Date.UTC(1999, 11, 31)]);
    expect(Array.from(parseCsv("Date,x\n1/4/1999,1\n", { dateFormat: "dmy" }).time)).toEqual([Date.UTC(1999, 3, 1)]);
    expect(Array.from(parseCsv("Date,x\n19990104,1\n").time)).toEqual([Date.UTC(1999, 0, 4)]);
  });

  it("reads date-times with explicit offsets regardless of the zone option", () => {
    const t = parseCsv("timestamp,x\n2021-07-01T12:00:00Z,1\n2021-07-01 12:00:00+02:00,2\n2021-07-01T12:00:00.250-05:00,3\n", {
      timeZone: "Asia/Tokyo",
    }).time;
    expect(Array.from(t)).toEqual([Date.UTC(2021, 6, 1, 12), Date.UTC(2021, 6, 1, 10), Date.UTC(2021, 6, 1, 17, 0, 0, 250)]);
  });

  it("interprets wall-clock times in an IANA zone, across US daylight saving", () => {
    // Chicago: CST = UTC-6 until 2021-03-14 02:00, then CDT = UTC-5; 2021-11-07 01:30 happens twice.
    const t = parseCsv("Date,Time,x\n2021-03-12,17:00,1\n2021-03-15,17:00,2\n2021-11-07,01:30,3\n", {
      timeZone: "America/Chicago",
    }).time;
    expect(Array.from(t)).toEqual([Date.UTC(2021, 2, 12, 23), Date.UTC(2021, 2, 15, 22), Date.UTC(2021, 10, 7, 6, 30)]);
    expect(zonedTimeToUtc("Australia/Sydney", 2021, 1, 15, 10)).toBe(Date.UTC(2021, 0, 14, 23)); // AEDT = UTC+11
    expect(zonedTimeToUtc("Asia/Kolkata", 2021, 1, 15, 10)).toBe(Date.UTC(2021, 0, 15, 4, 30)); // IST = UTC+5:30
  });

  it("handles quotes, CRLF, blank lines, missing tokens, other delimiters and text columns", () => {
    const t = parseCsv('Date;Sym;Price\r\n2024-01-02;"A;1";"1.5"\r\n\r\n2024-01-03;"B""x";NA\r\n', {
      delimiter: ";",
      strings: ["Sym"],
    });
    expect(Array.from(t.columns["Price"]!)).toEqual([1.5, NaN]);
    expect(t.strings["Sym"]).toEqual(["A;1", 'B"x']);
    expect(Array.from(t.rows)).toEqual([2, 4]);
  });

  it("parses every decimal exactly as Number() does (fast path and fallback)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 50 }), (xs) => {
        const texts = xs.map(([v, d]) => v.toFixed(d));
        const csv = "Date,x\n" + texts.map((s, i) => `${new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10)},${s}`).join("\n");
        const got = Array.from(parseCsv(csv).columns["x"]!);
        expect(got).toEqual(texts.map(Number));
      }),
      { numRuns: 200 },
    );
    expect(Array.from(parseCsv("Date,x\n2024-01-01,1e-3\n2024-01-02, 2.5 \n2024-01-03,12345678901234567890\n").columns["x"]!)).toEqual([
      0.001, 2.5, Number("12345678901234567890"),
    ]);
  });

  it("turns tables into bars and panels", () => {
    const t = parseCsv("Date,NG,CL\n2024-01-02,2.5,70\n2024-01-03,NaN,71\n");
    const p = tableToPanel(t);
    expect(p.symbols).toEqual(["NG", "CL"]);
    expect(Array.from(p.values[1]!)).toEqual([70, 71]);
    expect(Number.isNaN(p.values[0]![1])).toBe(true);
    const b = tableToBars(parseCsv("Date,Open,High,Low,Close,Volume,OpenInterest\n2024-01-02,1,3,0.5,2,10,7\n"), "X");
    expect([b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0], b.openInterest![0]]).toEqual([1, 3, 0.5, 2, 10, 7]);
  });
});

describe("bad input gives typed errors naming file, row and field", () => {
  it("wrong field count, bad date, bad number, empty file, missing time column", () => {
    let e = thrown(() => parseCsv("Date,Price\n2024-01-02,1\n2024-01-03,1,2\n", { file: "f.csv" }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe("f.csv, row 3: expected 2 fields (the header names: Date,Price), found 3");
    e = thrown(() => parseCsv("Date,Price\n2024-01-02,1\n2024-13-03,1\n", { file: "f.csv" }));
    expect(e.message).toBe('f.csv, row 3, field "Date": "2024-13-03" is not a iso date');
    e = thrown(() => parseCsv("Date,Price\n2024-01-02,1\n2024-01-03,1.2.3\n", { file: "f.csv" }));
    expect(e.message).toBe('f.csv, row 3, field "Price": "1.2.3" is not a number');
    e = thrown(() => parseCsv("Date,Price\nyesterday,1\n", { file: "f.csv" }));
    expect(e.message).toContain('f.csv, row 2, field "Date": cannot infer the date format from "yesterday"');
    expect(thrown(() => parseCsv("\n\n", { file: "f.csv" })).message).toBe("f.csv: file is empty (expected a header row)");
    expect(thrown(() => parseCsv("Name,Price\nx,1\n")).message).toContain('first column "Name" is not named like a date');
    expect(thrown(() => parseCsv("Date,x\n2024-01-02,1\n", { timeZone: "Mars/Olympus" }))).toBeInstanceOf(ConfigError);
    expect(thrown(() => parseCsv('Date,x\n2024-01-02,"1\n'))).toBeInstanceOf(DataError);
  });

  it("a file that is not what its extension says, and an empty file", () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-csv-"));
    writeFileSync(join(dir, "fake.csv"), Buffer.from("PAR1\u0000\u0001garbage", "latin1"));
    writeFileSync(join(dir, "empty.csv"), "");
    const e = thrown(() => readCsv(join(dir, "fake.csv")));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain("fake.csv: is not a CSV text file: its bytes are a parquet file");
    expect(thrown(() => readCsv(join(dir, "empty.csv"))).message).toContain("empty.csv: file is empty");
    expect(thrown(() => readCsv(join(dir, "absent.csv"))).message).toContain("absent.csv: cannot read file");
  });
});

describe.runIf(HAS_SHARED)("the shared real files", () => {
  const f = (p: string): string => join(SHARED_DATA, p);

  it("VIX OHLC: every value and date equals the naive reference reader's", () => {
    const path = f("cboe-vix-daily/vix-daily.csv");
    const ref = naive(path);
    const bars = readCsvBars(path, "VIX");
    expect(bars.time.length).toBe(9235);
    expect(Array.from(bars.time)).toEqual(ref.time);
    expect(Array.from(bars.open)).toEqual(ref.cols[0]);
    expect(Array.from(bars.high)).toEqual(ref.cols[1]);
    expect(Array.from(bars.low)).toEqual(ref.cols[2]);
    expect(Array.from(bars.close)).toEqual(ref.cols[3]);
    expect(bars.close[0]).toBe(17.24);
  });

  it("arch S&P 500 with M/D/YYYY dates equals the naive reader's", () => {
    const path = f("arch-index-daily/sp500.csv");
    const ref = naive(path);
    const t = readCsv(path);
    expect(t.time.length).toBe(5031);
    expect(Array.from(t.time)).toEqual(ref.time);
    expect(Array.from(t.columns["Adj Close"]!)).toEqual(ref.cols[4]);
    expect(t.time[0]).toBe(Date.UTC(1999, 0, 4));
    expect(t.time[t.time.length - 1]).toBe(Date.UTC(2018, 11, 31));
  });

  it("Henry Hub keeps the empty 2018-01-05 price as NaN", () => {
    const s = readCsvSeries(f("henry-hub-natural-gas/daily.csv"));
    expect(s.values.length).toBe(7437);
    const k = Array.from(s.time).indexOf(Date.UTC(2018, 0, 5));
    expect(k).toBeGreaterThan(0);
    expect(Number.isNaN(s.values[k])).toBe(true);
    expect(Array.from(s.values).filter(Number.isNaN).length).toBe(1);
    expect(s.values[Array.from(s.time).indexOf(Date.UTC(2021, 1, 17))]).toBe(23.86);
  });

  it("backtrader 1-minute file: 7 header names, 8 fields is a DataError naming row 2; with names it reads in CET", () => {
    const path = f("backtrader-sample-bars/2006-01-02-volume-min-001.txt");
    const e = thrown(() => readCsv(path));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(
      `${path}, row 2: expected 7 fields (the header names: Date,Open,High,Low,Close,Volume,OpenInterest), found 8`,
    );
    expect((e as DataError).location.row).toBe(2);
    const bars = readCsvBars(path, "FESX", {
      columns: ["Date", "Time", "Open", "High", "Low", "Close", "Volume", "OpenInterest"],
      timeZone: "Europe/Berlin",
    });
    expect(bars.time.length).toBe(30889);
    expect(bars.time[0]).toBe(Date.UTC(2006, 0, 2, 8, 1)); // 09:01 CET
    expect(bars.time[bars.time.length - 1]).toBe(Date.UTC(2006, 1, 27, 21, 0)); // 22:00 CET
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0], bars.openInterest![0]]).toEqual([
      3602, 3603, 3597, 3599, 5699, 0,
    ]);
  });
});
