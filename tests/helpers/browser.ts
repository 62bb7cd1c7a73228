import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./env.js";
import { CHROMIUM_HEADLESS_ARGS } from "../../src/report/pdf.js";

/** What {@link checkReportInBrowser} found. */
export interface ReportCheck {
  /** Plotly figure containers on the page. */
  figures: number;
  /** Figures whose plot has at least one drawn trace (path, bar, heatmap image or box). */
  rendered: number;
  /** Uncaught page errors. */
  errors: string[];
}

/**
 * Opens an HTML report in headless Chromium, waits for its charts, counts the figures whose plot drew
 * something, and saves a full-page screenshot.
 */
export async function checkReportInBrowser(
  htmlPath: string,
  screenshot: string,
  figureSelector = ".plotly-figure",
): Promise<ReportCheck> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_HEADLESS_ARGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("file://" + htmlPath);
    const figures = await page.locator(figureSelector).count();
    if (figures > 0) await page.waitForSelector(`${figureSelector} .main-svg`, { timeout: 30_000 });
    const rendered = await page.evaluate((selector) => {
      let n = 0;
      for (const fig of Array.from(document.querySelectorAll(selector))) {
        const drawn = fig.querySelectorAll(
          ".scatterlayer .trace path, .barlayer .point path, .heatmaplayer image, .boxlayer .trace path, .hm image",
        );
        const nonEmpty = Array.from(drawn).some(
          (el) => (el.getAttribute("d") ?? el.getAttribute("href") ?? "x").length > 0,
        );
        if (nonEmpty) n++;
      }
      return n;
    }, figureSelector);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return { figures, rendered, errors };
  } finally {
    await browser.close();
  }
}

/** What {@link checkMathInBrowser} found. */
export interface MathCheck {
  /** Typeset formulas (`.katex` elements outside the table of contents). */
  formulas: number;
  /** Formulas whose box has zero width or height. */
  empty: number;
  /** Formulas KaTeX could not parse (`.katex-error`). */
  errors: number;
  /** The page's visible prose (code, MathML and the contents list left out). */
  prose: string;
  /** KaTeX font families the browser loaded. */
  fonts: string[];
  /** Requests the page made besides loading itself (a standalone page makes none). */
  requests: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
}

/**
 * Opens a rendered page in headless Chromium, waits for its fonts, and measures its typeset math: how many
 * `.katex` formulas there are and whether each has a non-empty box, which KaTeX fonts loaded, the visible
 * prose (to look for raw `$…$`), and any request beyond the page itself. Saves a full-page screenshot.
 */
export async function checkMathInBrowser(htmlPath: string, screenshot: string): Promise<MathCheck> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_HEADLESS_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    const requests: string[] = [];
    const self = "file://" + htmlPath;
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("request", (r) => {
      if (r.url() !== self && !r.url().startsWith("data:")) requests.push(r.url());
    });
    await page.goto(self);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const found = await page.evaluate(() => {
      const formulas = Array.from(document.querySelectorAll("main .katex"));
      const empty = formulas.filter((el) => {
        const box = el.getBoundingClientRect();
        return !(box.width > 0 && box.height > 0);
      }).length;
      const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
      for (const el of Array.from(main.querySelectorAll("pre, code, .katex-mathml, script, style")))
        el.remove();
      const fonts = new Set<string>();
      document.fonts.forEach((f) => {
        if (f.status === "loaded" && f.family.includes("KaTeX")) fonts.add(f.family.replace(/"/g, ""));
      });
      return {
        formulas: formulas.length,
        empty,
        errors: document.querySelectorAll(".katex-error").length,
        prose: main.innerText || main.textContent || "",
        fonts: Array.from(fonts).sort(),
      };
    });
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return { ...found, requests, pageErrors };
  } finally {
    await browser.close();
  }
}
