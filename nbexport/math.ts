/**
 * Math in markdown, read the way Jupyter reads it and typeset at build time with KaTeX.
 *
 * Jupyter (classic Notebook and JupyterLab) hides math from the markdown parser before parsing and puts it
 * back afterwards for MathJax. The rules, which this module follows, are those of JupyterLab's
 * `removeMath` (rendermime/latex.ts):
 *
 * - delimiters: `$…$` (inline), `$$…$$` (display), `\\(…\\)` (inline) and `\\[…\\]` (display) — the last
 *   two with two backslashes in the markdown source, since markdown turns `\(` into `(` — and
 *   `\begin{env}…\end{env}` (display);
 * - `\$` is a literal dollar (markdown's escape) and never opens or closes math; `\{`, `\}` likewise;
 * - math must close within its paragraph (it never runs across a blank line), and braces inside it must
 *   balance: a closing delimiter inside unbalanced braces is only a candidate end, used if nothing
 *   better comes before the paragraph ends;
 * - `$` inside fenced code blocks and code spans is not a delimiter.
 *
 * A formula becomes a `@@n@@` placeholder, the markdown is parsed, and the placeholders are replaced by
 * KaTeX's HTML + MathML — or, inside `<code>`/`<pre>` and tag attributes, by the escaped source.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import katex from "katex";

/** One piece hidden from the markdown parser: a formula, or text that merely looked like a placeholder. */
export type MathPiece =
  { kind: "math"; source: string; tex: string; display: boolean } | { kind: "literal"; source: string };

/** Markdown with its math replaced by `@@n@@` placeholders, and the pieces they stand for. */
export interface ExtractedMath {
  text: string;
  pieces: MathPiece[];
}

const SPLIT = /(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\[()[\]])/i;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Splits a whole formula (delimiters included) into its TeX and display mode. */
function classify(source: string): MathPiece {
  if (source.startsWith("$$")) return { kind: "math", source, tex: source.slice(2, -2), display: true };
  if (source.startsWith("$")) return { kind: "math", source, tex: source.slice(1, -1), display: false };
  if (source.startsWith("\\\\(")) return { kind: "math", source, tex: source.slice(3, -3), display: false };
  if (source.startsWith("\\\\[")) return { kind: "math", source, tex: source.slice(3, -3), display: true };
  // \begin{env}…\end{env}: KaTeX parses the environment itself; environments are display material.
  return { kind: "math", source, tex: source, display: true };
}

/**
 * Hides the math of a markdown text from the markdown parser (Jupyter's rules, see the module comment).
 * Returns the text with `@@n@@` placeholders and the pieces, in order.
 */
export function extractMath(markdown: string): ExtractedMath {
  let text = markdown.replace(/\r\n?/g, "\n");
  // `$` inside code is not math. Mark it as "~D" (after doubling every "~" as "~T", so the marking is
  // reversible) in fenced blocks and code spans, exactly where Jupyter does.
  const hasCode = text.includes("`") || text.includes("~~~");
  if (hasCode) {
    const hide = (m: string): string => m.replace(/\$/g, "~D");
    text = text
      .replace(/~/g, "~T")
      .replace(/^(`{3,}|(?:~T){3,})[^`\n]*\n[\s\S]*?^\1`*$/gm, hide)
      .replace(/(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)/gm, hide);
  }
  const unhide = (s: string): string =>
    hasCode ? s.replace(/~([TD])/g, (_, c) => (c === "T" ? "~" : "$")) : s;

  const blocks = text.split(SPLIT);
  const pieces: MathPiece[] = [];
  const take = (from: number, to: number): void => {
    const source = unhide(blocks.slice(from, to + 1).join(""));
    for (let k = from + 1; k <= to; k++) blocks[k] = "";
    blocks[from] = `@@${pieces.length}@@`;
    pieces.push(classify(source));
  };
  let start = -1; // index of the opening delimiter, -1 when outside math
  let end = ""; // the closing delimiter expected
  let last = -1; // a closing delimiter seen inside unbalanced braces
  let braces = 0;
  // Odd indices of a split with one capturing group are the separators.
  for (let i = 1; i < blocks.length; i += 2) {
    const block = blocks[i]!;
    if (block.startsWith("@")) {
      blocks[i] = `@@${pieces.length}@@`;
      pieces.push({ kind: "literal", source: block });
    } else if (start >= 0) {
      if (block === end) {
        if (braces) last = i;
        else {
          take(start, i);
          start = -1;
          last = -1;
        }
      } else if (/\n.*\n/.test(block)) {
        // a blank line: the paragraph ends, and so does any unclosed math
        if (last >= 0) {
          i = last;
          take(start, last);
        }
        start = -1;
        last = -1;
        braces = 0;
      } else if (block === "{") braces++;
      else if (block === "}" && braces) braces--;
    } else if (block === "$" || block === "$$") {
      start = i;
      end = block;
      braces = 0;
    } else if (block === "\\\\(" || block === "\\\\[") {
      start = i;
      end = block === "\\\\(" ? "\\\\)" : "\\\\]";
      braces = 0;
    } else if (block.slice(1, 6) === "begin") {
      start = i;
      end = "\\end" + block.slice(6);
      braces = 0;
    }
  }
  if (start >= 0 && last >= 0) take(start, last);
  return { text: unhide(blocks.join("")), pieces };
}

/**
 * Typesets one formula with KaTeX (HTML for the eye, MathML for accessibility and as a fallback). A formula
 * KaTeX cannot parse becomes its source in a `katex-error` span whose title is the error; it never throws.
 * `macros` is shared by the formulas of one page, so `\newcommand`/`\gdef` carry over, as in Jupyter.
 */
export function typeset(tex: string, display: boolean, macros: Record<string, unknown> = {}): string {
  try {
    return katex.renderToString(tex, {
      displayMode: display,
      output: "htmlAndMathml",
      throwOnError: false,
      strict: "ignore",
      trust: false,
      globalGroup: true,
      macros: macros as Record<string, string>,
    });
  } catch (e) {
    // throwOnError: false covers parse errors; anything else (e.g. too many macro expansions) lands here
    const message = e instanceof Error ? e.message : String(e);
    return `<span class="katex-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</span>`;
  }
}

/** The text of a piece as it appears in the source (a formula without its delimiters). */
export function pieceText(piece: MathPiece): string {
  return piece.kind === "math" ? piece.tex.trim() : piece.source;
}

/**
 * Puts the pieces back into the HTML made from {@link extractMath}'s text: formulas typeset by KaTeX in
 * running text, and the escaped source inside `<pre>`, `<code>` and tag attributes (where Jupyter would not
 * typeset either).
 */
export function restoreMath(html: string, pieces: MathPiece[], macros: Record<string, unknown> = {}): string {
  if (!pieces.length) return html;
  const raw = (s: string): string =>
    s.replace(/@@(\d+)@@/g, (m, n: string) => {
      const p = pieces[Number(n)];
      return p ? escapeHtml(p.source) : m;
    });
  return html.replace(
    /<(pre|code)\b[^>]*>[\s\S]*?<\/\1>|<[^>]*>|@@(\d+)@@/gi,
    (m: string, _tag: string | undefined, n: string | undefined) => {
      if (n === undefined) return raw(m);
      const p = pieces[Number(n)];
      if (!p) return m;
      return p.kind === "math" ? typeset(p.tex, p.display, macros) : escapeHtml(p.source);
    },
  );
}

let katexCssSource: string | undefined;
let katexFontsDir = "";
function katexCssFile(): string {
  if (katexCssSource === undefined) {
    const file = createRequire(import.meta.url).resolve("katex/dist/katex.min.css");
    katexCssSource = readFileSync(file, "utf8");
    katexFontsDir = join(dirname(file), "fonts");
  }
  return katexCssSource;
}

/**
 * KaTeX's stylesheet for a page whose HTML is `html`, standalone: the `@font-face` rules of the font
 * families the page's formulas use get their woff2 font inlined as a `data:` URL; the other families' rules
 * are dropped, so the page never loads anything. Returns "" when the page has no KaTeX output.
 */
export function katexCss(html: string): string {
  if (!html.includes('class="katex')) return "";
  const css = katexCssFile();
  const classes = new Set<string>();
  for (const m of html.matchAll(/class="([^"]*)"/g))
    for (const c of m[1]!.split(/\s+/)) if (c) classes.add(c);
  // Families the page uses: KaTeX_Main always (the .katex rule), plus those of every rule a class matches.
  const used = new Set<string>(["KaTeX_Main"]);
  const rules = css.replace(/@font-face\{[^}]*\}/g, "");
  for (const m of rules.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const family = /font(?:-family)?:[^;}]*?"?(KaTeX_\w+)/.exec(m[2]!)?.[1];
    if (!family || used.has(family)) continue;
    const applies = m[1]!.split(",").some((selector) => {
      const compound = selector.trim().split(/\s+/).pop() ?? "";
      const needed = compound.split(".").filter(Boolean);
      return needed.length > 0 && needed.every((c) => classes.has(c.replace(/[^\w-].*$/, "")));
    });
    if (applies) used.add(family);
  }
  return css.replace(/@font-face\{([^}]*)\}/g, (rule, body: string) => {
    const family = /font-family:"?(KaTeX_\w+)/.exec(body)?.[1];
    const woff2 = /url\(([^)]+\.woff2)\)/.exec(body)?.[1];
    if (!family || !woff2 || !used.has(family)) return "";
    const data = readFileSync(join(katexFontsDir, woff2.replace(/^fonts\//, ""))).toString("base64");
    return rule.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
}
