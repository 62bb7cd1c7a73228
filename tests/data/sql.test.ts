import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, makeBars, sqlBars, sqlSeries, sqlTable, writeParquetFile } from "../../src/lib/data/index.js";
import { ROOT } from "../helpers/project.js";

const DATA = join(ROOT, "data");

describe("SQL over the data folder (DuckDB)", () => {
  it("monthly Henry Hub averages equal the averages of the CSV rows computed by hand", async () => {
    const s = await sqlSeries(
      `SELECT date_trunc('month', "Date") AS time, avg(Price) AS p FROM read_csv('sample/henry_hub_daily.csv')
       WHERE "Date" >= DATE '2021-01-01' AND "Date" < DATE '2021-04-01' GROUP BY 1 ORDER BY 1`,
      "p",
      { dataDir: DATA },
    );
    const rows = readFileSync(join(DATA, "sample/henry_hub_daily.csv"), "utf8").trim().split("\n").slice(1);
    const avg = (ym: string): number => {
      const v = rows.filter((r) => r.startsWith(ym) && !r.endsWith(",")).map((r) => Number(r.split(",")[1]));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(Array.from(s.time)).toEqual([Date.UTC(2021, 0, 1), Date.UTC(2021, 1, 1), Date.UTC(2021, 2, 1)]);
    expect(s.values[0]).toBeCloseTo(avg("2021-01"), 12);
    expect(s.values[1]).toBeCloseTo(avg("2021-02"), 12);
    expect(s.values[2]).toBeCloseTo(avg("2021-03"), 12);
    const peak = await sqlTable(`SELECT "Date" AS date, Price FROM read_csv('sample/henry_hub_daily.csv') WHERE year("Date") = 2021 ORDER BY Price DESC LIMIT 1`, { dataDir: DATA });
    expect([peak.time[0], peak.columns["Price"]![0]]).toEqual([Date.UTC(2021, 1, 17), 23.86]); // Winter Storm Uri
  });

  it("reads Parquet written by quantbook (DuckDB confirms ZSTD and the timestamp type) back into Bars", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-sql-"));
    mkdirSync(join(dir, "processed"));
    const bars = makeBars("CL", {
      time: [Date.UTC(2020, 3, 17), Date.UTC(2020, 3, 20), Date.UTC(2020, 3, 21)],
      open: [19.87, 17.73, -14],
      high: [20.1, 17.85, 13.86],
      low: [17.31, -40.32, -16.74],
      close: [18.27, -36.98, 10.01],
      volume: [1, NaN, 3],
    });
    writeParquetFile(join(dir, "processed/cl.parquet"), bars);
    const meta = await sqlTable(
      `SELECT DISTINCT TIMESTAMP '2000-01-01' AS time, compression, path_in_schema FROM parquet_metadata('processed/cl.parquet') ORDER BY path_in_schema`,
      { dataDir: dir },
    );
    expect(new Set(meta.strings["compression"])).toEqual(new Set(["ZSTD"]));
    const schema = await sqlTable(`SELECT TIMESTAMP '2000-01-01' AS time, column_type FROM (DESCRIBE SELECT * FROM 'processed/cl.parquet') WHERE column_name = 'time'`, {
      dataDir: dir,
    });
    expect(schema.strings["column_type"]).toEqual(["TIMESTAMP WITH TIME ZONE"]);
    const back = await sqlBars(`SELECT * FROM 'processed/cl.parquet' WHERE close < 0 OR low < 0 ORDER BY time`, "CL", { dataDir: dir });
    expect(Array.from(back.time)).toEqual([Date.UTC(2020, 3, 20), Date.UTC(2020, 3, 21)]);
    expect(Array.from(back.close)).toEqual([-36.98, 10.01]);
    expect(Number.isNaN(back.volume[0])).toBe(true);
  });

  it("a failing query or a result without a time column is a DataError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-sql-"));
    writeFileSync(join(dir, "x.csv"), "a,b\n1,2\n");
    await expect(sqlTable("SELECT * FROM 'absent.parquet'", { dataDir: dir })).rejects.toBeInstanceOf(DataError);
    await expect(sqlTable("SELECT * FROM 'x.csv'", { dataDir: dir })).rejects.toThrow(/no time column/);
  });
});
