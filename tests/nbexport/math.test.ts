import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractMath } from "../../nbexport/math.js";
import { readNotebook, type Notebook } from "../../nbexport/notebook.js";
import { renderNotebook } from "../../nbexport/render.js";
import { checkMathInBrowser } from "../helpers/browser.js";
import { CHROMIUM, needs } from "../helpers/env.js";
import { ROOT, cli } from "../helpers/project.js";

/** A notebook of markdown cells (strings) and, for objects, code cells with outputs. */
function notebook(...cells: (string | { code: string; outputs: unknown[] })[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c, i) =>
      typeof c === "string"
        ? { cell_type: "markdown", id: `m${i}`, metadata: {}, source: c }
        : {
            cell_type: "code",
            id: `c${i}`,
            metadata: {},
            source: c.code,
            outputs: c.outputs,
            execution_count: 1,
          },
    ),
  } as unknown as Notebook;
}

/** The rendered prose sections of a page (no head, no contents list). */
const sections = (html: string): string[] =>
  Array.from(html.matchAll(/<section class="md">([\s\S]*?)<\/section>/g), (m) => m[1]!);

const render = (...cells: Parameters<typeof notebook>): string[] =>
  sections(renderNotebook(notebook(...cells)));

/** The TeX sources of the formulas KaTeX typeset (KaTeX keeps each in its MathML annotation). */
const texOf = (html: string): string[] =>
  Array.from(
    html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g),
    (m) => m[1]!,
  );

const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;

describe("math in rendered pages, read as Jupyter reads it", () => {
  it("typesets $…$ inline and $$…$$ as display math, as KaTeX HTML plus MathML", () => {
    const [p] = render("Inline $x^2 + y_i$ and display:\n\n$$ \\frac{a}{b} $$\n\nend.");
    expect(count(p!, /<span class="katex">/g)).toBe(2);
    expect(count(p!, /<span class="katex-display">/g)).toBe(1);
    expect(p).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(p).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(texOf(p!)).toEqual(["x^2 + y_i", " \\frac{a}{b} "]); // the source as written
    expect(p).not.toContain("$");
  });

  it("reads \\\\(…\\\\), \\\\[…\\\\] (two backslashes in the markdown, as Jupyter) and \\begin{…}…\\end{…}", () => {
    const [p] = render(
      "paren \\\\(a+b\\\\), bracket \\\\[c^2\\\\] and\n\\begin{aligned} u &= v \\\\ w &= z \\end{aligned}",
    );
    expect(texOf(p!)).toEqual(["a+b", "c^2", "\\begin{aligned} u &amp;= v \\\\ w &amp;= z \\end{aligned}"]);
    expect(count(p!, /<span class="katex-display">/g)).toBe(2);
    expect(p).not.toContain("\\\\(");
  });

  it("markdown does not reach inside math: underscores and stars stay TeX, not emphasis", () => {
    const [p] = render("both $a_1 * b_2$ and $c_1 * d_2$, and $|x|$ in a sentence with | a pipe");
    expect(p).not.toContain("<em>");
    expect(texOf(p!)).toEqual(["a_1 * b_2", "c_1 * d_2", "|x|"]);
  });

  it("an escaped dollar is a literal $ and never starts math: two amounts in one paragraph stay text", () => {
    const [a, b] = render(
      "The fill costs \\$3 and \\$4 per unit.",
      "Equity \\$2,000,000, risk 1% = \\$20,000; a formula $k$ still works.",
    );
    expect(a).toContain("The fill costs $3 and $4 per unit.");
    expect(a).not.toContain("katex");
    expect(b).toContain("Equity $2,000,000, risk 1% = $20,000; a formula ");
    expect(texOf(b!)).toEqual(["k"]);
  });

  it("a lone $ is text, and math never runs across a paragraph break", () => {
    const [a, b] = render("Costs: $1 per order.", "Pay $5 now.\n\nAnd $6 later.");
    expect(a).toContain("Costs: $1 per order.");
    expect(b).toContain("Pay $5 now.");
    expect(b).toContain("And $6 later.");
    expect(a! + b!).not.toContain("katex");
  });

  it("code spans and code blocks are left alone", () => {
    const [p] = render(
      [
        "`$foo` and `$bar` are variables; `x = $a$` too; each fill pays $`commission` a contract.",
        "",
        "```ts",
        "const s = `${a}$b$`;",
        "```",
        "",
        "    indented $c$ code",
        "",
        "Real math: $d$.",
      ].join("\n"),
    );
    expect(p).toContain("<code>$foo</code> and <code>$bar</code> are variables; <code>x = $a$</code> too");
    expect(p).toContain("pays $<code>commission</code> a contract");
    expect(p).toContain("const s = `${a}$b$`;");
    expect(p).toContain("indented $c$ code");
    expect(texOf(p!)).toEqual(["d"]);
  });

  it("an invalid formula degrades to its source with the katex-error class; the rest of the page renders", () => {
    const [a, b, c] = render("bad $\\frac{1$ here", "and $x^$, then good $y$.", "unknown $\\nosuchmacro{x}$");
    expect(a).toMatch(/<span class="katex-error" title="ParseError: [^"]+"[^>]*>\\frac\{1<\/span> here/);
    expect(b).toMatch(/and <span class="katex-error" title="ParseError: [^"]+"[^>]*>x\^<\/span>, then good /);
    expect(texOf(b!)).toEqual(["y"]);
    // an unknown command is typeset in red as its name, the way MathJax shows an undefined macro
    expect(c).toContain('<mstyle mathcolor="#cc0000"><mtext>\\nosuchmacro</mtext></mstyle>');
    // an unclosed brace swallows the rest of the paragraph, as in Jupyter (math ends at the last `$`)
    const [d] = render("bad $\\frac{1$ and $z$ end");
    expect(d).toMatch(/<span class="katex-error"[^>]*>\\frac\{1\$ and \$z<\/span> end/);
  });

  it("text that looks like a placeholder survives, and HTML in math is escaped", () => {
    const [p] = render("literal @@0@@ and $a<b$ <b>bold</b>");
    expect(p).toContain("literal @@0@@ and ");
    expect(texOf(p!)).toEqual(["a&lt;b"]);
    expect(p).toContain("<b>bold</b>");
  });

  it("math in a heading: the heading and contents show it typeset, the id uses its TeX", () => {
    const html = renderNotebook(notebook("## Returns over $h$ bars"));
    expect(html).toMatch(/<h2 id="returns-over-h-bars">Returns over <span class="katex">/);
    expect(html).toMatch(/<li class="l2"><a href="#returns-over-h-bars">Returns over <span class="katex">/);
  });

  it("typesets math in text/markdown outputs too", () => {
    const html = renderNotebook(
      notebook({
        code: "1",
        outputs: [{ output_type: "display_data", metadata: {}, data: { "text/markdown": "σ = $\\sigma$" } }],
      }),
    );
    expect(texOf(html)).toEqual(["\\sigma"]);
  });

  it("\\newcommand in one formula holds for the rest of the page, as in Jupyter", () => {
    const [a, b] = render("$\\newcommand{\\vol}{\\sigma_{\\text{ann}}}$", "then $\\vol$");
    expect(a).not.toContain("katex-error");
    expect(b).not.toContain("katex-error");
    expect(b).toContain("ann");
  });

  it("inlines KaTeX's stylesheet once, with only the fonts used, as data: URLs; pages without math get none", () => {
    const plain = renderNotebook(notebook("no math, costs \\$3"));
    expect(plain).not.toContain("KaTeX");
    const html = renderNotebook(notebook("$x$", "$$\\sum_i y_i$$", "$\\mathbb{R}$"));
    expect(count(html, /@font-face/g)).toBeGreaterThan(0);
    expect(count(html, /\.katex\{font:/g)).toBe(1);
    expect(html).not.toMatch(/url\((?!data:font\/woff2;base64,)/);
    expect(html).toContain("font-family:KaTeX_Main");
    expect(html).toContain("font-family:KaTeX_Math"); // x is math italic
    expect(html).toContain("font-family:KaTeX_Size1"); // the \sum of display math
    expect(html).toContain("font-family:KaTeX_AMS"); // \mathbb
    expect(html).not.toContain("font-family:KaTeX_Fraktur;font-style"); // not used
    const simple = renderNotebook(notebook("$x$"));
    expect(simple).not.toContain("font-family:KaTeX_AMS;font-style");
    expect(simple.length).toBeLessThan(html.length);
  });

  it("renders deterministically", () => {
    const nb = readNotebook(join(ROOT, "notebooks/lib/04_data_cleaning.ipynb"));
    expect(renderNotebook(nb, { sourceName: "x" })).toBe(renderNotebook(nb, { sourceName: "x" }));
  });

  it("extractMath follows Jupyter's removeMath on its own examples", () => {
    expect(extractMath("hello, $ /alpha $, there")).toMatchObject({ text: "hello, @@0@@, there" });
    expect(extractMath("`$foo` and `$bar` are variables").text).toBe("`$foo` and `$bar` are variables");
    // a closing $ inside unbalanced braces is only a candidate end
    expect(extractMath("$a{b$ c $d$").pieces.map((p) => p.source)).toEqual(["$a{b$ c $d$"]);
  });
});

describe("the library and research notebooks", () => {
  const all = ["lib", "research"].flatMap((d) =>
    readdirSync(join(ROOT, "notebooks", d))
      .filter((f) => f.endsWith(".ipynb"))
      .map((f) => `notebooks/${d}/${f}`),
  );

  it("every formula in every notebook typesets without a KaTeX error", () => {
    for (const file of all) {
      const html = renderNotebook(readNotebook(join(ROOT, file)), { sourceName: file });
      expect(html.match(/<span class="katex-error"[^>]*>[^<]*/g) ?? [], file).toEqual([]);
      expect(html.match(/<mstyle mathcolor="#cc0000"><mtext>[^<]*/g) ?? [], file).toEqual([]);
    }
  });

  it("04, 08 and 60 show their formulas typeset; currency in 37 stays text", () => {
    const page = (f: string): string => renderNotebook(readNotebook(join(ROOT, "notebooks/lib", f)));
    const cleaning = texOf(page("04_data_cleaning.ipynb"));
    expect(cleaning[0]).toContain("\\frac{r_i - \\operatorname{median}(r)}");
    expect(cleaning).toContain("r_i = (p_i - p_{i-1}) / |p_{i-1}|");
    expect(texOf(page("08_data_corporate.ipynb"))).toEqual(
      expect.arrayContaining(["r", "1/r", "D", "t", "(1 - D / C)", "C"]),
    );
    expect(texOf(page("60_alpha_ml_labels.ipynb"))).toEqual(["r_i = p_{i+h}/p_i - 1", "\\ln(p_{i+h}/p_i)"]);
    const sizing = page("37_risk_sizing.ipynb");
    expect(sizing).not.toContain('class="katex');
    expect(sizing).toContain("equity $2,000,000, risk");
  });

  it.runIf(needs("chromium", !!CHROMIUM))(
    "a rendered library page shows its math in headless Chromium: no raw $ formulas, sized .katex boxes, no network",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "qb-math-"));
      for (const name of ["60_alpha_ml_labels", "04_data_cleaning"]) {
        const out = join(dir, `${name}.html`);
        const r = cli("nbexport", ["render", join(ROOT, "notebooks/lib", `${name}.ipynb`), "-o", out]);
        expect(r.status, r.stderr).toBe(0);
        const check = await checkMathInBrowser(out, join(ROOT, `reports/screenshots/math-${name}.png`));
        expect(check.pageErrors).toEqual([]);
        expect(check.requests).toEqual([]);
        expect(check.errors).toBe(0);
        expect(check.formulas).toBeGreaterThanOrEqual(2);
        expect(check.empty).toBe(0);
        expect(check.prose).not.toContain("$");
        expect(check.fonts).toEqual(expect.arrayContaining(["KaTeX_Main", "KaTeX_Math"]));
      }
      // a page whose prose has both formulas and escaped currency
      const mixed = join(dir, "mixed.html");
      writeFileSync(
        mixed,
        renderNotebook(
          notebook("# Mixed\n\nA fill at \\$3 and \\$4 costs $c = q \\cdot p$, or\n\n$$\\sum_i c_i$$"),
        ),
      );
      const check = await checkMathInBrowser(mixed, join(ROOT, "reports/screenshots/math-mixed.png"));
      expect(check.formulas).toBe(2);
      expect(check.empty).toBe(0);
      expect(check.prose).toContain("A fill at $3 and $4 costs");
      expect(check.prose.match(/\$/g)).toHaveLength(2);
      expect(readFileSync(mixed, "utf8")).not.toMatch(/(src|href)="https?:/);
    },
  );
});
