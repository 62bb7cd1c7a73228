import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, ValidationError, adjustBars, makeBars, readCorporateActions } from "../../src/lib/data/index.js";

const day = (d: number): number => Date.UTC(2024, 0, d);
const bars = makeBars("X", {
  time: [2, 3, 4, 5, 8].map(day),
  open: [40, 41, 21, 20.5, 20],
  high: [42, 42, 21.5, 21, 20.6],
  low: [39, 40, 20.5, 20, 19.8],
  close: [41, 42, 21, 20.4, 20.2],
  volume: [100, 110, 230, 240, 250],
});

describe("adjustBars (backward adjustment)", () => {
  it("a 2-for-1 split halves earlier prices and doubles earlier volume", () => {
    const a = adjustBars(bars, [{ exDate: day(4), kind: "split", value: 2 }]);
    expect(Array.from(a.close)).toEqual([20.5, 21, 21, 20.4, 20.2]);
    expect(Array.from(a.high)).toEqual([21, 21, 21.5, 21, 20.6]);
    expect(Array.from(a.volume)).toEqual([200, 220, 230, 240, 250]);
    expect(bars.close[0]).toBe(41); // input untouched
  });

  it("a dividend scales earlier prices by 1 − D / (close before the ex-date); factors compound with splits", () => {
    // Dividend 0.204 ex 2024-01-08: reference close 20.4 (Jan 5) → factor 0.99. Split 2 ex Jan 4.
    const a = adjustBars(bars, [
      { exDate: day(4), kind: "split", value: 2 },
      { exDate: day(8), kind: "dividend", value: 0.204 },
    ]);
    const want = [41 * 0.5 * 0.99, 42 * 0.5 * 0.99, 21 * 0.99, 20.4 * 0.99, 20.2];
    a.close.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    expect(Array.from(a.volume)).toEqual([200, 220, 230, 240, 250]);
    const noDiv = adjustBars(bars, [{ exDate: day(8), kind: "dividend", value: 0.204 }], { dividends: false });
    expect(Array.from(noDiv.close)).toEqual(Array.from(bars.close));
  });

  it("an ex-date on a non-trading day applies to the bars before it; actions outside the data change nothing", () => {
    const a = adjustBars(bars, [{ exDate: day(6), kind: "split", value: 4 }]); // Saturday
    expect(Array.from(a.close)).toEqual([10.25, 10.5, 5.25, 5.1, 20.2]);
    expect(Array.from(adjustBars(bars, [{ exDate: day(1), kind: "split", value: 2 }]).close)).toEqual(Array.from(bars.close));
    expect(Array.from(adjustBars(bars, [{ exDate: day(20), kind: "split", value: 2 }]).close)).toEqual(Array.from(bars.close));
  });

  it("bad actions are ValidationErrors naming symbol and bar", () => {
    expect(() => adjustBars(bars, [{ exDate: day(4), kind: "split", value: 0 }])).toThrow(ValidationError);
    expect(() => adjustBars(bars, [{ exDate: day(4), kind: "dividend", value: 50 }])).toThrow('symbol X, bar 1, field "close"');
  });
});

describe("readCorporateActions", () => {
  it("reads one symbol's actions and rejects unknown kinds naming the row", () => {
    const dir = mkdtempSync(join(tmpdir(), "qb-ca-"));
    writeFileSync(join(dir, "ca.csv"), "Date,Symbol,Kind,Value\n2020-08-31,AAPL,split,4\n2020-08-07,AAPL,Dividend,0.82\n2020-08-07,MSFT,dividend,0.51\n");
    expect(readCorporateActions(join(dir, "ca.csv"), "AAPL")).toEqual([
      { exDate: Date.UTC(2020, 7, 31), kind: "split", value: 4 },
      { exDate: Date.UTC(2020, 7, 7), kind: "dividend", value: 0.82 },
    ]);
    writeFileSync(join(dir, "bad.csv"), "Date,Symbol,Kind,Value\n2020-08-31,AAPL,spinoff,1\n");
    const e = (() => {
      try {
        readCorporateActions(join(dir, "bad.csv"), "AAPL");
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e!.message).toContain('bad.csv, row 2, field "Kind": kind "spinoff" is not split or dividend');
  });
});
