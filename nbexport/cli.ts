/**
 * The `nbexport` command line: export, check, sync, test, run, render, new.
 * Exit codes: 0 success; 1 a check/test/run failed; 2 bad input (notebook, directive, parameter).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Command, Option } from "commander";
import { loadConfig } from "./config.js";
import { checkExport, exportNotebooks } from "./export.js";
import { writeFileAtomic } from "./fsutil.js";
import { findNotebooks, testNotebooks } from "./nbtest.js";
import { readNotebook } from "./notebook.js";
import { renderNotebook } from "./render.js";
import { reportError, runCommand } from "./run-command.js";
import { scaffoldNotebook } from "./scaffold.js";
import { notebookFromPercent, percentFromNotebook } from "./percent.js";
import { writeNotebook } from "./notebook.js";
import { syncBack } from "./sync.js";

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Builds the `nbexport` program (exported so other CLIs and tests can reuse it). */
export function buildProgram(): Command {
  const program = new Command("nbexport")
    .description("Literate TypeScript notebooks: export, check, sync, test, run and render")
    .option("-C, --root <dir>", "project root", process.cwd())
    .showHelpAfterError();
  const root = (): string => (program.opts() as { root: string }).root;

  program
    .command("export")
    .description("write the cells marked //| export into modules under src/lib/")
    .action(() => {
      const r = exportNotebooks(loadConfig(root()));
      for (const f of r.written) console.log(`wrote ${f}`);
      for (const f of r.removed) console.log(`removed ${f}`);
      console.log(
        `${r.written.length} written, ${r.removed.length} removed, ${r.unchanged.length} unchanged`,
      );
    });

  program
    .command("check")
    .description("fail when src/lib/ and the notebooks disagree")
    .action(() => {
      const problems = checkExport(loadConfig(root()));
      if (!problems.length) {
        console.log("src/lib is up to date with the notebooks");
        return;
      }
      for (const p of problems) {
        const at = p.origin ? `${p.origin.notebook} cell ${p.origin.cell} line ${p.origin.line}: ` : "";
        console.error(`${at}${p.path} ${p.message}`);
      }
      process.exitCode = 1;
    });

  program
    .command("sync")
    .description("carry edits made in src/lib/ back into the notebook cells they came from")
    .action(() => {
      const changed = syncBack(loadConfig(root()));
      for (const c of changed) console.log(`updated ${c.notebook} cell ${c.cell} from ${c.module}`);
      console.log(`${changed.length} cell(s) updated`);
    });

  program
    .command("test")
    .description("execute notebooks (all under notebooks/, or those named) and their //| test cells")
    .argument("[notebooks...]", "notebook files or folders")
    .option("--timeout <seconds>", "per-cell timeout", (v) => Number(v), 600)
    .action(async (args: string[], o: { timeout: number }) => {
      const files = findNotebooks(args, root());
      const results = await testNotebooks(files, {
        timeoutSeconds: o.timeout,
        root: root(),
        onResult: (r) =>
          console.log(
            r.ok
              ? `ok    ${r.notebook} (${r.seconds.toFixed(1)} s)`
              : `FAIL  ${r.notebook}\n      ${r.error?.message.replace(/\n/g, "\n      ")}`,
          ),
      });
      const failed = results.filter((r) => !r.ok).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      if (failed) process.exitCode = 1;
    });

  program
    .command("run")
    .description("execute a notebook with parameters (papermill-style)")
    .argument("<input>", "notebook to run")
    .argument("[output]", "where to write the executed notebook")
    .option("-p, --param <name=value>", "set a parameter (repeatable)", collect, [])
    .option("-f, --params-file <file>", "parameters from a .json or .yaml file")
    .option("-o, --output <file>", "where to write the executed notebook")
    .option("--timeout <seconds>", "per-cell timeout in seconds", (v) => Number(v))
    .option("--html <file>", "also render the executed notebook to a standalone HTML page")
    .option("--cwd <dir>", "kernel working directory (default: the notebook's folder)")
    .action(async (input: string, output: string | undefined, o: Record<string, unknown>) => {
      const r = await runCommand({
        input,
        output: (o["output"] as string | undefined) ?? output,
        param: o["param"] as string[],
        paramsFile: o["paramsFile"] as string | undefined,
        timeout: o["timeout"] as number | undefined,
        html: o["html"] as string | undefined,
        cwd: o["cwd"] as string | undefined,
      } as Parameters<typeof runCommand>[0]);
      if (!r.ok) {
        console.error(`nbexport: ${r.error?.name}: ${r.error?.message}`);
        process.exitCode = 1;
      }
    });

  program
    .command("render")
    .description("render an executed notebook to one standalone HTML page")
    .argument("<notebook>")
    .addOption(new Option("-o, --output <file>", "HTML file (default: next to the notebook)"))
    .option("--hide-code", "show prose and outputs only")
    .option("--title <title>", "page title")
    .action((file: string, o: { output?: string; hideCode?: boolean; title?: string }) => {
      const nb = readNotebook(file);
      const out = o.output ?? file.replace(/\.ipynb$/, ".html");
      const opts: Parameters<typeof renderNotebook>[1] = { sourceName: basename(file) };
      if (o.hideCode) opts.hideCode = true;
      if (o.title) opts.title = o.title;
      writeFileAtomic(out, renderNotebook(nb, opts));
      console.log(`wrote ${out}`);
    });

  program
    .command("new")
    .description("scaffold a library notebook for a module (e.g. features/trend)")
    .argument("<module>")
    .option("--title <title>", "heading of the notebook")
    .action((module: string, o: { title?: string }) => {
      console.log(`created ${scaffoldNotebook(module, root(), o.title)}`);
    });

  program
    .command("from-script")
    .description("convert a percent-format script (// %% cells) into a notebook")
    .argument("<script>")
    .argument("<notebook>")
    .action((script: string, out: string) => {
      writeNotebook(out, notebookFromPercent(readFileSync(script, "utf8")));
      console.log(`wrote ${out}`);
    });

  program
    .command("to-script")
    .description("convert a notebook into a percent-format script (outputs dropped)")
    .argument("<notebook>")
    .argument("[script]")
    .action((file: string, out?: string) => {
      const text = percentFromNotebook(readNotebook(file));
      if (out) writeFileAtomic(out, text);
      else process.stdout.write(text);
    });

  program.version(
    (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
      .version,
  );
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`). */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError("nbexport", err);
  }
}
