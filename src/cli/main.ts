/**
 * The `quantbook` command line. `quantbook run` executes a research notebook with parameters
 * (papermill-style) and publishes it as an HTML report.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Command } from "commander";
import { reportError, runCommand } from "../../nbexport/index.js";
import { registerPdf } from "./pdf.js";
import { registerReport } from "./report.js";
import { registerDataCommand } from "./data.js";
import { registerFuturesCommand } from "./futures.js";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Builds the `quantbook` program. */
export function buildProgram(): Command {
  const program = new Command("quantbook")
    .description("Notebook-first quantitative research")
    .version(pkg.version)
    .showHelpAfterError();

  program
    .command("run")
    .description("run a research notebook with parameters and publish it as an HTML report")
    .argument("<notebook>", "the notebook to run")
    .option("-p, --param <name=value>", "set a parameter (repeatable)", collect, [])
    .option("-f, --params-file <file>", "parameters from a .json or .yaml file")
    .option("-o, --output <file>", "executed notebook (default: reports/<name>.ipynb)")
    .option("--html <file>", "HTML report (default: reports/<name>.html)")
    .option("--no-html", "do not write an HTML report")
    .option("--timeout <seconds>", "per-cell timeout in seconds", (v) => Number(v))
    .option("--cwd <dir>", "kernel working directory (default: the notebook's folder)")
    .action(async (input: string, o: Record<string, unknown>) => {
      const name = basename(input)
        .replace(/\.ipynb$/, "")
        .replace(/^\d+_/, "");
      const output = (o["output"] as string | undefined) ?? join("reports", `${name}.ipynb`);
      const htmlOpt = o["html"] as string | boolean | undefined;
      const html =
        htmlOpt === false
          ? undefined
          : typeof htmlOpt === "string"
            ? htmlOpt
            : join("reports", `${name}.html`);
      mkdirSync(dirname(output), { recursive: true });
      const opts: Parameters<typeof runCommand>[0] = {
        input,
        output,
        param: o["param"] as string[],
        render: { facts: { "quantbook version": pkg.version } },
      };
      if (html) opts.html = html;
      if (o["paramsFile"]) opts.paramsFile = o["paramsFile"] as string;
      if (o["timeout"] !== undefined) opts.timeout = o["timeout"] as number;
      if (o["cwd"]) opts.cwd = o["cwd"] as string;
      const r = await runCommand(opts);
      if (!r.ok) {
        process.stderr.write(`quantbook: ${r.error?.name}: ${r.error?.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`done in ${r.seconds.toFixed(1)} s\n`);
      }
    });

  registerPdf(program);
  registerReport(program);
  registerDataCommand(program);
  registerFuturesCommand(program);
  return program;
}

/** Runs the CLI. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError("quantbook", err);
  }
}
