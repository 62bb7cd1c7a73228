import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNotebook, cellSource, cellTags, type Output } from "../../nbexport/notebook.js";
import { runNotebookFile } from "../../nbexport/execute.js";
import { cli, fixtureCopy, makeProject } from "../helpers/project.js";

const streamText = (outs: Output[] | undefined): string =>
  (outs ?? [])
    .filter((o): o is Extract<Output, { output_type: "stream" }> => o.output_type === "stream")
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text))
    .join("");

describe("nbexport run", () => {
  it("injects -p values as TypeScript literals after the parameters cell and records them", () => {
    const input = fixtureCopy("params");
    const out = join(dirname(input), "out.ipynb");
    const r = cli("nbexport", [
      "run",
      input,
      out,
      "-p",
      "window=63",
      "-p",
      "symbol=CL",
      "-p",
      "verbose=true",
      "-p",
      "start=2021-03-04",
      "-p",
      "horizons=[1, 21, 63]",
    ]);
    expect(r.stderr).toContain("wrote");
    expect(r.status).toBe(0);
    const nb = readNotebook(out);
    const injected = nb.cells[2];
    expect(injected && cellTags(injected)).toEqual(["injected-parameters"]);
    expect(injected && cellSource(injected)).toBe(
      "// Parameters injected by this run; the defaults are in the cell above.\n" +
        'const window = 63;\nconst symbol = "CL";\nconst verbose = true;\n' +
        'const start = new Date("2021-03-04");\nconst horizons = [1, 21, 63];',
    );
    expect(JSON.parse(streamText(nb.cells[3]?.outputs).trim())).toEqual({
      window: 63,
      symbol: "CL",
      verbose: true,
      start: "2021-03-04T00:00:00.000Z",
      horizons: [1, 21, 63],
    });
    // last expression is an execute_result with its execution count
    const res = nb.cells[4]?.outputs?.[0];
    expect(res).toMatchObject({
      output_type: "execute_result",
      data: { "text/plain": "126" },
      execution_count: 4,
    });
    expect(nb.cells.map((c) => c.execution_count ?? null)).toEqual([null, 1, 2, 3, 4]);
    const meta = nb.metadata["nbexport"] as Record<string, unknown>;
    expect(meta["parameters"]).toEqual({
      window: 63,
      symbol: "CL",
      verbose: true,
      start: "2021-03-04",
      horizons: [1, 21, 63],
    });
    expect(meta["status"]).toBe("completed");
    expect(typeof (nb.cells[3]?.metadata["papermill"] as { duration: number }).duration).toBe("number");
  });

  it("takes parameters from JSON and YAML files, with -p taking precedence", () => {
    const input = fixtureCopy("params");
    const dir = dirname(input);
    writeFileSync(join(dir, "p.json"), JSON.stringify({ window: 5, symbol: "GC" }));
    writeFileSync(join(dir, "p.yaml"), "window: 7\nhorizons: [2, 3]\n");
    const a = cli("nbexport", ["run", input, join(dir, "a.ipynb"), "-f", join(dir, "p.json")]);
    expect(a.status).toBe(0);
    expect(streamText(readNotebook(join(dir, "a.ipynb")).cells[3]?.outputs)).toContain(
      '"window":5,"symbol":"GC"',
    );
    const b = cli("nbexport", [
      "run",
      input,
      join(dir, "b.ipynb"),
      "-f",
      join(dir, "p.yaml"),
      "-p",
      "window=9",
    ]);
    expect(b.status).toBe(0);
    expect(streamText(readNotebook(join(dir, "b.ipynb")).cells[3]?.outputs)).toContain(
      '"window":9,"symbol":"NG","verbose":false',
    );
    expect(streamText(readNotebook(join(dir, "b.ipynb")).cells[3]?.outputs)).toContain('"horizons":[2,3]');
  });

  it("rejects an unknown parameter, listing the valid ones, and writes nothing", () => {
    const input = fixtureCopy("params");
    const out = join(dirname(input), "out.ipynb");
    const r = cli("nbexport", ["run", input, out, "-p", "windw=3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'unknown parameter "windw"; the parameters cell defines: window, symbol, verbose, start, horizons',
    );
    expect(existsSync(out)).toBe(false);
  });

  it("rejects values that are not valid literals for the parameter", () => {
    const input = fixtureCopy("params");
    const out = join(dirname(input), "out.ipynb");
    const cases: [string, string][] = [
      ["window=abc", "-p window=abc: expected a number"],
      ["verbose=yes", "-p verbose=yes: expected true or false"],
      ["start=2021-13-45", "-p start=2021-13-45: expected an ISO date"],
      ["horizons=[1, 2", "-p horizons=[1, 2: not a valid literal"],
      ["horizons=7", "-p horizons=7: expected an array"],
      ["novalue", 'parameter "novalue" must look like name=value'],
    ];
    for (const [arg, message] of cases) {
      const r = cli("nbexport", ["run", input, out, "-p", arg]);
      expect(r.status, arg).toBe(2);
      expect(r.stderr, arg).toContain(message);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("a throwing cell: non-zero exit, the cell number and error shown, the partial notebook saved", () => {
    const input = fixtureCopy("throws");
    const out = join(dirname(input), "out.ipynb");
    const r = cli("nbexport", ["run", input, out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("throws.ipynb, cell 3: RangeError: boom at cell three");
    const nb = readNotebook(out);
    expect(streamText(nb.cells[1]?.outputs)).toBe("before the error\n");
    expect(nb.cells[2]?.outputs?.[0]).toMatchObject({
      output_type: "error",
      ename: "RangeError",
      evalue: "boom at cell three",
    });
    expect(nb.cells[3]?.outputs).toEqual([]);
    expect(nb.cells[3]?.execution_count).toBeNull();
    expect((nb.metadata["nbexport"] as { status: string }).status).toBe("failed");
  });

  it("a TypeScript type error fails the cell", async () => {
    const input = fixtureCopy("typeerror");
    const r = await runNotebookFile(input);
    expect(r.ok).toBe(false);
    expect(r.error?.location.cell).toBe(2);
    expect(r.error?.ename).toBe("TypeScriptError");
    expect(r.error?.message).toContain("Type 'number' is not assignable to type 'string'");
  });

  it("a per-cell timeout stops a runaway cell", async () => {
    const input = fixtureCopy("slow");
    const out = join(dirname(input), "out.ipynb");
    const r = cli("nbexport", ["run", input, out, "--timeout", "2"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("slow.ipynb, cell 2: CellTimeoutError: did not finish within 2 s");
    expect(readNotebook(out).cells[1]?.outputs?.[0]).toMatchObject({
      output_type: "error",
      ename: "CellTimeoutError",
    });
  }, 30_000);

  it("skips eval: false cells and captures display outputs", async () => {
    const input = fixtureCopy("display");
    const r = await runNotebookFile(input, { cwd: process.cwd() });
    expect(r.ok).toBe(true);
    expect(r.notebook.cells[1]?.outputs?.[0]).toMatchObject({
      output_type: "display_data",
      data: { "text/html": "<b id='custom-html'>hello html</b>" },
    });
    expect(r.notebook.cells[2]?.outputs).toEqual([]);
    expect(r.notebook.cells[2]?.execution_count).toBeNull();
  });
});

describe("nbexport test", () => {
  it("passes a good library notebook and reports a failing test cell by notebook and cell", () => {
    const dir = makeProject(["math_basic", "failing_test"]);
    const r = cli("nbexport", ["-C", dir, "test"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("ok    notebooks/lib/01_math_basic.ipynb");
    expect(r.stdout).toContain("FAIL  notebooks/lib/02_failing_test.ipynb");
    expect(r.stdout).toContain("02_failing_test.ipynb, cell 3: Error: two() should be 2");
    expect(r.stdout).toContain("1 passed, 1 failed");
    const good = cli("nbexport", ["-C", dir, "test", "notebooks/lib/01_math_basic.ipynb"], dir);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("1 passed, 0 failed");
  });

  it("fails on a TypeScript type error", () => {
    const dir = makeProject(["typeerror"]);
    const r = cli("nbexport", ["-C", dir, "test"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("01_typeerror.ipynb, cell 2: TypeScriptError");
  });
});

describe("nbexport render", () => {
  it("renders markdown, highlighted code and outputs into one offline page, hiding hidden cells", () => {
    const input = fixtureCopy("display");
    const out = join(dirname(input), "run.ipynb");
    expect(cli("nbexport", ["run", input, out, "--cwd", process.cwd()]).status).toBe(0);
    const r = cli("nbexport", ["render", out, "-o", join(dirname(input), "page.html")]);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dirname(input), "page.html"), "utf8");
    expect(html).toContain('<h1 id="display-outputs">Display outputs</h1>');
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<b id='custom-html'>hello html</b>");
    expect(html).toContain('<span class="hljs-keyword">import</span>');
    expect(html).not.toContain("hidden cell output");
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe("nbexport new", () => {
  it("scaffolds a library notebook that exports and passes its own test", () => {
    const dir = makeProject(["math_basic"]);
    const r = cli("nbexport", ["-C", dir, "new", "features/trend", "--title", "Trend indicators"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("notebooks/lib/02_features_trend.ipynb");
    expect(cli("nbexport", ["-C", dir, "export"]).stdout).toContain("wrote src/lib/features/trend.ts");
    expect(readFileSync(join(dir, "src/lib/features/trend.ts"), "utf8")).toContain(
      "export function example(x: number)",
    );
    const t = cli("nbexport", ["-C", dir, "test", "notebooks/lib/02_features_trend.ipynb"], dir);
    expect(t.stdout).toContain("1 passed, 0 failed");
    const again = cli("nbexport", ["-C", dir, "new", "math/basic"]);
    expect(again.status).toBe(0); // numbered 03_, a different file
    expect(cli("nbexport", ["-C", dir, "export"]).status).toBe(2); // but math/basic is taken
  });
});
