import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExport } from "../nbexport/export.js";
import { loadConfig } from "../nbexport/config.js";
import { listFiles, writeFileAtomic } from "../nbexport/fsutil.js";
import { runNotebookFile } from "../nbexport/execute.js";
import { renderNotebook } from "../nbexport/render.js";
import { ROOT } from "./helpers/project.js";
import { CHROMIUM, needs } from "./helpers/env.js";
import { checkReportInBrowser } from "./helpers/browser.js";

describe("the project's notebooks", () => {
  it("src/lib agrees with the library notebooks (nbexport check)", () => {
    expect(checkExport(loadConfig(ROOT))).toEqual([]);
  });

  for (const nb of listFiles(join(ROOT, "notebooks/lib"), ".ipynb")) {
    it(`${relative(ROOT, nb)} runs end to end, test cells included`, async () => {
      const r = await runNotebookFile(nb, { timeoutSeconds: 600 });
      expect(r.error?.message).toBeUndefined();
      expect(r.ok).toBe(true);
    }, 900_000);
  }

  const browser = needs("chromium", !!CHROMIUM);
  for (const nb of listFiles(join(ROOT, "notebooks/research"), ".ipynb")) {
    it(`${relative(ROOT, nb)} runs end to end and its report renders every chart`, async () => {
      const r = await runNotebookFile(nb, { timeoutSeconds: 600 });
      expect(r.error?.message).toBeUndefined();
      expect(r.ok).toBe(true);
      const name = basename(nb, ".ipynb");
      const html = join(ROOT, "reports", "notebooks", `${name}.html`);
      writeFileAtomic(html, renderNotebook(r.notebook, { sourceName: basename(nb) }));
      if (!browser) return;
      const check = await checkReportInBrowser(html, join(ROOT, "reports", "screenshots", `${name}.png`));
      expect(check.errors).toEqual([]);
      expect(check.rendered).toBe(check.figures);
    }, 900_000);
  }
});
