import {
  alphaBeta,
  drawdownTable,
  monthlyReturnsTable,
  performanceSummary,
  rollAnnualVolatility,
  rollBeta,
  rollSharpeRatio,
  underwaterCurve,
  yearlyReturnsTable,
  type PerformanceSummary,
} from "../lib/backtest/index.js";
import { ValidationError } from "../lib/data/types.js";
import { renderNotebook } from "../../nbexport/render.js";
import type { Notebook, Output } from "../../nbexport/notebook.js";
import { PLOTLY_MIME, figureBundle, figureJson, isoDates, type Figure } from "./figure.js";
import { notebookDisplay } from "./facts.js";
import type { Table } from "./tables.js";

/** The out-of-sample validation results a tearsheet reports when available. */
export interface TearsheetValidation {
  /** One-paragraph verdict, e.g. "Survives: OOS Sharpe 0.6, PBO 0.12, DSR 0.97". */
  verdict: string;
  /** Whether the strategy passed the validation the verdict describes. */
  survived?: boolean;
  /** Probability of backtest overfitting (CSCV), 0..1. */
  pbo?: number;
  /** Deflated Sharpe ratio (a probability, 0..1). */
  deflatedSharpe?: number;
  /** Probabilistic Sharpe ratio (a probability, 0..1). */
  probabilisticSharpe?: number;
  /** Stitched walk-forward out-of-sample returns. */
  oosTime?: Float64Array;
  oosReturns?: Float64Array;
}

/** What a tearsheet is computed from. */
export interface TearsheetInput {
  title?: string;
  /** Epoch ms UTC, one per return. */
  time: Float64Array;
  /** Strategy returns per period (simple, not log); NaN = no return that period. */
  returns: Float64Array;
  /** A benchmark's returns on the same time axis. */
  benchmark?: { name: string; returns: Float64Array };
  /** Periods per year (252 for daily). */
  periodsPerYear?: number;
  /** Window of the rolling Sharpe/volatility/beta charts, in periods (default 126, about 6 months of days). */
  rollingWindow?: number;
  /** How many drawdown periods to list (default 5). */
  topDrawdowns?: number;
  /** A trades table (shown first 50 rows). */
  trades?: Table;
  validation?: TearsheetValidation;
}

/** One piece of a tearsheet: prose, an HTML table or a plotly figure. */
export type TearsheetBlock =
  { kind: "markdown"; text: string } | { kind: "html"; html: string } | { kind: "figure"; figure: Figure };

const pct = (x: number, digits = 2): string => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : "–");
const num = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function htmlTable(header: string[], rows: string[][], caption?: string): string {
  return (
    `<table class="qb-table">${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>` +
    header.map((h) => `<th>${esc(h)}</th>`).join("") +
    "</tr></thead><tbody>" +
    rows.map((r) => "<tr>" + r.map((c) => `<td>${esc(c)}</td>`).join("") + "</tr>").join("") +
    "</tbody></table>"
  );
}

function compounded(returns: Float64Array): Float64Array {
  const out = new Float64Array(returns.length);
  let v = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i] as number;
    if (Number.isFinite(r)) v *= 1 + r;
    out[i] = v;
  }
  return out;
}

function metricRows(s: PerformanceSummary, b: PerformanceSummary | undefined): string[][] {
  const rows: [string, (m: PerformanceSummary) => string][] = [
    ["Total return", (m) => pct(m.totalReturn)],
    ["CAGR", (m) => pct(m.annualReturn)],
    ["Annual volatility", (m) => pct(m.annualVolatility)],
    ["Sharpe ratio", (m) => num(m.sharpeRatio)],
    ["Sortino ratio", (m) => num(m.sortinoRatio)],
    ["Calmar ratio", (m) => num(m.calmarRatio)],
    ["Omega ratio", (m) => num(m.omegaRatio)],
    ["Max drawdown", (m) => pct(m.maxDrawdown)],
    ["Tail ratio", (m) => num(m.tailRatio)],
    ["Daily VaR (95%)", (m) => pct(m.valueAtRisk)],
    ["Daily CVaR (95%)", (m) => pct(m.conditionalValueAtRisk)],
    ["Stability (R² of log equity)", (m) => num(m.stabilityOfTimeseries)],
    ["Periods", (m) => String(m.periods)],
  ];
  return rows.map(([name, f]) => (b ? [name, f(s), f(b)] : [name, f(s)]));
}

/**
 * Computes a tearsheet (quantstats-style, interactive): metrics against a benchmark, cumulative and log
 * returns, the top drawdowns and the underwater chart, monthly returns heatmap, yearly returns, rolling
 * Sharpe/volatility/beta, the return distribution and quantiles, trades, and the validation verdict.
 * Metrics follow empyrical's conventions (see the backtest module's metric docs).
 */
export function tearsheetBlocks(input: TearsheetInput): TearsheetBlock[] {
  const { time, returns } = input;
  if (time.length !== returns.length) {
    throw new ValidationError(`time has ${time.length} entries but returns has ${returns.length}`, {
      field: "returns",
    });
  }
  if (input.benchmark && input.benchmark.returns.length !== returns.length) {
    throw new ValidationError(
      `benchmark has ${input.benchmark.returns.length} returns, strategy ${returns.length}`,
      {
        field: input.benchmark.name,
      },
    );
  }
  const ppy = input.periodsPerYear ?? 252;
  const win = input.rollingWindow ?? 126;
  const dates = isoDates(time);
  const bench = input.benchmark;
  const s = performanceSummary(returns, { periodsPerYear: ppy });
  const b = bench ? performanceSummary(bench.returns, { periodsPerYear: ppy }) : undefined;
  const blocks: TearsheetBlock[] = [];
  blocks.push({ kind: "markdown", text: `## ${input.title ?? "Tearsheet"}` });

  // Metrics
  const header = bench ? ["Metric", "Strategy", bench.name] : ["Metric", "Strategy"];
  const rows = metricRows(s, b);
  if (bench) {
    const ab = alphaBeta(returns, bench.returns, { periodsPerYear: ppy });
    rows.push(["Alpha (annualised)", pct(ab.alpha), "–"], ["Beta", num(ab.beta), "1.00"]);
  }
  blocks.push({ kind: "markdown", text: "### Key metrics" }, { kind: "html", html: htmlTable(header, rows) });

  // Cumulative and log returns
  const eq = compounded(returns);
  const traces: Figure["data"] = [{ type: "scatter", mode: "lines", name: "strategy", x: dates, y: eq }];
  if (bench)
    traces.push({ type: "scatter", mode: "lines", name: bench.name, x: dates, y: compounded(bench.returns) });
  blocks.push(
    { kind: "markdown", text: "### Cumulative returns" },
    { kind: "figure", figure: { data: traces, layout: { title: { text: "Growth of 1" }, height: 380 } } },
    {
      kind: "figure",
      figure: {
        data: traces,
        layout: { title: { text: "Growth of 1 (log scale)" }, yaxis: { type: "log" }, height: 320 },
      },
    },
  );

  // Drawdowns
  const dd = drawdownTable(returns, { top: input.topDrawdowns ?? 5, time });
  const day = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : "–");
  blocks.push(
    { kind: "markdown", text: "### Drawdowns" },
    {
      kind: "html",
      html: htmlTable(
        ["#", "Peak", "Trough", "Recovery", "Depth", "Length (periods)"],
        dd.map((p, i) => [
          String(i + 1),
          p.peak < 0 ? "start" : day(p.peakTime),
          day(p.troughTime),
          p.recovered ? day(p.recoveryTime) : "not recovered",
          pct(p.depth),
          String(p.length),
        ]),
        `Top ${dd.length} drawdown periods`,
      ),
    },
    {
      kind: "figure",
      figure: {
        data: [
          {
            type: "scatter",
            mode: "lines",
            fill: "tozeroy",
            name: "drawdown",
            x: dates,
            y: underwaterCurve(returns),
          },
        ],
        layout: { title: { text: "Underwater" }, yaxis: { tickformat: ".0%" }, height: 300 },
      },
    },
  );

  // Monthly heatmap and yearly bars
  const mt = monthlyReturnsTable(time, returns);
  const z: (number | null)[][] = mt.years.map((_, y) =>
    Array.from({ length: 12 }, (_m, m) => {
      const v = mt.months[y * 12 + m] as number;
      return Number.isFinite(v) ? v : null;
    }),
  );
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  blocks.push(
    { kind: "markdown", text: "### Monthly and yearly returns" },
    {
      kind: "figure",
      figure: {
        data: [
          {
            type: "heatmap",
            x: months,
            y: mt.years.map(String),
            z,
            colorscale: "RdYlGn",
            zmid: 0,
            text: z.map((r) => r.map((v) => (v === null ? "" : pct(v, 1)))),
            texttemplate: "%{text}",
            hovertemplate: "%{y} %{x}: %{text}<extra></extra>",
          },
        ],
        layout: { title: { text: "Monthly returns" }, height: Math.max(260, 22 * mt.years.length + 120) },
      },
    },
  );
  const yt = yearlyReturnsTable(time, returns);
  const yearly: Figure["data"] = [{ type: "bar", name: "strategy", x: yt.years.map(String), y: yt.returns }];
  if (bench)
    yearly.push({
      type: "bar",
      name: bench.name,
      x: yt.years.map(String),
      y: yearlyReturnsTable(time, bench.returns).returns,
    });
  blocks.push({
    kind: "figure",
    figure: {
      data: yearly,
      layout: { title: { text: "Yearly returns" }, yaxis: { tickformat: ".0%" }, height: 320 },
    },
  });

  // Rolling statistics (the metrics' own rolling forms: same conventions, NaN periods skipped)
  if (returns.length > win) {
    const rs = rollSharpeRatio(returns, win, { periodsPerYear: ppy });
    const rv = rollAnnualVolatility(returns, win, { periodsPerYear: ppy });
    const rolling: Figure["data"] = [
      { type: "scatter", mode: "lines", name: `Sharpe (${win})`, x: dates, y: rs },
      { type: "scatter", mode: "lines", name: `volatility (${win})`, x: dates, y: rv, yaxis: "y2" },
    ];
    if (bench) {
      rolling.push({
        type: "scatter",
        mode: "lines",
        name: `beta (${win})`,
        x: dates,
        y: rollBeta(returns, bench.returns, win),
        yaxis: "y3",
      });
    }
    blocks.push(
      { kind: "markdown", text: "### Rolling statistics" },
      {
        kind: "figure",
        figure: {
          data: rolling,
          layout: {
            title: { text: `Rolling ${win}-period Sharpe, volatility${bench ? " and beta" : ""}` },
            height: 520,
            yaxis: { title: { text: "Sharpe" }, domain: bench ? [0.68, 1] : [0.52, 1] },
            yaxis2: { title: { text: "vol" }, tickformat: ".0%", domain: bench ? [0.36, 0.64] : [0, 0.46] },
            ...(bench ? { yaxis3: { title: { text: "beta" }, domain: [0, 0.3] } } : {}),
          },
        },
      },
    );
  }

  // Distribution and quantiles
  const finite = Array.from(returns).filter((r) => Number.isFinite(r));
  const monthlyFinite = Array.from(mt.months).filter((r) => Number.isFinite(r));
  blocks.push(
    { kind: "markdown", text: "### Return distribution" },
    {
      kind: "figure",
      figure: {
        data: [{ type: "histogram", x: finite, nbinsx: 80, name: "period returns" }],
        layout: {
          title: { text: "Distribution of period returns" },
          xaxis: { tickformat: ".1%" },
          height: 320,
        },
      },
    },
    {
      kind: "figure",
      figure: {
        data: [
          { type: "box", y: finite, name: "period", boxpoints: false },
          { type: "box", y: monthlyFinite, name: "monthly", boxpoints: false },
          {
            type: "box",
            y: Array.from(yt.returns).filter((r) => Number.isFinite(r)),
            name: "yearly",
            boxpoints: false,
          },
        ],
        layout: { title: { text: "Return quantiles" }, yaxis: { tickformat: ".0%" }, height: 320 },
      },
    },
  );

  if (input.trades) {
    const t = input.trades;
    const n = Math.min(50, t.columns[0]?.values.length ?? 0);
    const rowsT: string[][] = [];
    for (let i = 0; i < n; i++) {
      rowsT.push(
        t.columns.map((c) => {
          const v = c.values[i];
          if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
          if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(4);
          return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
        }),
      );
    }
    blocks.push(
      { kind: "markdown", text: "### Trades" },
      {
        kind: "html",
        html: htmlTable(
          t.columns.map((c) => c.name),
          rowsT,
          `First ${n} of ${t.columns[0]?.values.length ?? 0} trades`,
        ),
      },
    );
  }

  const v = input.validation;
  if (v) {
    const facts: string[][] = [];
    if (v.pbo !== undefined) facts.push(["Probability of backtest overfitting (CSCV)", num(v.pbo, 3)]);
    if (v.deflatedSharpe !== undefined) facts.push(["Deflated Sharpe ratio", num(v.deflatedSharpe, 3)]);
    if (v.probabilisticSharpe !== undefined)
      facts.push(["Probabilistic Sharpe ratio", num(v.probabilisticSharpe, 3)]);
    blocks.push({
      kind: "markdown",
      text: `### Validation verdict\n\n${v.survived === undefined ? "" : v.survived ? "**Survives.** " : "**Does not survive.** "}${v.verdict}`,
    });
    if (facts.length) blocks.push({ kind: "html", html: htmlTable(["Test", "Value"], facts) });
    if (v.oosTime && v.oosReturns) {
      blocks.push({
        kind: "figure",
        figure: {
          data: [
            {
              type: "scatter",
              mode: "lines",
              name: "walk-forward OOS",
              x: isoDates(v.oosTime),
              y: compounded(v.oosReturns),
            },
          ],
          layout: { title: { text: "Walk-forward out-of-sample equity (growth of 1)" }, height: 340 },
        },
      });
    }
  }
  return blocks;
}

function blockOutput(b: TearsheetBlock): Output {
  if (b.kind === "markdown")
    return {
      output_type: "display_data",
      data: { "text/markdown": b.text, "text/plain": b.text },
      metadata: {},
    };
  if (b.kind === "html")
    return {
      output_type: "display_data",
      data: { "text/html": b.html, "text/plain": "<table>" },
      metadata: {},
    };
  return {
    output_type: "display_data",
    data: { [PLOTLY_MIME]: figureJson(b.figure), "text/plain": "<plotly figure>" },
    metadata: {},
  };
}

/** Shows a tearsheet as the outputs of the current notebook cell (Jupyter with tslab, or `quantbook run`). */
export function showTearsheet(input: TearsheetInput): void {
  const display = notebookDisplay();
  if (!display) return;
  for (const b of tearsheetBlocks(input)) {
    const data =
      b.kind === "figure"
        ? figureBundle(b.figure)
        : (blockOutput(b) as Extract<Output, { output_type: "display_data" }>).data;
    display({ data: data, metadata: {}, transient: {} }, false);
  }
}

/** Renders a tearsheet as one standalone, offline HTML page (plotly inlined). */
export function tearsheetHtml(input: TearsheetInput, facts: Record<string, string> = {}): string {
  const nb: Notebook = {
    cells: [
      {
        cell_type: "code",
        source: "",
        metadata: {},
        outputs: tearsheetBlocks(input).map(blockOutput),
        execution_count: null,
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  return renderNotebook(nb, { title: input.title ?? "Tearsheet", hideCode: true, facts });
}
