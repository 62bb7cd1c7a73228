import { describe, expect, it } from "vitest";
import { PLOTLY_MIME, figureBundle, figureJson } from "../../src/report/index.js";

describe("figure display bundle", () => {
  it("converts typed arrays, NaN and dates to plain JSON", () => {
    const fig = figureJson({
      data: [{ type: "scatter", x: [new Date(Date.UTC(2024, 0, 2))], y: Float64Array.from([1.5, NaN]) }],
    });
    expect(fig.data[0]).toEqual({ type: "scatter", x: ["2024-01-02T00:00:00.000Z"], y: [1.5, null] });
  });

  it("carries the plotly MIME type, text, and an HTML fallback with plotly.js only in the first bundle", () => {
    const first = figureBundle({
      data: [{ type: "bar", y: [1, 2] }],
      layout: { title: { text: "A <b>" }, height: 300 },
    });
    const second = figureBundle({ data: [{ type: "bar", y: [3] }] });
    expect(first[PLOTLY_MIME]).toEqual({
      data: [{ type: "bar", y: [1, 2] }],
      layout: { title: { text: "A <b>" }, height: 300 },
    });
    expect(first["text/plain"]).toBe('<plotly figure "A <b>": 1 trace(s)>');
    const h1 = first["text/html"] as string;
    const h2 = second["text/html"] as string;
    // plotly.js (≈3.5 MB) travels once, wrapped so an AMD loader does not capture it
    expect(h1.length).toBeGreaterThan(1_000_000);
    expect(
      h1.startsWith("<script>window.__quantbookDefine = window.define; window.define = undefined;</script>"),
    ).toBe(true);
    expect(h2.length).toBeLessThan(2_000);
    for (const h of [h1, h2]) {
      expect(h).toMatch(/<div id="quantbook-plot-\d+-\d+" class="quantbook-plot"/);
      expect(h).toContain("window.Plotly.newPlot(");
    }
    expect(h1).toContain('style="width:100%;height:300px"');
    // "<" inside the figure's JSON is escaped so it cannot close the script element
    const script = h1.slice(h1.lastIndexOf("<script>"));
    expect(script).toContain("A \\u003cb>");
    expect(script).not.toContain("A <b>");
  });
});
