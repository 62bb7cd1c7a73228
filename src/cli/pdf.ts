import type { Command } from "commander";
import { htmlToPdf } from "../report/pdf.js";

/** `quantbook pdf <report.html>`: prints a report to PDF with headless Chromium. */
export function registerPdf(program: Command): void {
  program
    .command("pdf")
    .description("print an HTML report to PDF with headless Chromium")
    .argument("<html>", "the HTML report")
    .option("-o, --output <file>", "PDF path (default: next to the HTML file)")
    .option("--browser <path>", "Chromium binary (default: $QUANTBOOK_CHROMIUM or /usr/bin/chromium)")
    .action((html: string, o: { output?: string; browser?: string }) => {
      const out = o.output ?? html.replace(/\.html?$/i, "") + ".pdf";
      const browser = htmlToPdf(html, out, o.browser ? { browser: o.browser } : {});
      process.stderr.write(`printed with ${browser}\nwrote ${out}\n`);
    });
}
