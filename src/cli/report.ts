import type { Command } from "commander";
import { reportRun } from "../report/run-report.js";

/** `quantbook report <results-dir>`: a saved backtest run → tearsheet HTML (+ CSV, Excel, PDF). */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("publish a saved backtest run (data/results/<run-id>/) as an HTML tearsheet")
    .argument("<results-dir>", "the run's folder")
    .option("-o, --html <file>", "HTML path (default: <results-dir>/report.html)")
    .option("--csv <dir>", "also write metrics.csv, returns.csv and trades.csv here")
    .option("--xlsx <file>", "also write an Excel workbook")
    .option("--pdf <file>", "also print the report to PDF with headless Chromium")
    .option("--browser <path>", "Chromium binary for --pdf")
    .option("--periods-per-year <n>", "periods per year of the equity curve", (v) => Number(v))
    .action(
      async (
        dir: string,
        o: {
          html?: string;
          csv?: string;
          xlsx?: string;
          pdf?: string;
          browser?: string;
          periodsPerYear?: number;
        },
      ) => {
        const r = await reportRun(dir, {
          ...(o.html ? { html: o.html } : {}),
          ...(o.csv ? { csvDir: o.csv } : {}),
          ...(o.xlsx ? { xlsx: o.xlsx } : {}),
          ...(o.pdf ? { pdf: o.pdf } : {}),
          ...(o.browser ? { browser: o.browser } : {}),
          ...(o.periodsPerYear ? { periodsPerYear: o.periodsPerYear } : {}),
        });
        if (r.browser) process.stderr.write(`printed with ${r.browser}\n`);
        for (const w of r.written) process.stderr.write(`wrote ${w}\n`);
      },
    );
}
