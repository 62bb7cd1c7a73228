import { join, relative, resolve } from "node:path";
import { existsSync, statSync } from "node:fs";
import { loadConfig } from "./config.js";
import { listFiles, posix } from "./fsutil.js";
import { runNotebookFile } from "./execute.js";
import type { CellExecutionError } from "./errors.js";

/** The outcome of testing one notebook. */
export interface NotebookTestResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  error?: CellExecutionError;
}

/** Expands notebook arguments (files or folders) into notebook files; none = every notebook. */
export function findNotebooks(args: string[], root = process.cwd()): string[] {
  const cfg = loadConfig(root);
  const targets = args.length ? args : [join(cfg.root, "notebooks")];
  const out: string[] = [];
  for (const t of targets) {
    const abs = resolve(root, t);
    if (!existsSync(abs)) throw new Error(`no such notebook or folder: ${t}`);
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs, ".ipynb"));
    else out.push(abs);
  }
  return out;
}

/**
 * Executes each notebook in a fresh kernel, running its `//| test` cells with the rest, and
 * reports the first failing cell of each (any runtime error, failed assertion or TypeScript
 * type error fails the notebook).
 */
export async function testNotebooks(
  notebooks: string[],
  options: { timeoutSeconds?: number; root?: string; onResult?: (r: NotebookTestResult) => void } = {},
): Promise<NotebookTestResult[]> {
  const root = options.root ?? process.cwd();
  const results: NotebookTestResult[] = [];
  for (const nb of notebooks) {
    const r = await runNotebookFile(nb, { timeoutSeconds: options.timeoutSeconds ?? 600 });
    const res: NotebookTestResult = { notebook: posix(relative(root, nb)), ok: r.ok, seconds: r.seconds };
    if (r.error) res.error = r.error;
    options.onResult?.(res);
    results.push(res);
  }
  return results;
}
