import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";
import { makeBars } from "../../src/lib/data/index.js";
import { commissionPerContract, FILL_REASON, runBacktest } from "../../src/lib/backtest/index.js";

/**
 * Cross-check of the roll accounting against Rob Carver's back-adjusted (Panama) price of the same
 * futures (carver-futures-carry, GPL, read from ../shared only). Holding one contract of the raw
 * contract-held prices, rolled by the engine, must earn exactly the change of the back-adjusted price.
 */
describe.runIf(HAS_SHARED)("futures rolls on real data (Carver's GAS_US and CRUDE_W)", () => {
  for (const [inst, mult] of [
    ["GAS_US", 10_000],
    ["CRUDE_W", 1_000],
  ] as const) {
    it(`${inst}: equity follows the back-adjusted price; only roll costs are lost`, () => {
      const dir = `${SHARED_DATA}carver-futures-carry/`;
      const carry = readFileSync(`${dir}${inst}_carrydata.csv`, "utf8").trim().split("\n").slice(1);
      const adjBy = new Map(
        readFileSync(`${dir}${inst}_price.csv`, "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((l) => l.split(","))
          .map(([t, v]) => [t!, Number(v)]),
      );
      // keep the days with a price of the contract held (blank TRADED values are missing days)
      const rows = carry
        .map((l) => l.split(","))
        .filter((r) => r[2] !== "")
        .map((r) => ({
          time: Date.parse(`${r[0]}T00:00:00Z`),
          traded: Number(r[2]),
          month: r[4]!,
          adj: adjBy.get(r[0]!)!,
        }));
      const n = rows.length;
      const px = rows.map((r) => r.traded);
      const flags = new Uint8Array(n);
      const gap = new Float64Array(n);
      for (let t = 1; t < n; t++) {
        if (rows[t]!.month !== rows[t - 1]!.month) {
          flags[t] = 1;
          // the old contract moved as the adjusted series did; the rest of the raw jump is the roll gap
          gap[t] = px[t]! - px[t - 1]! - (rows[t]!.adj - rows[t - 1]!.adj);
        }
      }
      const rolls = flags.reduce((s, f) => s + f, 0);
      expect(rolls).toBeGreaterThan(20);
      const bars = makeBars(inst, { time: rows.map((r) => r.time), open: px, high: px, low: px, close: px });
      const target = new Float64Array(n).fill(1);
      const base = {
        initialCash: 1e6,
        multiplier: [mult],
        rolls: { flags: [flags], gap: [gap] },
        allowNegativeCash: true,
      };
      const free = runBacktest([bars], [target], base);
      for (let t = 1; t < n; t++) {
        const expected = 1e6 + mult * (rows[t]!.adj - rows[1]!.adj);
        expect(Math.abs(free.equity[t]! - expected)).toBeLessThanOrEqual(
          1e-9 * 1e6 + 1e-6 * Math.abs(mult * rows[t]!.adj),
        );
      }
      // with $2.50 a contract: one entry, then two legs per roll after the entry bar
      const paid = runBacktest([bars], [target], { ...base, costs: [commissionPerContract(2.5)] });
      let rollsAfterEntry = 0;
      for (let t = 2; t < n; t++) rollsAfterEntry += flags[t]!;
      expect(paid.fills.reason.filter((r) => r === FILL_REASON.rollClose).length).toBe(rollsAfterEntry);
      expect(paid.equity[n - 1]! - free.equity[n - 1]!).toBeCloseTo(-2.5 * (1 + 2 * rollsAfterEntry), 6);
    });
  }
});
