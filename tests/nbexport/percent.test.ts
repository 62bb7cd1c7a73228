import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { notebookFromPercent, percentFromNotebook } from "../../nbexport/percent.js";
import { cellSource, cellTags, readNotebook } from "../../nbexport/notebook.js";
import { FIXTURES } from "../helpers/project.js";

describe("percent scripts", () => {
  it("parses markdown, code and tagged cells", () => {
    const nb = notebookFromPercent(
      '// %% [markdown]\n// # Title\n//\n// Some *prose*.\n\n// %% tags=["parameters"]\nconst n = 3;\n\n// %%\n//| export\nfunction f(): number {\n  return n;\n}\n',
    );
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "code"]);
    expect(cellSource(nb.cells[0]!)).toBe("# Title\n\nSome *prose*.");
    expect(cellTags(nb.cells[1]!)).toEqual(["parameters"]);
    expect(cellSource(nb.cells[1]!)).toBe("const n = 3;");
    expect(cellSource(nb.cells[2]!)).toBe("//| export\nfunction f(): number {\n  return n;\n}");
    expect(nb.cells.map((c) => c.id)).toEqual(["c001", "c002", "c003"]);
  });

  it("round-trips a fixture notebook's cells, tags and sources", () => {
    const nb = readNotebook(join(FIXTURES, "params.ipynb"));
    const back = notebookFromPercent(percentFromNotebook(nb));
    expect(back.cells.map((c) => [c.cell_type, cellTags(c), cellSource(c)])).toEqual(
      nb.cells.map((c) => [c.cell_type, cellTags(c), cellSource(c)]),
    );
  });
});
