/**
 * Locating the sample data shipped with the package.
 * @module sample
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The project's shipped sample data folder (`data/sample/`), found from the installed package. */
export function sampleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "data", "sample");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("cannot find quantbook's data/sample folder next to the installed package");
}

/** Path of a shipped sample file, e.g. `samplePath("henry_hub_daily.csv")`. */
export function samplePath(name: string): string {
  return join(sampleDir(), name);
}
