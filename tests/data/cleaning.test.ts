import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DataError,
  checkDataQuality,
  cleanTable,
  parseCsv,
  readCsv,
  readCsvSeries,
  robustZScores,
  sessionsBetween,
  weekdayCalendar,
  type MissingPolicy,
  type QualityReport,
} from "../../src/lib/data/index.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const rowsOf = (r: QualityReport, kind: string): number[] => r.issues.filter((i) => i.kind === kind).map((i) => i.row);

describe("calendar and robust z-scores", () => {
  it("counts weekday sessions strictly between two days, minus holidays", () => {
    const cal = weekdayCalendar(["2005-09-26"]);
    // Thu 2005-09-22 → Fri 2005-10-07: Sep 23, 26..30, Oct 3..6 = 10 weekdays; minus the 26th holiday = 9.
    expect(sessionsBetween(weekdayCalendar(), Date.UTC(2005, 8, 22), Date.UTC(2005, 9, 7))).toBe(10);
    expect(sessionsBetween(cal, Date.UTC(2005, 8, 22), Date.UTC(2005, 9, 7))).toBe(9);
    expect(sessionsBetween(cal, Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 8))).toBe(0); // Fri → Mon
    expect(() => weekdayCalendar(["5/1/2024"])).toThrow(ConfigError);
  });

  it("robust z: (x − median) / (1.4826 · MAD), by hand; constant input gives NaN", () => {
    // x = [10, 12, 11, 13, 40]: median 12, |x − 12| = [2, 0, 1, 1, 28] → MAD 1.
    const z = robustZScores(Float64Array.from([10, 12, 11, 13, 40]));
    expect(Array.from(z).map((v) => +v.toFixed(12))).toEqual(
      [-2, 0, -1, 1, 28].map((d) => +(d / 1.4826).toFixed(12)),
    );
    expect(Array.from(robustZScores(Float64Array.from([5, 5, 5]))).every(Number.isNaN)).toBe(true);
    // NaN entries are ignored by the medians and stay NaN: [1, NaN, 2, 3] → median 2, MAD 1.
    const zn = robustZScores(Float64Array.from([1, NaN, 2, 3]));
    expect(zn[0]).toBeCloseTo(-1 / 1.4826, 12);
    expect(Number.isNaN(zn[1])).toBe(true);
  });
});

describe("checkDataQuality on small tables, each fault placed by hand", () => {
  const csv = [
    "Date,Open,High,Low,Close,Volume",
    "2024-01-02,10,11,9,10.5,100", // row 2
    "2024-01-04,10.5,11,10,10.8,120", // row 3
    "2024-01-03,10.6,10.4,10.1,10.2,90", // row 4: unsorted; high 10.4 < max(10.6, 10.2)
    "2024-01-05,10.8,11,10.9,10.7,-5", // row 5: low 10.9 > min(10.8, 10.7); negative volume
    "2024-01-05,10.8,11,10.5,10.7,80", // row 6: duplicate time of row 5
    "2024-01-08,NA,11,10,0,70", // row 7: missing open; close 0 is non-positive
    "2024-01-12,10,11,9,10,60", // row 8: 3 sessions missing (9, 10, 11 Jan)
  ].join("\n");
  const report = checkDataQuality(parseCsv(csv, { file: "t.csv" }), { outlierZ: 1e9 });

  it("finds every fault at its file row, and nothing else", () => {
    expect(report.counts).toEqual({
      unsorted: 1,
      duplicate: 1,
      missing: 1,
      ohlc: 2,
      "non-positive": 1,
      gap: 1,
      outlier: 0,
      unit: 1,
    });
    expect(rowsOf(report, "unsorted")).toEqual([4]);
    expect(rowsOf(report, "duplicate")).toEqual([6]);
    expect(rowsOf(report, "missing")).toEqual([7]);
    expect(rowsOf(report, "ohlc")).toEqual([4, 5]);
    expect(rowsOf(report, "non-positive")).toEqual([7]);
    expect(rowsOf(report, "gap")).toEqual([8]);
    expect(rowsOf(report, "unit")).toEqual([5]);
    expect(report.issues.find((i) => i.kind === "gap")!.message).toContain("3 sessions missing");
    expect(report.start).toBe("2024-01-02T00:00:00.000Z");
    expect(report.end).toBe("2024-01-12T00:00:00.000Z");
  });

  it("flags unit changes by range and by a jump factor, and outliers by robust z", () => {
    // Cents quoted instead of dollars at row 5: 250 after 2.5 is a factor of 100.
    const t = parseCsv("Date,Price\n2024-01-01,2.5\n2024-01-02,2.6\n2024-01-03,2.55\n2024-01-04,250\n2024-01-05,2.6\n");
    const r = checkDataQuality(t, { ranges: { Price: { min: 0.5, max: 100 } }, calendar: null });
    expect(rowsOf(r, "unit")).toEqual([5, 5, 6]); // out of range; jump up; jump down
    // Returns: +4%, −1.923%, +9703.9%, −98.96%. Robust z of the 9703.9% return is far above 10.
    expect(rowsOf(r, "outlier")).toContain(5);
  });

  it("rejects options naming unknown columns", () => {
    expect(() => checkDataQuality(parseCsv("Date,Price\n2024-01-01,1\n"), { priceFields: ["Close"] })).toThrow(ConfigError);
  });
});

describe("cleanTable applies only the chosen repairs", () => {
  const text = "Date,Price\n2024-01-03,3\n2024-01-02,2\n2024-01-04,\n2024-01-04,4\n2024-01-05,\n2024-01-08,-1\n";
  const t = (): ReturnType<typeof parseCsv> => parseCsv(text, { file: "c.csv" });
  const values = (policy: MissingPolicy, dup?: "first" | "last"): number[] =>
    Array.from(cleanTable(t(), dup ? { missing: policy, duplicates: dup, calendar: null } : { missing: policy, calendar: null }).table.columns["Price"]!);

  it("sorts, keeps the last (or first) duplicate, and applies the missing policy", () => {
    expect(values("report")).toEqual([2, 3, 4, NaN, -1]);
    expect(values("report", "first")).toEqual([2, 3, NaN, NaN, -1]);
    expect(values("ffill", "first")).toEqual([2, 3, 3, 3, -1]);
    expect(values("drop")).toEqual([2, 3, 4, -1]);
    const c = cleanTable(t(), { missing: "drop", calendar: null });
    expect(Array.from(c.table.time)).toEqual([2, 3, 4, 8].map((d) => Date.UTC(2024, 0, d)));
    expect(Array.from(c.table.rows)).toEqual([3, 2, 5, 7]);
    expect(c.report.actions).toEqual([
      "sorted 6 rows by time (1 out of order)",
      "dropped 1 duplicate-time rows (kept the last)",
      "dropped 1 rows with missing values",
    ]);
  });

  it("never drops a non-positive price, and forward fill does not look ahead", () => {
    expect(values("drop")).toContain(-1);
    const base = parseCsv("Date,Price\n2024-01-02,2\n2024-01-03,\n2024-01-04,5\n");
    const changed = parseCsv("Date,Price\n2024-01-02,2\n2024-01-03,\n2024-01-04,50\n");
    const a = Array.from(cleanTable(base, { missing: "ffill" }).table.columns["Price"]!);
    const b = Array.from(cleanTable(changed, { missing: "ffill" }).table.columns["Price"]!);
    expect(a.slice(0, 2)).toEqual([2, 2]);
    expect(b.slice(0, 2)).toEqual(a.slice(0, 2));
  });

  it("refuses an unknown policy and, when asked, duplicates", () => {
    expect(() => cleanTable(t(), { missing: "zero" as MissingPolicy })).toThrow(ConfigError);
    const e = (() => {
      try {
        cleanTable(t(), { missing: "report", duplicates: "error" });
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e!.message).toBe('c.csv, row 5, field "Date": duplicate time 2024-01-04T00:00:00.000Z (also row 4)');
  });
});

describe.runIf(HAS_SHARED)("acceptance on the shared files", () => {
  it("VIX: the 47 OHLC-inconsistent rows, the same rows a plain loop over the file finds", () => {
    const path = join(SHARED_DATA, "cboe-vix-daily/vix-daily.csv");
    const expected: number[] = [];
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .forEach((line, k) => {
        if (k === 0) return;
        const [, o, h, l, c] = line.split(",").map(Number) as [number, number, number, number, number];
        if (h < Math.max(o, c) || l > Math.min(o, c) || h < l) expected.push(k + 1);
      });
    const r = checkDataQuality(readCsv(path));
    expect(expected.length).toBe(47);
    expect(rowsOf(r, "ohlc")).toEqual(expected);
    expect(r.issues.find((i) => i.kind === "ohlc")!.time).toBe("1992-02-11T00:00:00.000Z");
  });

  it("Henry Hub: the empty 2018-01-05 price and the 2005-09-22 → 2005-10-07 gap", () => {
    const r = checkDataQuality(readCsv(join(SHARED_DATA, "henry-hub-natural-gas/daily.csv")));
    expect(r.counts.missing).toBe(1);
    const miss = r.issues.find((i) => i.kind === "missing")!;
    expect([miss.row, miss.time, miss.field]).toEqual([5286, "2018-01-05T00:00:00.000Z", "Price"]); // `grep -n` gives line 5286
    const gaps = r.issues.filter((i) => i.kind === "gap");
    expect(gaps.length).toBe(1);
    expect(gaps[0]!.time).toBe("2005-10-07T00:00:00.000Z");
    expect(gaps[0]!.message).toContain("10 sessions missing (weekdays calendar) between 2005-09-22");
  });

  it("WTI: loads with −36.98 on 2020-04-20 kept and flagged as non-positive", () => {
    const path = join(SHARED_DATA, "oil-prices-wti-brent/wti-daily.csv");
    const s = readCsvSeries(path);
    expect(s.values.length).toBe(10226);
    expect(s.values[Array.from(s.time).indexOf(Date.UTC(2020, 3, 20))]).toBe(-36.98);
    const r = checkDataQuality(readCsv(path));
    expect(r.counts["non-positive"]).toBe(1);
    const np = r.issues.find((i) => i.kind === "non-positive")!;
    expect([np.row, np.value, np.time.slice(0, 10)]).toEqual([8645, -36.98, "2020-04-20"]);
    const cleaned = cleanTable(readCsv(path), { missing: "drop" });
    expect(cleaned.table.time.length).toBe(10226);
  });
});
