import { codeCell, markdownCell, cellSource, cellTags, type Notebook } from "./notebook.js";

/**
 * The "percent" script format (as jupytext writes it for TypeScript): cells separated by
 * `// %%` lines; `// %% [markdown]` starts a prose cell whose lines are `// `-prefixed;
 * `// %% tags=["parameters"]` sets cell tags. Handy for writing notebooks in an editor.
 */
const SEP = /^\/\/ %%(.*)$/;

/** Converts percent-format script text into a notebook. */
export function notebookFromPercent(text: string): Notebook {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells: Notebook["cells"] = [];
  let cur: { md: boolean; tags: string[]; lines: string[] } | undefined;
  const flush = (): void => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1]?.trim() === "") cur.lines.pop();
    while (cur.lines.length && cur.lines[0]?.trim() === "") cur.lines.shift();
    const body = cur.lines.join("\n");
    cells.push(cur.md ? markdownCell(body) : codeCell(body, cur.tags));
  };
  for (const line of lines) {
    const m = SEP.exec(line);
    if (m) {
      flush();
      const rest = m[1] ?? "";
      const tagMatch = /tags=(\[[^\]]*\])/.exec(rest);
      cur = {
        md: /\[markdown\]/.test(rest),
        tags: tagMatch ? (JSON.parse(tagMatch[1] ?? "[]") as string[]) : [],
        lines: [],
      };
      continue;
    }
    if (!cur) cur = { md: false, tags: [], lines: [] };
    cur.lines.push(cur.md ? line.replace(/^\/\/ ?/, "") : line);
  }
  flush();
  cells.forEach((c, i) => (c.id = `c${String(i + 1).padStart(3, "0")}`));
  return {
    cells,
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Converts a notebook into percent-format script text (outputs are dropped). */
export function percentFromNotebook(nb: Notebook): string {
  const out: string[] = [];
  for (const c of nb.cells) {
    const src = cellSource(c);
    if (c.cell_type === "markdown") {
      out.push("// %% [markdown]", ...src.split("\n").map((l) => (l ? `// ${l}` : "//")));
    } else {
      const tags = cellTags(c);
      out.push(tags.length ? `// %% tags=${JSON.stringify(tags)}` : "// %%", ...src.split("\n"));
    }
    out.push("");
  }
  return out.join("\n");
}
