import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "./config.js";
import { ExportError } from "./errors.js";
import { listFiles, posix } from "./fsutil.js";
import { codeCell, markdownCell, writeNotebook, type Notebook } from "./notebook.js";

/**
 * Creates a library notebook for module `module` (e.g. `features/trend`) as
 * `notebooks/lib/NN_<name>.ipynb`, numbered after the existing ones, with the `default_exp`
 * cell, a prose cell, an exported cell and a test cell to fill in. Refuses to overwrite.
 */
export function scaffoldNotebook(module: string, root = process.cwd(), title?: string): string {
  const cfg = loadConfig(root);
  if (!/^[a-z0-9_]+(\/[a-z0-9_]+)*$/.test(module)) {
    throw new ExportError(`module "${module}" must be a lowercase path like "features/trend"`);
  }
  const existing = listFiles(join(cfg.root, cfg.notebooks), ".ipynb");
  const numbers = existing.map((p) => Number(/(\d+)_[^/\\]*\.ipynb$/.exec(p)?.[1] ?? 0));
  const next = String(Math.max(0, ...numbers) + 1).padStart(2, "0");
  const name = `${next}_${module.replace(/\//g, "_")}.ipynb`;
  const file = join(cfg.root, cfg.notebooks, name);
  if (existsSync(file)) throw new ExportError(`${posix(file)} already exists`);
  const heading = title ?? module;
  const nb: Notebook = {
    cells: [
      markdownCell(`# ${heading}\n\nWhat this module is for, in a paragraph.`),
      codeCell(`//| default_exp ${module}`),
      markdownCell("## The idea\n\nExplain the idea, then write the code below it."),
      codeCell(
        `//| export\n/** What this function returns. */\nfunction example(x: number): number {\n  return x;\n}`,
      ),
      markdownCell("A small check of the code above:"),
      codeCell(`//| test\nif (example(2) !== 2) throw new Error("example(2) should be 2");`),
    ],
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeNotebook(file, nb);
  return posix(file);
}
