import { readFileSync } from "node:fs";
import { NotebookFormatError } from "./errors.js";
import { writeFileAtomic } from "./fsutil.js";

/** A Jupyter output (nbformat 4). */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string | string[] }
  | {
      output_type: "display_data";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell (nbformat 4). */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

/** A notebook document (nbformat 4). */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Joins a cell's source (a string or a list of lines) into one string. */
export function cellSource(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into the list-of-lines form Jupyter stores (each line keeps its newline). */
export function toSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  const out = lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
  if (out[out.length - 1] === "") out.pop();
  return out;
}

/** The tags of a cell (`metadata.tags`), or an empty list. */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** Parses notebook JSON text, checking the nbformat 4 shape; `file` is named in errors. */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new NotebookFormatError(`not valid notebook JSON (${(err as Error).message})`, { file });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new NotebookFormatError("expected a JSON object with a `cells` list", { file });
  }
  const nb = raw as Partial<Notebook>;
  if (!Array.isArray(nb.cells)) {
    throw new NotebookFormatError("missing the `cells` list", { file });
  }
  if (typeof nb.nbformat === "number" && nb.nbformat !== 4) {
    throw new NotebookFormatError(`nbformat ${nb.nbformat} is not supported (expected 4)`, { file });
  }
  nb.cells.forEach((c, i) => {
    const cell = c as Partial<Cell>;
    if (typeof cell !== "object" || cell === null) {
      throw new NotebookFormatError("cell is not an object", { file, cell: i + 1 });
    }
    if (cell.cell_type !== "code" && cell.cell_type !== "markdown" && cell.cell_type !== "raw") {
      throw new NotebookFormatError(`unknown cell_type ${JSON.stringify(cell.cell_type)}`, {
        file,
        cell: i + 1,
      });
    }
    if (typeof cell.source !== "string" && !Array.isArray(cell.source)) {
      throw new NotebookFormatError("cell has no `source`", { file, cell: i + 1 });
    }
    if (cell.metadata === undefined) cell.metadata = {};
  });
  return {
    cells: nb.cells,
    metadata: nb.metadata ?? {},
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === "number" ? nb.nbformat_minor : 5,
  };
}

/** Reads and validates a notebook file. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new NotebookFormatError(`cannot read notebook (${(err as Error).message})`, { file });
  }
  return parseNotebook(text, file);
}

/** Serialises a notebook the way Jupyter does (one-space indent, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Writes a notebook atomically. */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}

/** Makes a new code cell. */
export function codeCell(source: string, tags: string[] = [], id?: string): Cell {
  const cell: Cell = {
    cell_type: "code",
    execution_count: null,
    metadata: tags.length ? { tags } : {},
    outputs: [],
    source: toSourceLines(source),
  };
  if (id) cell.id = id;
  return cell;
}

/** Makes a new markdown cell. */
export function markdownCell(source: string, id?: string): Cell {
  const cell: Cell = { cell_type: "markdown", metadata: {}, source: toSourceLines(source) };
  if (id) cell.id = id;
  return cell;
}
