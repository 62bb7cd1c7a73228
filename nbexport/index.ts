/**
 * nbexport: the literate toolchain. Library code lives in notebooks; `export` writes the cells
 * marked `//| export` into modules, `check` proves the modules match, `sync` carries edits back,
 * `test` executes notebooks, `run` executes one with parameters (papermill-style) and `render`
 * turns an executed notebook into a standalone HTML page. It knows nothing about finance.
 * @module
 */
export * from "./errors.js";
export * from "./config.js";
export * from "./notebook.js";
export * from "./directives.js";
export * from "./export.js";
export * from "./sync.js";
export * from "./params.js";
export {
  executeNotebook,
  runNotebookFile,
  type ExecuteOptions,
  type ExecuteResult,
  type RunFileOptions,
} from "./execute.js";
export * from "./render.js";
export * from "./nbtest.js";
export * from "./scaffold.js";
export * from "./percent.js";
export { runCommand, reportError, type RunCommandOptions } from "./run-command.js";
export { writeFileAtomic } from "./fsutil.js";
