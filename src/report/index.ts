export * from "./figure.js";
export * from "./facts.js";
export * from "./tables.js";
export * from "./pdf.js";
