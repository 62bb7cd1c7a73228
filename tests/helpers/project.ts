import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Folder of the notebook fixtures. */
export const FIXTURES = join(ROOT, "tests", "fixtures");

/** Makes a throw-away project (package name `demo`) with the named fixture notebooks in notebooks/lib. */
export function makeProject(notebooks: string[], name = "demo"): string {
  const dir = mkdtempSync(join(tmpdir(), "nbexport-test-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", type: "module" }));
  mkdirSync(join(dir, "notebooks", "lib"), { recursive: true });
  notebooks.forEach((nb, i) =>
    copyFileSync(
      join(FIXTURES, `${nb}.ipynb`),
      join(dir, "notebooks", "lib", `${String(i + 1).padStart(2, "0")}_${nb}.ipynb`),
    ),
  );
  return dir;
}

/** Copies a fixture notebook into a fresh temporary folder and returns its path. */
export function fixtureCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "nbexport-run-"));
  const file = join(dir, `${name}.ipynb`);
  copyFileSync(join(FIXTURES, `${name}.ipynb`), file);
  return file;
}

/** Result of running a CLI. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/<cli>.js` with arguments (the build must exist: `npm test` builds first). */
export function cli(which: "nbexport" | "quantbook", args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", `${which}.js`), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
