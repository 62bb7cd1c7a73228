#!/usr/bin/env node
/**
 * Keeps package-lock.json installable with `npm ci` on every platform. The registry this project installs
 * from lacks some platform-specific optional packages (e.g. DuckDB's darwin/win32 bindings), so `npm install`
 * leaves them out of the lock and `npm ci` then refuses the lock as out of sync. This adds an entry for each
 * missing optional dependency, guarded by the os/cpu/libc its name encodes, so npm skips it on other platforms.
 * `--check` only reports (exit 1 when entries are missing). Idempotent.
 */
import { readFileSync, writeFileSync } from "node:fs";

const check = process.argv.includes("--check");
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const PLATFORM = /-(darwin|linux|win32|freebsd|android)-(x64|arm64|arm|ia32)(-(musl|gnu|msvc))?$/;
const missing = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const parent = path === "" ? "" : path + "/";
    if (lock.packages[`${parent}node_modules/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const m = PLATFORM.exec(name);
    if (!m) continue;
    const e = { version: range.replace(/^[\^~=]/, ""), cpu: [m[2]] };
    if (m[1] === "linux") e.libc = [m[4] === "musl" ? "musl" : "glibc"];
    Object.assign(e, { license: "MIT", optional: true, os: [m[1]] });
    lock.packages[`node_modules/${name}`] = e;
    missing.push(name);
  }
}
if (check) {
  if (missing.length) {
    console.error(`package-lock.json lacks optional platform packages: ${missing.join(", ")}; run node scripts/fix-lock.mjs`);
    process.exit(1);
  }
  process.exit(0);
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1))) {
  sorted[k] = lock.packages[k];
}
lock.packages = sorted;
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(missing.length ? `added ${missing.length} optional platform entries: ${missing.join(", ")}` : "lock is complete");
