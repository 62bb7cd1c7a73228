import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { CHROMIUM, needs } from "../helpers/env.js";
import { checkReportInBrowser } from "../helpers/browser.js";
import { ROOT, cli } from "../helpers/project.js";

const NOTEBOOK = join(ROOT, "notebooks/research/natural_gas_case_study.ipynb");
const out = mkdtempSync(join(tmpdir(), "case-study-"));
const html = join(out, "case.html");

describe("the natural gas case study (the README's main job)", () => {
  it("runs with parameters and its report states the parameters, data snapshot id and library version", () => {
    const r = cli("quantbook", [
      "run",
      NOTEBOOK,
      "-p",
      "start=2008-01-01",
      "-p",
      "costBps=8",
      "-o",
      join(out, "case.ipynb"),
      "--html",
      html,
    ]);
    expect(r.stderr).toContain("done in");
    expect(r.status).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<td>start</td><td><code>&quot;2008-01-01&quot;</code></td>");
    expect(page).toContain("<td>costBps</td><td><code>8</code></td>");
    // the snapshot id is the file's content hash, computed here independently
    const id = createHash("sha256")
      .update(readFileSync(join(ROOT, "data/sample/henry_hub_daily.csv")))
      .digest("hex")
      .slice(0, 16);
    expect(page).toContain(`<dt>data snapshot</dt><dd>${id} (data/sample/henry_hub_daily.csv)</dd>`);
    expect(page).toMatch(/<dt>quantbook version<\/dt><dd>\d+\.\d+\.\d+<\/dd>/);
    expect(page).toContain("study period 2008-01-02");
    expect(page).toContain("Validation verdict");
  });

  it.runIf(needs("chromium", !!CHROMIUM) && needs("pdftoppm", spawnSync("which", ["pdftoppm"]).status === 0))(
    "every chart renders in headless Chromium, and the PDF export has non-blank pages",
    async () => {
      const check = await checkReportInBrowser(html, join(ROOT, "reports/screenshots/case-study.png"));
      expect(check.errors).toEqual([]);
      expect(check.figures).toBeGreaterThanOrEqual(9);
      expect(check.rendered).toBe(check.figures);
      const pdf = join(out, "case.pdf");
      const r = cli("quantbook", ["pdf", html, "-o", pdf]);
      expect(r.status).toBe(0);
      expect(spawnSync("pdftoppm", ["-png", "-r", "30", pdf, join(out, "page")]).status).toBe(0);
      const pages = readdirSync(out).filter((f) => /^page-\d+\.png$/.test(f));
      expect(pages.length).toBeGreaterThan(3);
      // every page has ink: a grey-level rendering with a meaningful share of non-white pixels
      for (let p = 1; p <= pages.length; p++) {
        const g = spawnSync("pdftoppm", ["-gray", "-r", "15", "-f", String(p), "-l", String(p), pdf], {
          maxBuffer: 1 << 26,
        });
        const buf = g.stdout;
        let header = 0;
        for (let nl = 0; nl < 3; header++) if (buf[header] === 10) nl++;
        let ink = 0;
        for (let i = header; i < buf.length; i++) if ((buf[i] as number) < 235) ink++;
        expect(ink / (buf.length - header), `page ${p}`).toBeGreaterThan(0.005);
      }
    },
  );
});
