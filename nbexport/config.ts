import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the literate toolchain finds notebooks and writes modules. */
export interface NbexportConfig {
  /** Project root (the folder holding package.json). */
  root: string;
  /** Folder of library notebooks, relative to root. */
  notebooks: string;
  /** Folder the exported modules go to, relative to root. */
  lib: string;
  /** The package name that notebooks import the built library by (`<name>/<module>`). */
  packageName: string;
}

/**
 * Loads the configuration from `package.json` (an optional `"nbexport"` object with `notebooks`,
 * `lib`), defaulting to `notebooks/lib` → `src/lib` and the package's own name.
 */
export function loadConfig(root = process.cwd()): NbexportConfig {
  const abs = resolve(root);
  const cfg: NbexportConfig = {
    root: abs,
    notebooks: "notebooks/lib",
    lib: "src/lib",
    packageName: "quantbook",
  };
  const pkgPath = join(abs, "package.json");
  if (existsSync(pkgPath)) {
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as {
      name?: string;
      nbexport?: { notebooks?: string; lib?: string };
    };
    if (pkg.name) cfg.packageName = pkg.name;
    if (pkg.nbexport?.notebooks) cfg.notebooks = pkg.nbexport.notebooks;
    if (pkg.nbexport?.lib) cfg.lib = pkg.nbexport.lib;
  }
  return cfg;
}
