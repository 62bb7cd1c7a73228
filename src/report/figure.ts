import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PLOTLY_MIME as NBEXPORT_PLOTLY_MIME } from "../../nbexport/render.js";
import { notebookDisplay } from "./facts.js";

/** A plotly trace (kept loose: plotly has hundreds of attributes). */
export interface PlotlyTrace {
  type?: string;
  name?: string;
  x?: ArrayLike<number | string | Date> | (number | string | null)[];
  y?: ArrayLike<number> | (number | string | null)[];
  z?: (number | null)[][];
  mode?: string;
  [attribute: string]: unknown;
}

/** A plotly figure: traces, layout and config, as plotly.js and Jupyter's plotly MIME type take it. */
export interface Figure {
  data: PlotlyTrace[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The MIME type notebooks, JupyterLab and the HTML renderer use for plotly figures (nbexport's). */
export const PLOTLY_MIME: string = NBEXPORT_PLOTLY_MIME;

/** Converts typed arrays to plain arrays (JSON has no typed arrays) and NaN to null (a gap). */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === "number" && !Number.isFinite(x) ? null : plain(x)));
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** The figure as plain JSON (typed arrays → arrays, NaN → null, dates → ISO strings). */
export function figureJson(fig: Figure): Figure {
  return plain(fig) as Figure;
}

let plotlySent = false;
let plotCount = 0;

function plotlySource(): string {
  return readFileSync(createRequire(import.meta.url).resolve("plotly.js-dist-min"), "utf8");
}

/**
 * The display bundle of a figure: the plotly MIME type (JupyterLab with the plotly renderer, quantbook's
 * own reports), an HTML fallback that draws the figure with plotly.js in any notebook front end that runs
 * output scripts (classic Jupyter, nbconvert's HTML), and a line of text. The first bundle of a process (a
 * kernel session) carries plotly.js itself, so the fallback works offline; AMD loaders (require.js in classic
 * Jupyter) are hidden while it loads so plotly.js sets `window.Plotly`.
 */
export function figureBundle(fig: Figure): Record<string, unknown> {
  const json = figureJson(fig);
  const title = (json.layout?.["title"] as { text?: string } | string | undefined) ?? "";
  const titleText = typeof title === "string" ? title : (title.text ?? "");
  const id = `quantbook-plot-${process.pid}-${++plotCount}`;
  const height = typeof json.layout?.["height"] === "number" ? (json.layout["height"] as number) : 450;
  const spec = JSON.stringify({
    data: json.data,
    layout: json.layout ?? {},
    config: { responsive: true, ...json.config },
  }).replace(/</g, "\\u003c");
  let html = "";
  if (!plotlySent) {
    plotlySent = true;
    html +=
      "<script>window.__quantbookDefine = window.define; window.define = undefined;</script>" +
      `<script>${plotlySource()}</script>` +
      "<script>window.define = window.__quantbookDefine;</script>";
  }
  html +=
    `<div id="${id}" class="quantbook-plot" style="width:100%;height:${height}px"></div>` +
    `<script>(function(){var f=${spec};function draw(){window.Plotly.newPlot(${JSON.stringify(id)},f.data,f.layout,f.config);}` +
    "if(window.Plotly){draw();}else{var k=0,t=setInterval(function(){if(window.Plotly||++k>200){clearInterval(t);if(window.Plotly)draw();}},50);}})();</script>";
  return {
    [PLOTLY_MIME]: json,
    "text/html": html,
    "text/plain": `<plotly figure${titleText ? ` "${titleText}"` : ""}: ${json.data.length} trace(s)>`,
  };
}

/**
 * Shows a figure as the output of the current notebook cell (in Jupyter with the tslab kernel and
 * in `quantbook run`); see {@link figureBundle} for what is sent. Outside a notebook it does nothing.
 */
export function show(fig: Figure): void {
  const display = notebookDisplay();
  if (!display) return;
  display({ data: figureBundle(fig), metadata: {}, transient: {} }, false);
}

/** Epoch-millisecond times → ISO date strings for a plotly date axis. */
export function isoDates(time: ArrayLike<number>): string[] {
  const out = new Array<string>(time.length);
  for (let i = 0; i < time.length; i++) out[i] = new Date(time[i] as number).toISOString().slice(0, 10);
  return out;
}
