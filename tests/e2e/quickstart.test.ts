import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkReportInBrowser } from "../helpers/browser.js";
import { readNotebook, type Output } from "../../nbexport/notebook.js";
import { CHROMIUM, HAS_JUPYTER, needs } from "../helpers/env.js";
import { ROOT, cli } from "../helpers/project.js";

const QUICKSTART = join(ROOT, "notebooks/research/00_quickstart.ipynb");
const tmp = mkdtempSync(join(tmpdir(), "quickstart-"));
const html = join(tmp, "quickstart.html");
const executed = join(tmp, "quickstart.ipynb");

describe("the main job: quantbook run of the quickstart", () => {
  it("runs the notebook with parameters and writes the executed notebook and HTML report", () => {
    const r = cli("quantbook", ["run", QUICKSTART, "-p", "window=63", "-o", executed, "--html", html]);
    expect(r.stderr).toContain("done in");
    expect(r.status).toBe(0);
    const nb = readNotebook(executed);
    expect((nb.metadata["nbexport"] as { parameters: unknown }).parameters).toEqual({ window: 63 });
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    const text = outputs
      .filter((o): o is Extract<Output, { output_type: "stream" }> => o.output_type === "stream")
      .map((o) => String(o.text))
      .join("");
    // the shipped EIA file: 7,437 rows from 1997-01-07 to 2026-08-18, one empty price (2018-01-05)
    expect(text).toContain("7437 daily prices from 1997-01-07 to 2026-08-18; 1 missing");
    expect(text).toContain("latest 63-day annualised volatility");
    const fig = outputs.find((o) => o.output_type === "display_data");
    expect(fig && "data" in fig && Object.keys(fig.data)).toContain("application/vnd.plotly.v1+json");
    const page = readFileSync(html, "utf8");
    expect(page).toContain("Parameters used");
    expect(page).toContain("quantbook version");
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
  });

  it.runIf(needs("chromium", !!CHROMIUM))(
    "the report shows the plotly chart in headless Chromium",
    async () => {
      expect(existsSync(html)).toBe(true);
      const r = await checkReportInBrowser(html, join(ROOT, "reports/screenshots/quickstart.png"));
      expect(r.errors).toEqual([]);
      expect(r.figures).toBe(1);
      expect(r.rendered).toBe(1);
    },
  );
});

describe("the same notebook in real Jupyter with the tslab kernel", () => {
  it.runIf(needs("Jupyter (nbconvert)", HAS_JUPYTER))(
    "executes headless through nbconvert with no cell error",
    async () => {
      const prefix = mkdtempSync(join(tmpdir(), "jupyter-"));
      const install = spawnSync(
        join(ROOT, "node_modules/.bin/tslab"),
        [
          "install",
          "--python=/usr/bin/python3",
          `--binary=${join(ROOT, "node_modules/.bin/tslab")}`,
          `--prefix=${prefix}`,
        ],
        { encoding: "utf8" },
      );
      expect(install.status).toBe(0);
      const out = join(prefix, "quickstart.ipynb");
      const r = spawnSync(
        "/usr/bin/python3",
        [
          "-m",
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          "--ExecutePreprocessor.kernel_name=tslab",
          "--ExecutePreprocessor.timeout=300",
          "--output",
          out,
          QUICKSTART,
        ],
        {
          encoding: "utf8",
          env: { ...process.env, JUPYTER_PATH: join(prefix, "share/jupyter") },
          timeout: 300_000,
        },
      );
      expect(r.stderr).toContain("Writing");
      expect(r.status).toBe(0);
      const outputs = readNotebook(out).cells.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
      expect(
        outputs.some((o) => o.output_type === "display_data" && "application/vnd.plotly.v1+json" in o.data),
      ).toBe(true);
      // Jupyter's own HTML export (no plotly extension) shows the figure through the HTML fallback
      const page = join(prefix, "quickstart.html");
      const html = spawnSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", "--output", page, out], {
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(html.status).toBe(0);
      if (CHROMIUM) {
        const check = await checkReportInBrowser(
          page,
          join(ROOT, "reports/screenshots/quickstart-nbconvert.png"),
          ".quantbook-plot",
        );
        expect(check.errors).toEqual([]);
        expect(check.figures).toBe(1);
        expect(check.rendered).toBe(1);
      }
    },
  );
});
