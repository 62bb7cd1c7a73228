import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, DataError } from "../lib/data/types.js";

/** Where a Chromium binary is looked for when none is given (first found wins). */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/**
 * Finds a headless-capable Chromium: the `browser` argument, else `$QUANTBOOK_CHROMIUM` (either must exist),
 * else the first of {@link CHROMIUM_CANDIDATES} that exists. Throws a {@link ConfigError} naming what it tried.
 */
export function findChromium(browser?: string): string {
  const named: [string | undefined, string][] = [
    [browser, "the --browser option"],
    [process.env["QUANTBOOK_CHROMIUM"], "QUANTBOOK_CHROMIUM"],
  ];
  for (const [path, from] of named) {
    if (!path) continue;
    if (!existsSync(path)) throw new ConfigError(`browser "${path}" (${from}) does not exist`);
    return path;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new ConfigError(
    `no Chromium browser found (looked for ${CHROMIUM_CANDIDATES.join(", ")}); install Debian's "chromium" ` +
      "package or set QUANTBOOK_CHROMIUM to the browser's path",
  );
}

/**
 * Flags for a headless Chromium on a machine with no network: no sandbox (containers run as root), no GPU, and
 * none of the background connections (updates, sync, QUIC) that a closed network refuses.
 */
export const CHROMIUM_HEADLESS_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Options of {@link htmlToPdf}. */
export interface PdfOptions {
  /** Browser binary; see {@link findChromium}. */
  browser?: string;
  /** Milliseconds of (virtual) time the page gets to run its scripts (charts) before printing. */
  settleMs?: number;
}

/**
 * Prints an HTML file to PDF with headless Chromium's print-to-PDF (charts are drawn first). The PDF is
 * written to a temporary file and renamed into place. Returns the browser path it used.
 */
export function htmlToPdf(htmlPath: string, pdfPath: string, options: PdfOptions = {}): string {
  const browser = findChromium(options.browser);
  const input = resolve(htmlPath);
  if (!existsSync(input)) throw new DataError("HTML file not found", { file: htmlPath });
  const out = resolve(pdfPath);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp.pdf`;
  const profile = mkdtempSync(join(tmpdir(), "quantbook-chromium-"));
  try {
    const r = spawnSync(
      browser,
      [
        "--headless",
        ...CHROMIUM_HEADLESS_ARGS,
        `--user-data-dir=${profile}`,
        "--no-pdf-header-footer",
        "--run-all-compositor-stages-before-draw",
        `--virtual-time-budget=${options.settleMs ?? 10_000}`,
        `--print-to-pdf=${tmp}`,
        pathToFileURL(input).href,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    if (!existsSync(tmp) || statSync(tmp).size === 0) {
      throw new DataError(
        `${browser} did not produce a PDF (exit ${r.status}): ${(r.stderr || "").split("\n").slice(-5).join(" ")}`,
        { file: htmlPath },
      );
    }
    renameSync(tmp, out);
    return browser;
  } finally {
    rmSync(tmp, { force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
