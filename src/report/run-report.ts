import { join } from "node:path";
import { loadBacktestRun, performanceSummary } from "../lib/backtest/index.js";
import { DataError } from "../lib/data/types.js";
import { writeFileAtomic } from "../../nbexport/fsutil.js";
import { htmlToPdf } from "./pdf.js";
import { writeTableCsv, writeTablesXlsx, type Table } from "./tables.js";
import { tearsheetHtml } from "./tearsheet.js";

/** The tables a saved run is exported as. */
export interface RunTables {
  metrics: Table;
  returns: Table;
  trades: Table;
}

/** Options of {@link reportRun}. */
export interface RunReportOptions {
  /** HTML path (default `<dir>/report.html`). */
  html?: string;
  /** Also write `metrics.csv`, `returns.csv`, `trades.csv` into this folder. */
  csvDir?: string;
  /** Also write an Excel workbook (sheets metrics, returns, trades). */
  xlsx?: string;
  /** Also print the report to this PDF (headless Chromium). */
  pdf?: string;
  /** Chromium binary for the PDF. */
  browser?: string;
  /** Periods per year of the equity curve (default 252). */
  periodsPerYear?: number;
}

/** What {@link reportRun} wrote. */
export interface RunReportResult {
  runId: string;
  written: string[];
  /** The browser used for the PDF, if one was printed. */
  browser?: string;
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Turns a run saved by the backtest results store into tables: per-period returns from the equity curve
 * (`r_t = E_t / E_{t−1} − 1`, the first period empty), the metric summary, and the fills as trades.
 */
export function runTables(
  dir: string,
  periodsPerYear = 252,
): { tables: RunTables; record: Record<string, unknown>; time: Float64Array; returns: Float64Array } {
  const run = loadBacktestRun(dir);
  const eq = run.equity.columns["equity"];
  if (!eq) throw new DataError('equity table has no "equity" column', { file: join(dir, "equity.parquet") });
  const n = eq.length;
  const returns = new Float64Array(n);
  returns[0] = NaN;
  for (let i = 1; i < n; i++) returns[i] = (eq[i] as number) / (eq[i - 1] as number) - 1;
  const s = performanceSummary(returns, { periodsPerYear });
  const metricNames = Object.keys(s) as (keyof typeof s)[];
  const f = run.fills;
  const col = (name: string): Float64Array => f.columns[name] ?? new Float64Array(f.time.length).fill(NaN);
  return {
    record: run.record,
    time: run.equity.time,
    returns,
    tables: {
      metrics: {
        name: "metrics",
        columns: [
          { name: "metric", values: metricNames },
          { name: "value", values: metricNames.map((k) => s[k]) },
        ],
      },
      returns: {
        name: "returns",
        columns: [
          { name: "date", values: Array.from(run.equity.time, day) },
          { name: "equity", values: eq },
          { name: "return", values: returns, format: "0.00%" },
        ],
      },
      trades: {
        name: "trades",
        columns: [
          { name: "date", values: Array.from(f.time, day) },
          { name: "symbol", values: f.strings["symbol"] ?? [] },
          { name: "qty", values: col("qty") },
          { name: "price", values: col("price") },
          { name: "fee", values: col("fee") },
          { name: "slippage", values: col("slippage") },
          { name: "reason", values: f.strings["reason_name"] ?? [] },
        ],
      },
    },
  };
}

/**
 * Publishes a saved backtest run: a standalone tearsheet page stating the run id, parameters, data snapshot
 * ids, library version and git commit, and optionally CSV, Excel and PDF exports.
 */
export async function reportRun(dir: string, options: RunReportOptions = {}): Promise<RunReportResult> {
  const { tables, record, time, returns } = runTables(dir, options.periodsPerYear ?? 252);
  const runId = String(record["runId"] ?? dir);
  const facts: Record<string, string> = {
    "run id": runId,
    parameters: JSON.stringify(record["params"] ?? {}),
    "data snapshot ids": ((record["dataIds"] as string[] | undefined) ?? []).join(", ") || "–",
    "library version": String(record["libraryVersion"] ?? "–"),
    "git commit": String(record["gitCommit"] ?? "–"),
    execution: `${String(record["execution"] ?? "–")}${record["lookAheadProne"] ? " (look-ahead-prone)" : ""}`,
  };
  const written: string[] = [];
  const html = options.html ?? join(dir, "report.html");
  const input = {
    title: `Backtest ${runId}`,
    time,
    returns,
    trades: tables.trades,
    ...(options.periodsPerYear ? { periodsPerYear: options.periodsPerYear } : {}),
  };
  writeFileAtomic(html, tearsheetHtml(input, facts));
  written.push(html);
  if (options.csvDir) {
    for (const t of [tables.metrics, tables.returns, tables.trades]) {
      const p = join(options.csvDir, `${t.name}.csv`);
      writeTableCsv(p, t);
      written.push(p);
    }
  }
  if (options.xlsx) {
    await writeTablesXlsx(options.xlsx, [tables.metrics, tables.returns, tables.trades]);
    written.push(options.xlsx);
  }
  const result: RunReportResult = { runId, written };
  if (options.pdf) {
    result.browser = htmlToPdf(html, options.pdf, options.browser ? { browser: options.browser } : {});
    written.push(options.pdf);
  }
  return result;
}
