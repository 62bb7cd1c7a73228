import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/node";
import { findChromium, htmlToPdf, tableToCsv, writeTablesXlsx, type Table } from "../../src/report/index.js";
import { ConfigError, ValidationError } from "../../src/lib/data/types.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { cli } from "../helpers/project.js";

const table: Table = {
  name: "trades",
  columns: [
    { name: "symbol", values: ["NG", "CL, WTI", 'say "hi"'] },
    { name: "pnl", values: Float64Array.from([1250.5, 0.1 + 0.2, NaN]) },
    { name: "win", values: [true, true, null] },
  ],
};

describe("CSV export", () => {
  it("quotes fields with commas and quotes, keeps full precision and leaves NaN empty", () => {
    expect(tableToCsv(table)).toBe(
      'symbol,pnl,win\nNG,1250.5,true\n"CL, WTI",0.30000000000000004,true\n"say ""hi""",,\n',
    );
  });

  it("rejects columns of different lengths, naming the column", () => {
    const bad: Table = {
      name: "x",
      columns: [
        { name: "a", values: [1, 2] },
        { name: "b", values: [1] },
      ],
    };
    expect(() => tableToCsv(bad)).toThrow(ValidationError);
    expect(() => tableToCsv(bad)).toThrow('field "b": column has 1 values but "a" has 2');
  });
});

describe("Excel export", () => {
  it("writes one sheet per table that reads back with the same values", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xlsx-"));
    const path = join(dir, "out.xlsx");
    const returns: Table = {
      name: "monthly returns",
      columns: [
        { name: "month", values: ["2024-01", "2024-02"] },
        { name: "return", values: [0.0123, -0.045], format: "0.00%" },
      ],
    };
    await writeTablesXlsx(path, [table, returns]);
    const sheet1 = await readSheet(path, "trades");
    expect(sheet1).toEqual([
      ["symbol", "pnl", "win"],
      ["NG", 1250.5, true],
      ["CL, WTI", 0.30000000000000004, true],
      ['say "hi"', null, null],
    ]);
    const sheet2 = await readSheet(path, "monthly returns");
    expect(sheet2).toEqual([
      ["month", "return"],
      ["2024-01", 0.0123],
      ["2024-02", -0.045],
    ]);
  });
});

describe("PDF export", () => {
  it("fails clearly when the named browser does not exist, and finds the default otherwise", () => {
    expect(() => findChromium("/nonexistent/chrome")).toThrow(ConfigError);
    expect(() => findChromium("/nonexistent/chrome")).toThrow(
      'browser "/nonexistent/chrome" (the --browser option) does not exist',
    );
    const saved = process.env["QUANTBOOK_CHROMIUM"];
    try {
      process.env["QUANTBOOK_CHROMIUM"] = "/nonexistent/env-chrome";
      expect(() => findChromium()).toThrow(
        'browser "/nonexistent/env-chrome" (QUANTBOOK_CHROMIUM) does not exist',
      );
      delete process.env["QUANTBOOK_CHROMIUM"];
      if (CHROMIUM) expect(findChromium()).toBe(CHROMIUM);
      else
        expect(() => findChromium()).toThrow(/no Chromium browser found \(looked for \/usr\/bin\/chromium, /);
    } finally {
      if (saved === undefined) delete process.env["QUANTBOOK_CHROMIUM"];
      else process.env["QUANTBOOK_CHROMIUM"] = saved;
    }
  });

  it.runIf(needs("chromium", !!CHROMIUM) && needs("pdftoppm", existsSync("/usr/bin/pdftoppm")))(
    "prints a report with a chart to a non-blank PDF (checked page by page as PNG)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "pdf-"));
      const html = join(dir, "page.html");
      writeFileSync(
        html,
        `<!DOCTYPE html><html><body><h1>Report title</h1><p>Some text for the page.</p>
         <svg width="400" height="200"><rect x="10" y="10" width="380" height="180" fill="#1f77b4"/></svg></body></html>`,
      );
      const r = cli("quantbook", ["pdf", html, "-o", join(dir, "page.pdf")]);
      expect(r.stderr).toContain(`printed with ${CHROMIUM}`);
      expect(r.status).toBe(0);
      const pdf = readFileSync(join(dir, "page.pdf"));
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(spawnSync("pdftoppm", ["-png", "-r", "40", join(dir, "page.pdf"), join(dir, "p")]).status).toBe(
        0,
      );
      const pages = readdirSync(dir).filter((f) => /^p-\d+\.png$/.test(f));
      expect(pages.length).toBeGreaterThanOrEqual(1);
      // Non-blank: the page PNG must contain the blue rectangle (its compressed size far exceeds a blank page's)
      const gray = spawnSync("pdftoppm", ["-gray", "-r", "20", "-f", "1", "-l", "1", join(dir, "page.pdf")], {
        encoding: "latin1",
        maxBuffer: 1 << 26,
      });
      const pgm = gray.stdout;
      const headerEnd = pgm.indexOf("255\n") + 4;
      const pixels = Buffer.from(pgm.slice(headerEnd), "latin1");
      let dark = 0;
      for (const p of pixels) if (p < 200) dark++;
      expect(dark / pixels.length).toBeGreaterThan(0.05);
      // and the library call reports the browser it used
      expect(htmlToPdf(html, join(dir, "again.pdf"))).toBe(CHROMIUM);
    },
  );
});
