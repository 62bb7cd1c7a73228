import { basename, dirname, resolve } from "node:path";
import { parseCell } from "./directives.js";
import { CellExecutionError } from "./errors.js";
import { Kernel } from "./kernel.js";
import { cellSource, readNotebook, writeNotebook, type Notebook, type Output } from "./notebook.js";
import { injectParameters, type ParamValue } from "./params.js";

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Working directory of the kernel; defaults to the notebook's folder (as Jupyter does). */
  cwd?: string;
  /** Per-cell timeout in seconds (0 = none). */
  timeoutSeconds?: number;
  /** Parameter values by name (from a params file, already typed). */
  parameters?: Record<string, ParamValue>;
  /** Raw `-p name=value` strings, coerced by each default's kind. */
  cliParameters?: Record<string, string>;
  /** Called after each cell, for progress output. */
  onCell?: (info: { cell: number; total: number; ok: boolean; seconds: number }) => void;
}

/** The outcome of running a notebook. */
export interface ExecuteResult {
  notebook: Notebook;
  ok: boolean;
  /** The parameters used (after coercion). */
  parameters: Record<string, ParamValue>;
  /** Wall-clock seconds. */
  seconds: number;
  /** Set when a cell failed: it names the notebook and the cell (1-based). */
  error?: CellExecutionError;
}

function textOf(o: Output): string {
  if (o.output_type === "stream") return Array.isArray(o.text) ? o.text.join("") : o.text;
  if (o.output_type === "error") return `${o.ename}: ${o.evalue}`;
  return "";
}

/**
 * Executes a notebook top to bottom in a fresh kernel (tslab's in-process executor in a child
 * process). Cells marked `//| eval: false` are skipped. Outputs, execution counts and timings are
 * kept; the parameters used go into the notebook's metadata. On the first failing cell the run
 * stops and the partial notebook (with the error output) is returned with `ok: false`.
 */
export async function executeNotebook(
  input: Notebook,
  file: string,
  options: ExecuteOptions = {},
): Promise<ExecuteResult> {
  const nb: Notebook = structuredClone(input);
  const injection = injectParameters(nb, file, options.parameters ?? {}, options.cliParameters ?? {});
  const cwd = options.cwd ?? dirname(resolve(file));
  const kernel = new Kernel(cwd);
  const started = new Date();
  const timeoutMs = Math.max(0, (options.timeoutSeconds ?? 0) * 1000);
  let count = 0;
  let error: CellExecutionError | undefined;
  const total = nb.cells.filter((c) => c.cell_type === "code").length;
  let info = { tslab: "", typescript: "" };
  try {
    info = await kernel.info();
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (!cell || cell.cell_type !== "code") continue;
      cell.outputs = [];
      cell.execution_count = null;
      const source = cellSource(cell);
      const { directives } = parseCell(source, file, i + 1);
      if (directives.evalFalse) continue;
      if (source.trim() === "") continue;
      const t0 = new Date();
      const r = await kernel.execute(source, timeoutMs);
      const t1 = new Date();
      count += 1;
      cell.execution_count = count;
      const outputs: Output[] = r.outputs.map((o) =>
        o.output_type === "execute_result" ? { ...o, execution_count: count } : o,
      );
      if (r.type === "timeout") {
        outputs.push({
          output_type: "error",
          ename: "CellTimeoutError",
          evalue: `cell did not finish within ${options.timeoutSeconds} s`,
          traceback: [`CellTimeoutError: cell did not finish within ${options.timeoutSeconds} s`],
        });
      }
      cell.outputs = outputs;
      const seconds = (t1.getTime() - t0.getTime()) / 1000;
      cell.metadata = {
        ...cell.metadata,
        execution: { "iopub.execute_input": t0.toISOString(), "shell.execute_reply": t1.toISOString() },
        papermill: {
          start_time: t0.toISOString(),
          end_time: t1.toISOString(),
          duration: seconds,
          status: r.ok ? "completed" : "failed",
        },
      };
      options.onCell?.({ cell: i + 1, total, ok: r.ok, seconds });
      if (!r.ok) {
        const ename = r.type === "timeout" ? "CellTimeoutError" : (r.ename ?? "Error");
        const detail =
          r.type === "timeout"
            ? `did not finish within ${options.timeoutSeconds} s`
            : (r.evalue ?? outputs.map(textOf).filter(Boolean).join("\n"));
        error = new CellExecutionError(`${ename}: ${detail}`, { file, cell: i + 1 }, ename);
        break;
      }
    }
  } finally {
    kernel.close();
  }
  const finished = new Date();
  const seconds = (finished.getTime() - started.getTime()) / 1000;
  const runMeta = {
    input_path: file,
    parameters: injection.parameters,
    injected_cell: injection.index >= 0 ? injection.index + 1 : null,
    start_time: started.toISOString(),
    end_time: finished.toISOString(),
    duration: seconds,
    status: error ? "failed" : "completed",
    exception: error ? error.message : null,
    tslab: info.tslab,
    typescript: info.typescript,
  };
  nb.metadata = {
    ...nb.metadata,
    papermill: runMeta,
    nbexport: { ...runMeta, notebook: basename(file) },
  };
  const result: ExecuteResult = { notebook: nb, ok: !error, parameters: injection.parameters, seconds };
  if (error) result.error = error;
  return result;
}

/** Options of {@link runNotebookFile}. */
export interface RunFileOptions extends ExecuteOptions {
  /** Where to write the executed notebook (default: do not write). */
  output?: string;
}

/**
 * Reads a notebook file, executes it and writes the executed notebook (also when a cell fails, so
 * the partial run can be inspected). Returns the result; check `ok`.
 */
export async function runNotebookFile(file: string, options: RunFileOptions = {}): Promise<ExecuteResult> {
  const nb = readNotebook(file);
  const result = await executeNotebook(nb, file, options);
  if (options.output) writeNotebook(options.output, result.notebook);
  return result;
}
