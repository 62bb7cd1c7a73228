import { createRequire } from "node:module";
import { join } from "node:path";
import { FACTS_MIME } from "../../nbexport/render.js";

/** MIME type the HTML renderer lists under a report's title instead of inline (nbexport's `FACTS_MIME`). */
export const REPORT_FACTS_MIME: string = FACTS_MIME;

interface DisplayHook {
  lastWriteDisplayData:
    | ((
        m: {
          data: Record<string, unknown>;
          metadata: Record<string, unknown>;
          transient: Record<string, unknown>;
        },
        update: boolean,
      ) => void)
    | null;
}

/** tslab's display hook when running inside a notebook (Jupyter or `quantbook run`), else undefined. */
export function notebookDisplay(): DisplayHook["lastWriteDisplayData"] | undefined {
  for (const base of [join(process.cwd(), "__quantbook__.js"), import.meta.url]) {
    try {
      const hook = createRequire(base)("tslab/dist/jupyter") as DisplayHook;
      if (hook.lastWriteDisplayData) return hook.lastWriteDisplayData;
    } catch {
      // not inside a notebook kernel
    }
  }
  return undefined;
}

/**
 * Records facts about a notebook run (e.g. `{ "data snapshot": "3f2a… (EIA RNGWHHD)" }`). The HTML report
 * lists them under its title; Jupyter shows them as text. Outside a notebook it does nothing.
 */
export function reportFacts(facts: Record<string, string>): void {
  const display = notebookDisplay();
  if (!display) return;
  const text = Object.entries(facts)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  display({ data: { [REPORT_FACTS_MIME]: facts, "text/plain": text }, metadata: {}, transient: {} }, false);
}

/** Records the id (content hash) of a data snapshot a notebook used, with a short description of its source. */
export function recordDataSnapshot(id: string, source: string): void {
  reportFacts({ "data snapshot": `${id} (${source})` });
}
