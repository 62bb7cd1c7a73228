import { basename } from "node:path";
import { NbexportError, ParameterError } from "./errors.js";
import { runNotebookFile, type ExecuteResult } from "./execute.js";
import { writeFileAtomic } from "./fsutil.js";
import { readParamsFile, splitAssignment, type ParamValue } from "./params.js";
import { renderNotebook, type RenderOptions } from "./render.js";

/** Options of a papermill-style run from the command line. */
export interface RunCommandOptions {
  input: string;
  /** Executed notebook path (written even when a cell fails). */
  output?: string;
  /** `name=value` strings from repeated `-p`. */
  param?: string[];
  /** A `.json` / `.yaml` file of parameter values. */
  paramsFile?: string;
  /** Per-cell timeout, seconds. */
  timeout?: number;
  /** Standalone HTML page to render the executed notebook to. */
  html?: string;
  cwd?: string;
  /** Options passed to the renderer (title, facts). */
  render?: RenderOptions;
  /** Progress lines go here (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Runs a notebook with parameters, writes the executed notebook and (optionally) its HTML page.
 * `-p` values override the params file. Resolves with the result; `ok` is false when a cell failed.
 */
export async function runCommand(o: RunCommandOptions): Promise<ExecuteResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const fileValues: Record<string, ParamValue> = o.paramsFile ? readParamsFile(o.paramsFile) : {};
  const cli: Record<string, string> = {};
  for (const p of o.param ?? []) {
    const [k, v] = splitAssignment(p);
    if (k in cli) throw new ParameterError(`parameter "${k}" given twice`);
    cli[k] = v;
    delete fileValues[k];
  }
  const opts: Parameters<typeof runNotebookFile>[1] = {
    parameters: fileValues,
    cliParameters: cli,
    onCell: ({ cell, total, ok, seconds }) =>
      log(`  cell ${cell} ${ok ? "ok" : "FAILED"} (${seconds.toFixed(2)} s)${cell === total ? "" : ""}`),
  };
  if (o.output) opts.output = o.output;
  if (o.timeout !== undefined) opts.timeoutSeconds = o.timeout;
  if (o.cwd) opts.cwd = o.cwd;
  log(`running ${o.input}`);
  const result = await runNotebookFile(o.input, opts);
  if (o.output) log(`wrote ${o.output}`);
  if (o.html) {
    writeFileAtomic(o.html, renderNotebook(result.notebook, { sourceName: basename(o.input), ...o.render }));
    log(`wrote ${o.html}`);
  }
  return result;
}

/** Prints an error the way the CLIs do and returns the exit code (2 for input errors, 1 otherwise). */
export function reportError(prog: string, err: unknown): number {
  if (err instanceof NbexportError) {
    process.stderr.write(`${prog}: ${err.name}: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`${prog}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
