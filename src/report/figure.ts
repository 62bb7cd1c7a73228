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

/** The MIME type notebooks, JupyterLab and the HTML renderer use for plotly figures. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

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

/**
 * Shows a figure as the output of the current notebook cell (in Jupyter with the tslab kernel and
 * in `quantbook run`). Outside a notebook it does nothing.
 */
export function show(fig: Figure): void {
  const display = notebookDisplay();
  if (!display) return;
  const json = figureJson(fig);
  const title = (json.layout?.["title"] as { text?: string } | string | undefined) ?? "";
  const titleText = typeof title === "string" ? title : (title.text ?? "");
  display(
    {
      data: {
        [PLOTLY_MIME]: json,
        "text/plain": `<plotly figure${titleText ? ` "${titleText}"` : ""}: ${json.data.length} trace(s)>`,
      },
      metadata: {},
      transient: {},
    },
    false,
  );
}

/** Epoch-millisecond times → ISO date strings for a plotly date axis. */
export function isoDates(time: ArrayLike<number>): string[] {
  const out = new Array<string>(time.length);
  for (let i = 0; i < time.length; i++) out[i] = new Date(time[i] as number).toISOString().slice(0, 10);
  return out;
}
