/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to `dist/bench/`) in turn, or only those
 * whose names contain an argument (`npm run bench -- backtest`). Each prints JSON lines.
 */
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
for (const f of files) {
  process.stderr.write(`== ${f}\n`);
  const mod = (await import(pathToFileURL(`${here}/${f}`).href)) as { default: () => Promise<void> | void };
  await mod.default();
}
