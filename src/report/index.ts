/**
 * Charts, report facts and exports (CSV, Excel, PDF) for notebooks and reports.
 * @module report
 */
export * from "./figure.js";
export * from "./facts.js";
export * from "./tables.js";
export * from "./pdf.js";
export * from "./tearsheet.js";
export * from "./run-report.js";
