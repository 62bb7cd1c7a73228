import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type NbexportConfig } from "./config.js";
import { parseCell } from "./directives.js";
import { ExportError } from "./errors.js";
import { GENERATED_MARK, REGION_END, planExport, unrewriteImports } from "./export.js";
import { cellSource, readNotebook, toSourceLines, writeNotebook } from "./notebook.js";
import { removeExports } from "./transform.js";

/** A cell updated by {@link syncBack}. */
export interface SyncedCell {
  notebook: string;
  cell: number;
  module: string;
}

interface Region {
  cell: number;
  kind: "export" | "exporti";
  id?: string;
  body: string;
}

const REGION_RE = /^\/\/#region nbexport cell (\d+) (export|exporti)(?: id=(\S+))?\s*$/;

/** Splits a generated module into its cell regions; text outside regions must be the generated frame. */
function parseRegions(path: string, text: string): Region[] {
  const lines = text.split("\n");
  const regions: Region[] = [];
  let cur: { cell: number; kind: "export" | "exporti"; id?: string; start: number } | undefined;
  lines.forEach((line, i) => {
    const m = REGION_RE.exec(line);
    if (m) {
      if (cur) {
        throw new ExportError(`region of cell ${cur.cell} is not closed`, { file: path, line: i + 1 });
      }
      cur = { cell: Number(m[1]), kind: m[2] as "export" | "exporti", start: i + 1 };
      if (m[3]) cur.id = m[3];
      return;
    }
    if (cur && line === `${REGION_END} cell ${cur.cell}`) {
      const r: Region = { cell: cur.cell, kind: cur.kind, body: lines.slice(cur.start, i).join("\n") };
      if (cur.id) r.id = cur.id;
      regions.push(r);
      cur = undefined;
      return;
    }
    if (!cur && i >= 3 && line.trim() !== "" && line !== "export {};") {
      throw new ExportError(
        "text outside any cell region cannot be carried back to a notebook; move it inside a region",
        { file: path, line: i + 1 },
      );
    }
  });
  if (cur) throw new ExportError(`region of cell ${cur.cell} is not closed`, { file: path });
  return regions;
}

/**
 * Carries edits made in generated modules back into the notebook cells they came from. Each
 * region's code (with the added `export` keywords and rewritten imports undone) replaces the
 * cell's code below its directive lines. Returns the cells it changed.
 */
export function syncBack(config: NbexportConfig = loadConfig()): SyncedCell[] {
  const plan = planExport(config);
  const changed: SyncedCell[] = [];
  for (const f of plan.files) {
    if (!f.notebook) continue;
    const abs = join(config.root, f.path);
    if (!existsSync(abs)) continue;
    const text = readFileSync(abs, "utf8");
    if (!text.startsWith(GENERATED_MARK) || text === f.content) continue;
    const regions = parseRegions(f.path, text);
    const nbAbs = join(config.root, f.notebook);
    const nb = readNotebook(nbAbs);
    let dirty = false;
    for (const r of regions) {
      let idx = r.id ? nb.cells.findIndex((c) => c.id === r.id) : -1;
      if (idx < 0) idx = r.cell - 1;
      const cell = nb.cells[idx];
      if (!cell || cell.cell_type !== "code") {
        throw new ExportError(`region names cell ${r.cell}, which is not a code cell of ${f.notebook}`, {
          file: f.path,
        });
      }
      const { header, body } = parseCell(cellSource(cell), f.notebook, idx + 1);
      let code = unrewriteImports(r.body, config, f.path);
      if (r.kind === "export") code = removeExports(code);
      if (code === body.replace(/\s+$/, "")) continue;
      cell.source = toSourceLines(header + code);
      dirty = true;
      changed.push({ notebook: f.notebook, cell: idx + 1, module: f.path });
    }
    if (dirty) writeNotebook(nbAbs, nb);
  }
  return changed;
}
