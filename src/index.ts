/**
 * quantbook: notebook-first quantitative research. The package root re-exports every library
 * module (math, data, features, alpha, risk, backtest, validation), the plotting helpers and the
 * sample-data locator. Modules are also importable by subpath, e.g. `quantbook/data`.
 * @module
 */
export * from "./lib/math/index.js";
export * from "./lib/data/index.js";
export * from "./lib/features/index.js";
export * from "./lib/alpha/index.js";
export * from "./lib/risk/index.js";
export * from "./lib/backtest/index.js";
export * from "./lib/validation/index.js";
export * from "./report/index.js";
export * from "./sample.js";
