import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeParquetFile, parseCsv } from "../../src/lib/data/index.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";
import { ROOT } from "../helpers/project.js";

/** Runs the built CLI (`npm test` builds first). */
function quantbook(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/quantbook.js"), ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  rows: number;
  counts: Record<string, number>;
  issues: Array<{ kind: string; row: number; time: string; value?: number; message: string }>;
}

describe("quantbook data validate", () => {
  it("prints counts and offending rows of a CSV or Parquet file, as text or JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-cli-"));
    const text = "Date,Price\n2024-01-02,2.5\n2024-01-03,\n2024-01-04,-1\n";
    writeFileSync(join(dir, "p.csv"), text);
    writeParquetFile(join(dir, "p.parquet"), parseCsv(text));
    const t = quantbook("data", "validate", join(dir, "p.csv"));
    expect(t.status).toBe(0);
    expect(t.stdout).toContain("3 rows, 2024-01-02 to 2024-01-04");
    expect(t.stdout).toContain("2 issues: missing 1, non-positive 1");
    expect(t.stdout).toContain("row 3  2024-01-03  Price  value is missing");
    const j = JSON.parse(quantbook("data", "validate", join(dir, "p.parquet"), "--json").stdout) as JsonReport;
    expect(j.rows).toBe(3);
    expect(j.counts["missing"]).toBe(1);
    expect(j.issues.find((i) => i.kind === "non-positive")!.value).toBe(-1);
  });

  it("a bad file is a typed error on stderr with exit code 2, no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-cli-"));
    writeFileSync(join(dir, "bad.csv"), "Date,Price\n2024-01-02,abc\n");
    const r = quantbook("data", "validate", join(dir, "bad.csv"));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`quantbook: DataError: ${join(dir, "bad.csv")}, row 2, field "Price": "abc" is not a number`);
  });

  describe.runIf(HAS_SHARED)("on the shared files", () => {
    it("VIX: reports its 47 OHLC-inconsistent rows", () => {
      const j = JSON.parse(quantbook("data", "validate", join(SHARED_DATA, "cboe-vix-daily/vix-daily.csv"), "--json").stdout) as JsonReport;
      expect(j.counts["ohlc"]).toBe(47);
      expect(j.issues.filter((i) => i.kind === "ohlc")[0]!.row).toBe(535); // 1992-02-11, line 535 of the file
    });

    it("Henry Hub: the empty 2018-01-05 price and the 2005 hurricane gap", () => {
      const r = quantbook("data", "validate", join(SHARED_DATA, "henry-hub-natural-gas/daily.csv"));
      expect(r.stdout).toContain("row 5286  2018-01-05  Price  value is missing");
      expect(r.stdout).toContain("10 sessions missing (weekdays calendar) between 2005-09-22 (row 2182) and 2005-10-07");
    });

    it("WTI: the −36.98 of 2020-04-20 is flagged", () => {
      const r = quantbook("data", "validate", join(SHARED_DATA, "oil-prices-wti-brent/wti-daily.csv"));
      expect(r.stdout).toContain("row 8645  2020-04-20  Price  price -36.98 is not positive (kept: some markets allow it)");
    });
  });
});
