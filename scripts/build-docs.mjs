#!/usr/bin/env node
/**
 * `npm run docs`: builds docs/site/ — the typedoc API reference (docs/site/api/), every library notebook
 * executed and rendered as a literate page (docs/site/notebooks/), the guides (docs/*.md) and an index page.
 * API module pages link to their notebooks and every notebook page links to its module's API page.
 * Fails when typedoc reports any warning (e.g. an exported symbol without documentation).
 * Options: --no-execute (render notebooks without running them); --allow-warnings (drafts only).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked } from "marked";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = join(root, "docs", "site");
const execute = !process.argv.includes("--no-execute");
const { readNotebook, renderNotebook, runNotebookFile, parseCell, cellSource } = await import(
  join(root, "dist", "nbexport", "index.js")
);
const notebooksIn = (dir) => readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

rmSync(site, { recursive: true, force: true });
mkdirSync(join(site, "notebooks"), { recursive: true });

// 1. API reference
const td = spawnSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--logLevel", "Warn"], {
  cwd: root,
  encoding: "utf8",
});
const tdOut = (td.stdout + td.stderr).split("\n").filter((l) => l.trim() && !l.includes("nodedir"));
const warnings = tdOut.filter((l) => /warning|error/i.test(l) && !/Found 0 errors and 0 warnings/.test(l));
const allowWarnings = process.argv.includes("--allow-warnings");
if (td.status !== 0 || (warnings.length && !allowWarnings)) {
  process.stderr.write(tdOut.join("\n") + "\n");
  process.stderr.write(`docs: typedoc reported ${warnings.length} warning(s)/error(s); fix them (every export needs a doc comment)\n`);
  process.exit(1);
}
process.stderr.write("docs: API reference built with no warnings\n");

// 2. Library notebooks as literate pages
const nbDir = join(root, "notebooks", "lib");
const modulePage = (target) => {
  const parts = target.split("/");
  parts.pop();
  return parts.join("_");
};
const pages = [];
for (const name of notebooksIn(nbDir)) {
  const file = join(nbDir, name);
  let nb = readNotebook(file);
  let target = "";
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const d = parseCell(cellSource(c), file, i + 1).directives;
    if (d.defaultExp) target = d.defaultExp;
  });
  if (execute) {
    const r = await runNotebookFile(file, { timeoutSeconds: 600 });
    if (!r.ok) {
      process.stderr.write(`docs: ${r.error?.message}\n`);
      process.exit(1);
    }
    nb = r.notebook;
  }
  const mod = target ? modulePage(target) : "";
  const headerHtml = mod
    ? `<p class="api-link">API reference: <a href="../api/modules/${mod}.html"><code>quantbook/${mod.replace(/_/g, "/")}</code></a> · <a href="../index.html">docs home</a></p>`
    : `<p><a href="../index.html">docs home</a></p>`;
  const html = renderNotebook(nb, { sourceName: `notebooks/lib/${name}`, headerHtml });
  const out = name.replace(/\.ipynb$/, ".html");
  writeFileSync(join(site, "notebooks", out), html);
  pages.push({ name, out, target, title: /<title>(.*?)<\/title>/.exec(html)?.[1] ?? name });
  process.stderr.write(`docs: rendered ${name}\n`);
}

// 3. API module pages link back to their notebooks
const modulesDir = join(site, "api", "modules");
if (existsSync(modulesDir)) {
  for (const f of readdirSync(modulesDir)) {
    const p = join(modulesDir, f);
    const html = readFileSync(p, "utf8").replace(
      /<code>notebooks\/lib\/([\w.-]+)\.ipynb<\/code>/g,
      (_m, n) => `<a href="../../notebooks/${n}.html"><code>notebooks/lib/${n}.ipynb</code></a>`,
    );
    writeFileSync(p, html);
  }
}

// 4. Guides and the index page
const marked = new Marked({ gfm: true });
const shell = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.6 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:960px;margin:2rem auto;padding:0 1.5rem;color:#1f2328}
pre{background:#f6f8fa;padding:.8rem;border-radius:6px;overflow:auto}code{font-size:90%}table{border-collapse:collapse}th,td{border:1px solid #d1d9e0;padding:.3rem .6rem}
a{color:#0969da}</style></head><body><p><a href="index.html">quantbook docs</a></p>${body}</body></html>\n`;
const guides = [];
for (const g of ["architecture", "usage"]) {
  const md = join(root, "docs", `${g}.md`);
  if (!existsSync(md)) continue;
  const body = marked.parse(readFileSync(md, "utf8"), { async: false });
  writeFileSync(join(site, `${g}.html`), shell(`quantbook — ${g}`, body));
  guides.push(g);
}
const list = pages
  .map((p) => `<li><a href="notebooks/${p.out}">${p.title}</a> <small>(<code>${p.target || "—"}</code>)</small></li>`)
  .join("\n");
writeFileSync(
  join(site, "index.html"),
  shell(
    "quantbook documentation",
    `<h1>quantbook documentation</h1>
<ul><li><a href="api/index.html">API reference</a></li>${guides.map((g) => `<li><a href="${g}.html">${g[0].toUpperCase() + g.slice(1)}</a></li>`).join("")}</ul>
<h2>Library notebooks</h2><p>The literate source of every module, executed.</p><ul>${list}</ul>`,
  ),
);
process.stderr.write(`docs: wrote ${join("docs", "site", "index.html")} (${pages.length} notebooks, ${basename(site)})\n`);
