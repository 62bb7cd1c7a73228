import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/project.js";

describe("npm run docs", () => {
  it("builds the API reference with no typedoc warnings and links modules and notebooks both ways", () => {
    // Notebook execution is covered by tests/notebooks.test.ts; here the pages are rendered unexecuted.
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/build-docs.mjs"), "--no-execute"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
    });
    expect(r.stderr).toContain("API reference built with no warnings");
    expect(r.status).toBe(0);
    const site = join(ROOT, "docs/site");
    for (const f of ["index.html", "api/index.html", "api/modules/data.html", "architecture.html", "usage.html"]) {
      expect(existsSync(join(site, f)), f).toBe(true);
    }
    const dataApi = readFileSync(join(site, "api/modules/data.html"), "utf8");
    expect(dataApi).toContain('<a href="../../notebooks/01_data_io.html"><code>notebooks/lib/01_data_io.ipynb</code></a>');
    const nbPage = readFileSync(join(site, "notebooks/01_data_io.html"), "utf8");
    expect(nbPage).toContain('<a href="../api/modules/data.html"><code>quantbook/data</code></a>');
    expect(readFileSync(join(site, "index.html"), "utf8")).toContain('href="notebooks/01_data_io.html"');
  });
});
