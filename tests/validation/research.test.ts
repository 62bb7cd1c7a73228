import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkReportInBrowser } from "../helpers/browser.js";
import { readNotebook, type Output } from "../../nbexport/notebook.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { ROOT, cli } from "../helpers/project.js";

const NOTEBOOK = join(ROOT, "notebooks/research/06_validation.ipynb");
const tmp = mkdtempSync(join(tmpdir(), "validation-research-"));
const html = join(tmp, "validation.html");
const executed = join(tmp, "validation.ipynb");

describe("research notebook 06_validation under quantbook run", () => {
  it("runs end to end with parameters, renders the three charts and a computed verdict", () => {
    const r = cli("quantbook", [
      "run",
      NOTEBOOK,
      "-p",
      "costBps=10",
      "-p",
      "bootstrapSamples=300",
      "-o",
      executed,
      "--html",
      html,
    ]);
    expect(r.stderr).toContain("done in");
    expect(r.status).toBe(0);
    const nb = readNotebook(executed);
    expect((nb.metadata["nbexport"] as { parameters: unknown }).parameters).toEqual({
      costBps: 10,
      bootstrapSamples: 300,
    });
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const text = outputs
      .filter((o): o is Extract<Output, { output_type: "stream" }> => o.output_type === "stream")
      .map((o) => String(o.text))
      .join("");
    expect(text).toMatch(/7437 daily prices 1997-01-07 … 2026-08-18/);
    expect(text).toContain("no look-ahead at 30 cut points");
    expect(text).toMatch(/DSR = 0\.\d{3}/);
    expect(text).toMatch(/PBO = 0\.\d{3} over 12870 splits/);
    expect(text).toMatch(/95% BCa \[-?\d+\.\d\d, -?\d+\.\d\d\]/);
    expect(text).toMatch(/VERDICT: the strategy (survives|does not survive)/);
    const figures = outputs
      .filter((o) => o.output_type === "display_data" && "data" in o)
      .map(
        (o) =>
          (o as { data: Record<string, unknown> }).data["application/vnd.plotly.v1+json"] as {
            layout: { title: { text: string } };
          },
      );
    const titles = figures.map((f) => f.layout.title.text);
    expect(titles.some((t) => t.startsWith("CSCV: logit"))).toBe(true);
    expect(titles.some((t) => t.startsWith("Out-of-sample equity"))).toBe(true);
    expect(titles.some((t) => t.startsWith("Stationary bootstrap"))).toBe(true);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("Parameters used");
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
  });

  it.runIf(needs("chromium", !!CHROMIUM))("the report's charts render in headless Chromium", async () => {
    expect(existsSync(html)).toBe(true);
    const r = await checkReportInBrowser(html, join(ROOT, "reports/screenshots/validation.png"));
    expect(r.errors).toEqual([]);
    expect(r.figures).toBeGreaterThanOrEqual(3);
    expect(r.rendered).toBe(r.figures);
  });
});
