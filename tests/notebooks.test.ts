import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExport } from "../nbexport/export.js";
import { loadConfig } from "../nbexport/config.js";
import { listFiles } from "../nbexport/fsutil.js";
import { runNotebookFile } from "../nbexport/execute.js";
import { ROOT } from "./helpers/project.js";

describe("the project's notebooks", () => {
  it("src/lib agrees with the library notebooks (nbexport check)", () => {
    expect(checkExport(loadConfig(ROOT))).toEqual([]);
  });

  const notebooks = [
    ...listFiles(join(ROOT, "notebooks/lib"), ".ipynb"),
    ...listFiles(join(ROOT, "notebooks/research"), ".ipynb"),
  ];
  for (const nb of notebooks) {
    it(`${relative(ROOT, nb)} runs end to end, test cells included`, async () => {
      const r = await runNotebookFile(nb, { timeoutSeconds: 600 });
      expect(r.error?.message).toBeUndefined();
      expect(r.ok).toBe(true);
    }, 900_000);
  }
});
