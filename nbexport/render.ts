import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import { Marked } from "marked";
import { parseCell } from "./directives.js";
import { extractMath, katexCss, pieceText, restoreMath, type MathPiece } from "./math.js";
import { cellSource, cellTags, type Notebook, type Output } from "./notebook.js";
import { INJECTED_TAG, PARAMETERS_TAG } from "./params.js";

hljs.registerLanguage("typescript", typescript);

/** The MIME type of a plotly figure (`{ data, layout, config? }`), as JupyterLab's renderer uses. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * MIME type of "report facts": an output whose data is a `{ name: value }` object of strings. The
 * renderer lists such facts under the page title (e.g. data snapshot ids) instead of inline.
 */
export const FACTS_MIME = "application/vnd.nbexport.facts+json";

/** Options of {@link renderNotebook}. */
export interface RenderOptions {
  /** Page title; defaults to the notebook's first heading, else its file name. */
  title?: string;
  /** Hide all code cells (report mode): only prose and outputs are shown. */
  hideCode?: boolean;
  /** Source file name shown in the page footer. */
  sourceName?: string;
  /** Extra key/value facts shown under the title (library version, data snapshot ids, ...). */
  facts?: Record<string, string>;
  /** Trusted HTML placed under the title (e.g. navigation links in a docs site). */
  headerHtml?: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// eslint-disable-next-line no-control-regex -- strips ANSI colour codes from tracebacks
const ANSI = /\u001b\[[0-9;]*m/g;

function joinText(t: unknown): string {
  return Array.isArray(t) ? t.join("") : typeof t === "string" ? t : JSON.stringify(t);
}

function slug(text: string, used: Map<string, number>): string {
  const base =
    text
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "section";
  const n = used.get(base) ?? 0;
  used.set(base, n + 1);
  return n ? `${base}-${n}` : base;
}

let plotlySource: string | undefined;
function plotlyJs(): string {
  if (plotlySource === undefined) {
    const req = createRequire(import.meta.url);
    plotlySource = readFileSync(req.resolve("plotly.js-dist-min"), "utf8");
  }
  return plotlySource;
}

/** Markdown to HTML, with math read as Jupyter reads it and typeset by KaTeX (see `math.ts`). */
type MarkdownRenderer = (src: string) => string;

/**
 * Renders a notebook (usually an executed one) to one standalone HTML page: markdown rendered (math
 * typeset by KaTeX at build time, `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]` as in Jupyter), code highlighted,
 * outputs shown (text, HTML, images, plotly figures). Everything the page needs, plotly.js and the KaTeX
 * stylesheet and fonts included, is inlined, so it opens offline.
 */
export function renderNotebook(nb: Notebook, options: RenderOptions = {}): string {
  const used = new Map<string, number>();
  const toc: { level: number; id: string; text: string; html: string }[] = [];
  const macros: Record<string, unknown> = {}; // \newcommand in one formula holds for the rest of the page
  let pieces: MathPiece[] = []; // the math of the markdown being parsed
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const plain = inner.replace(/<[^>]+>/g, "").replace(/@@(\d+)@@/g, (m, n: string) => {
          const p = pieces[Number(n)];
          return p ? esc(pieceText(p)) : m;
        });
        const id = slug(plain, used);
        toc.push({
          level: depth,
          id,
          text: plain,
          html: restoreMath(inner.replace(/<[^>]+>/g, ""), pieces, macros),
        });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  });
  const markdown: MarkdownRenderer = (src) => {
    const extracted = extractMath(src);
    pieces = extracted.pieces;
    const html = marked.parse(extracted.text, { async: false });
    const out = restoreMath(html, pieces, macros);
    pieces = [];
    return out;
  };
  let plots = 0;
  const parts: string[] = [];
  const cellFacts = new Map<string, string[]>();
  nb.cells.forEach((cell, i) => {
    const src = cellSource(cell);
    if (cell.cell_type === "markdown") {
      parts.push(`<section class="md">${markdown(src)}</section>`);
      return;
    }
    if (cell.cell_type === "raw") return;
    const { directives, body } = parseCell(src, options.sourceName ?? "notebook", i + 1);
    if (directives.hide) return;
    const tags = cellTags(cell);
    const injected = tags.includes(INJECTED_TAG);
    const showCode = !options.hideCode && body.trim() !== "";
    const label = injected ? "injected parameters" : tags.includes(PARAMETERS_TAG) ? "parameters" : "";
    const count = cell.execution_count ?? " ";
    const html: string[] = [`<section class="cell${injected ? " injected" : ""}" id="cell-${i + 1}">`];
    if (showCode) {
      const code = hljs.highlight(body, { language: "typescript" }).value;
      html.push(
        `<div class="in"><span class="prompt">[${count}]${label ? " " + label : ""}</span><pre><code class="hljs language-typescript">${code}</code></pre></div>`,
      );
    }
    for (const o of cell.outputs ?? []) {
      if ((o.output_type === "display_data" || o.output_type === "execute_result") && FACTS_MIME in o.data) {
        for (const [k, v] of Object.entries((o.data[FACTS_MIME] ?? {}) as Record<string, unknown>)) {
          const list = cellFacts.get(k) ?? [];
          if (!list.includes(String(v))) list.push(String(v));
          cellFacts.set(k, list);
        }
        continue;
      }
      const rendered = renderOutput(o, () => `plot-${++plots}`, markdown);
      if (rendered) html.push(`<div class="out">${rendered}</div>`);
    }
    html.push("</section>");
    if (html.length > 2) parts.push(html.join("\n"));
  });

  const title =
    options.title ??
    toc.find((t) => t.level === 1)?.text ??
    (options.sourceName ? basename(options.sourceName) : "Notebook");
  const meta = (nb.metadata["nbexport"] ?? nb.metadata["papermill"]) as
    | { parameters?: Record<string, unknown>; start_time?: string; duration?: number; status?: string }
    | undefined;
  const facts: [string, string][] = [];
  if (meta?.start_time) facts.push(["run at", meta.start_time]);
  if (meta?.duration !== undefined) facts.push(["run time", `${meta.duration.toFixed(1)} s`]);
  if (meta?.status) facts.push(["status", meta.status]);
  for (const [k, v] of Object.entries(options.facts ?? {})) facts.push([k, v]);
  for (const [k, v] of cellFacts) facts.push([k, v.join("; ")]);
  const params = Object.entries(meta?.parameters ?? {});
  const tocHtml = toc
    .filter((t) => t.level <= 3)
    .map((t) => `<li class="l${t.level}"><a href="#${t.id}">${t.html}</a></li>`)
    .join("");
  // The notebook's own first heading is the page title; repeat it in the header only when it is not shown.
  const titleShown = !options.title && toc.some((t) => t.level === 1);
  const head = [
    titleShown ? "<header>" : `<header><h1 class="title">${esc(title)}</h1>`,
    facts.length
      ? `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`
      : "",
    params.length
      ? `<table class="params"><caption>Parameters used</caption><tr><th>name</th><th>value</th></tr>${params
          .map(([k, v]) => `<tr><td>${esc(k)}</td><td><code>${esc(JSON.stringify(v))}</code></td></tr>`)
          .join("")}</table>`
      : "",
    options.headerHtml ?? "",
    "</header>",
  ].join("\n");
  const body = `<nav class="toc"><strong>Contents</strong><ul>${tocHtml}</ul></nav>
<main>
${head}
${parts.join("\n")}
<footer>Rendered by nbexport${options.sourceName ? ` from ${esc(options.sourceName)}` : ""}.</footer>
</main>`;
  const mathCss = katexCss(body);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nbexport">
<title>${esc(title)}</title>
<style>${CSS}</style>
${mathCss ? `<style>${mathCss}${MATH_CSS}</style>` : ""}
${plots ? `<script>${plotlyJs()}</script>` : ""}
</head>
<body>
${body}
</body>
</html>
`;
}

const MIME_ORDER = [
  PLOTLY_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "text/markdown",
  "text/plain",
];

function renderOutput(o: Output, nextPlotId: () => string, markdown: MarkdownRenderer): string {
  if (o.output_type === "stream") {
    return `<pre class="stream ${o.name}">${esc(joinText(o.text).replace(ANSI, ""))}</pre>`;
  }
  if (o.output_type === "error") {
    return `<pre class="error">${esc([`${o.ename}: ${o.evalue}`, ...o.traceback.slice(1)].join("\n").replace(ANSI, ""))}</pre>`;
  }
  const data = o.data;
  const mime = MIME_ORDER.find((m) => m in data);
  if (!mime) return "";
  const value = data[mime];
  switch (mime) {
    case PLOTLY_MIME: {
      const fig = (typeof value === "string" ? JSON.parse(value) : value) as {
        data?: unknown;
        layout?: unknown;
        config?: unknown;
      };
      const id = nextPlotId();
      const json = JSON.stringify({
        data: fig.data ?? [],
        layout: fig.layout ?? {},
        config: { responsive: true, ...(fig.config as object) },
      }).replace(/</g, "\\u003c");
      return `<div class="plotly-figure" id="${id}"></div><script>(function(){var f=${json};Plotly.newPlot(${JSON.stringify(id)},f.data,f.layout,f.config);})();</script>`;
    }
    case "text/html":
      return `<div class="html-output">${joinText(value)}</div>`;
    case "image/svg+xml":
      return joinText(value);
    case "image/png":
    case "image/jpeg":
      return `<img alt="figure" src="data:${mime};base64,${joinText(value).replace(/\s/g, "")}">`;
    case "text/markdown":
      return markdown(joinText(value));
    default:
      return `<pre class="result">${esc(joinText(value).replace(ANSI, ""))}</pre>`;
  }
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--code:#f6f8fa;--border:#d1d9e0;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);display:flex}
nav.toc{position:sticky;top:0;align-self:flex-start;width:240px;max-height:100vh;overflow:auto;padding:1.5rem 1rem;border-right:1px solid var(--border);font-size:14px}
nav.toc ul{list-style:none;padding:0;margin:.5rem 0}nav.toc li.l2{padding-left:.8rem}nav.toc li.l3{padding-left:1.6rem}
nav.toc a{color:var(--muted);text-decoration:none}nav.toc a:hover{color:var(--accent)}
main{flex:1;max-width:1100px;padding:1.5rem 2.5rem;min-width:0}
header{border-bottom:1px solid var(--border);margin-bottom:1.5rem;padding-bottom:1rem}
h1.title{margin:.2rem 0 .6rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:14px;color:var(--muted);margin:.5rem 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
table{border-collapse:collapse;font-size:14px;margin:.6rem 0}th,td{border:1px solid var(--border);padding:.25rem .6rem;text-align:left}
th{background:var(--code)}caption{text-align:left;font-weight:600;padding:.3rem 0}
pre{background:var(--code);padding:.7rem .9rem;border-radius:6px;overflow:auto;font-size:13px;line-height:1.45;margin:.3rem 0}
.cell{margin:1rem 0}.cell .prompt{font:12px monospace;color:var(--muted)}
.cell.injected pre{border-left:3px solid #bf8700}
pre.stream.stderr{background:#fff8c5}pre.error{background:#ffebe9;color:#82071e}
.html-output{overflow:auto}.plotly-figure{width:100%;min-height:420px}
img{max-width:100%}
footer{margin-top:3rem;color:var(--muted);font-size:13px;border-top:1px solid var(--border);padding-top:.8rem}
.hljs-keyword,.hljs-built_in{color:#cf222e}.hljs-string{color:#0a3069}.hljs-number,.hljs-literal{color:#0550ae}
.hljs-comment{color:#6e7781;font-style:italic}.hljs-title,.hljs-title.function_{color:#8250df}.hljs-type{color:#953800}
@media print{nav.toc{display:none}body{display:block}}
`;

/** Page rules for typeset math, after KaTeX's own stylesheet. */
const MATH_CSS = `
.katex-display{overflow-x:auto;overflow-y:hidden;padding:.2rem 0}
.katex-error{font-family:ui-monospace,monospace;font-size:.9em;color:#cc0000;background:#ffebe9;border-bottom:1px dotted #cc0000;white-space:pre-wrap}
`;
