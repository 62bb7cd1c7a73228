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
