import { DirectiveError } from "./errors.js";

/** The `//|` directives found on a cell's first lines. */
export interface CellDirectives {
  /** `//| default_exp <path>`: the module this notebook exports to (relative to `src/lib`). */
  defaultExp?: string;
  /** `//| export`: the cell goes into the module with its declarations exported. */
  export: boolean;
  /** `//| exporti`: the cell goes into the module, declarations stay internal. */
  exporti: boolean;
  /** `//| hide`: not shown in rendered pages. */
  hide: boolean;
  /** `//| test`: a check run by `nbexport test`; never exported. */
  test: boolean;
  /** `//| eval: false`: not executed by runs or tests. */
  evalFalse: boolean;
}

/** A cell split into its directives and the code below them. */
export interface ParsedCell {
  directives: CellDirectives;
  /** The directive lines exactly as written (with their newlines). */
  header: string;
  /** The cell's code after the directive lines. */
  body: string;
}

const DIRECTIVE = /^\s*\/\/\|\s?(.*)$/;

/** The names of the directives nbexport understands. */
export const KNOWN_DIRECTIVES = ["default_exp", "export", "exporti", "hide", "test", "eval"] as const;

/**
 * Splits a code cell into directive lines (`//| ...` at the top, blank lines allowed between)
 * and the body. Unknown or malformed directives raise a {@link DirectiveError} naming the
 * notebook, cell and line.
 */
export function parseCell(source: string, file: string, cellNo: number): ParsedCell {
  const directives: CellDirectives = {
    export: false,
    exporti: false,
    hide: false,
    test: false,
    evalFalse: false,
  };
  const lines = source.split("\n");
  let i = 0;
  let lastDirective = -1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const m = DIRECTIVE.exec(line);
    if (!m) {
      if (line.trim() === "") continue;
      break;
    }
    lastDirective = i;
    applyDirective((m[1] ?? "").trim(), directives, { file, cell: cellNo, line: i + 1 });
  }
  const cut = lastDirective + 1;
  const header = cut > 0 ? lines.slice(0, cut).join("\n") + "\n" : "";
  const body = lines.slice(cut).join("\n");
  if (directives.export && directives.exporti) {
    throw new DirectiveError("a cell cannot be both `export` and `exporti`", { file, cell: cellNo });
  }
  if (directives.test && (directives.export || directives.exporti)) {
    throw new DirectiveError("a `test` cell is never exported; remove `export`", {
      file,
      cell: cellNo,
    });
  }
  return { directives, header, body };
}

function applyDirective(
  text: string,
  d: CellDirectives,
  loc: { file: string; cell: number; line: number },
): void {
  const m = /^([A-Za-z_][\w-]*)\s*(?::\s*(.*)|\s+(.*))?$/.exec(text);
  if (!m) throw new DirectiveError(`malformed directive \`//| ${text}\``, loc);
  const name = m[1] ?? "";
  const arg = (m[2] ?? m[3] ?? "").trim();
  switch (name) {
    case "default_exp":
      if (!arg) throw new DirectiveError("`default_exp` needs a module path", loc);
      if (d.defaultExp !== undefined) {
        throw new DirectiveError("`default_exp` given twice in one cell", loc);
      }
      d.defaultExp = arg;
      return;
    case "export":
    case "exporti":
    case "hide":
    case "test":
      if (arg) throw new DirectiveError(`\`${name}\` takes no argument (got "${arg}")`, loc);
      d[name] = true;
      return;
    case "eval":
      if (arg !== "false" && arg !== "true") {
        throw new DirectiveError(`\`eval\` takes true or false (got "${arg}")`, loc);
      }
      d.evalFalse = arg === "false";
      return;
    default:
      throw new DirectiveError(`unknown directive \`${name}\` (known: ${KNOWN_DIRECTIVES.join(", ")})`, loc);
  }
}
