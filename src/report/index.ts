export * from "./figure.js";
