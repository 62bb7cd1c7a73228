import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkReportInBrowser } from "../helpers/browser.js";
import { readNotebook, type Output } from "../../nbexport/notebook.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { ROOT, cli } from "../helpers/project.js";

const NOTEBOOK = join(ROOT, "notebooks/research/02_factor_research.ipynb");
const tmp = mkdtempSync(join(tmpdir(), "factor-research-"));
const html = join(tmp, "factor_research.html");
const executed = join(tmp, "factor_research.ipynb");

describe("research notebook 02_factor_research under quantbook run", () => {
  it("runs end to end with parameters and publishes IC decay, quantile spreads and a correlation heatmap", () => {
    const r = cli("quantbook", ["run", NOTEBOOK, "-p", "horizon=5", "-p", "start=2005-01-01", "-o", executed, "--html", html]);
    expect(r.stderr).toContain("done in");
    expect(r.status).toBe(0);
    const nb = readNotebook(executed);
    expect((nb.metadata["nbexport"] as { parameters: unknown }).parameters).toEqual({ horizon: 5, start: "2005-01-01" });
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const text = outputs
      .filter((o): o is Extract<Output, { output_type: "stream" }> => o.output_type === "stream")
      .map((o) => String(o.text))
      .join("");
    expect(text).toMatch(/Henry Hub: \d+ daily prices, 2005-01-03 to 2026-08-18/);
    expect(text).toContain("Features most associated with 5-day natural gas price moves");
    const figures = outputs
      .filter((o) => o.output_type === "display_data" && "data" in o)
      .map((o) => (o as { data: Record<string, unknown> }).data["application/vnd.plotly.v1+json"] as { data: { type?: string }[]; layout: { title: { text: string } } });
    const titles = figures.map((f) => f.layout.title.text);
    expect(titles.some((t) => t.startsWith("IC decay"))).toBe(true);
    expect(titles.some((t) => t.startsWith("Top-minus-bottom quintile spread"))).toBe(true);
    expect(figures.some((f) => f.data[0]?.type === "heatmap")).toBe(true);
    expect(titles.some((t) => t.startsWith("Permutation importance"))).toBe(true);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("Parameters used");
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
  });

  it.runIf(needs("chromium", !!CHROMIUM))("the report's charts render in headless Chromium", async () => {
    expect(existsSync(html)).toBe(true);
    const r = await checkReportInBrowser(html, join(ROOT, "reports/screenshots/factor_research.png"));
    expect(r.errors).toEqual([]);
    expect(r.figures).toBeGreaterThanOrEqual(8);
    expect(r.rendered).toBe(r.figures);
  });
});
