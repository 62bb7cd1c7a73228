import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** In CI every optional tool must be present: a missing one fails instead of skipping. */
export const IN_CI = process.env.CI === "true";

/** Path of a Chromium binary, if one is installed. */
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p) => existsSync(p),
);

/** True when Debian's Jupyter (nbconvert + jupyter_client + ipykernel) is importable by /usr/bin/python3. */
export const HAS_JUPYTER =
  existsSync("/usr/bin/python3") &&
  spawnSync("/usr/bin/python3", ["-c", "import nbconvert, jupyter_client, ipykernel"]).status === 0;

/** Whether a test needing `tool` should run; in CI a missing tool is an error, not a skip. */
export function needs(tool: string, present: boolean): boolean {
  if (!present && IN_CI) throw new Error(`${tool} is required in CI but is not installed (see .ci/run)`);
  return present;
}

/**
 * Set `QUANTBOOK_HIDE_SHARED=1` to run the suite as on a user's fresh clone, where `../shared` does not
 * exist: {@link HAS_SHARED} is false and {@link SHARED_DATA} points nowhere (CI does this for the suites that
 * use the shared data, to prove they skip cleanly).
 */
const HIDE_SHARED = process.env["QUANTBOOK_HIDE_SHARED"] === "1";

/** The shared read-only data folder (absent on a user's fresh clone). */
export const SHARED_DATA = HIDE_SHARED
  ? "/nonexistent/quantbook-shared/data/"
  : new URL("../../../shared/data/", import.meta.url).pathname;
export const HAS_SHARED = existsSync(SHARED_DATA);
