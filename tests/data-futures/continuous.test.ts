import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildContinuous,
  parseHeldCarryCsv,
  rollCostCash,
  type HeldContractPrices,
} from "../../src/lib/data/futures/index.js";
import { parsePriceCsv } from "../../src/lib/data/io.js";
import { ValidationError } from "../../src/lib/data/types.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const f64 = (xs: number[]) => Float64Array.from(xs);

/**
 * A hand-built chain: H24 priced 100, 101, 102, 103; M24 from bar 4 at 106, 105, then a missing
 * bar, then 107; U24 from bar 8 at 104, 103.
 * - roll 1 (H→M) at bar 4: the file shows M at 104.5 on bar 3 (other) → gap = 104.5 − 103 = 1.5;
 * - roll 2 (M→U) at bar 8: the file shows M at 107.5 on bar 8 (other = the old contract on the
 *   new contract's first day) → gap = 104 − 107.5 = −3.5.
 */
const chain: HeldContractPrices = {
  time: f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  contract: f64([202403, 202403, 202403, 202403, 202406, 202406, 202406, 202406, 202409, 202409]),
  price: f64([100, 101, 102, 103, 106, 105, NaN, 107, 104, 103]),
  other: f64([NaN, NaN, NaN, 104.5, NaN, NaN, NaN, NaN, 107.5, NaN]),
  otherContract: f64([NaN, NaN, NaN, 202406, NaN, NaN, NaN, NaN, 202406, NaN]),
  symbol: "NG",
};

describe("continuous contracts on a hand-built chain", () => {
  it("difference (Panama): later gaps added to earlier segments", () => {
    const c = buildContinuous(chain, "difference");
    // U segment: unchanged. M segment: + (−3.5). H segment: + (1.5 − 3.5) = −2.
    const want = [98, 99, 100, 101, 102.5, 101.5, NaN, 103.5, 104, 103];
    want.forEach((w, i) =>
      Number.isNaN(w) ? expect(c.price[i]).toBeNaN() : expect(c.price[i]).toBeCloseTo(w, 12),
    );
    expect(Array.from(c.rollFlags)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(c.rollGap[4]).toBeCloseTo(1.5, 12);
    expect(c.rollGap[8]).toBeCloseTo(-3.5, 12);
    expect(c.rolls.map((r) => [r.from, r.to, r.measuredAt])).toEqual([
      [202403, 202406, 3],
      [202406, 202409, 8],
    ]);
  });

  it("no artificial jump: the roll-day change is a real contract's move", () => {
    const c = buildContinuous(chain, "difference");
    // Roll 1 measured on bar 3: the bar-4 change is M's own move, 106 − 104.5 = 1.5 (not the 3.0 jump).
    expect(c.price[4]! - c.price[3]!).toBeCloseTo(106 - 104.5, 12);
    // Roll 2 measured on bar 8 with M at 107.5: the bar-8 change is M's move 107.5 − 107 = 0.5.
    expect(c.price[8]! - c.price[7]!).toBeCloseTo(107.5 - 107, 12);
    // The raw held price jumps by −3 there.
    expect(c.raw[8]! - c.raw[7]!).toBe(-3);
  });

  it("ratio keeps returns; forward keeps the past; none is the raw price", () => {
    const r = buildContinuous(chain, "ratio");
    const q1 = 104.5 / 103;
    const q2 = 104 / 107.5;
    expect(r.price[0]).toBeCloseTo(100 * q1 * q2, 10);
    expect(r.price[5]).toBeCloseTo(105 * q2, 10);
    expect(r.price[9]).toBe(103);
    const f = buildContinuous(chain, "forward");
    expect(Array.from(f.price.subarray(0, 4))).toEqual([100, 101, 102, 103]);
    expect(f.price[4]).toBeCloseTo(106 - 1.5, 12);
    expect(f.price[9]).toBeCloseTo(103 - 1.5 + 3.5, 12);
    expect(Array.from(buildContinuous(chain, "none").price.subarray(7, 9))).toEqual([107, 104]);
  });

  it("forward adjustment has no look-ahead: changing the future leaves the past alone", () => {
    const a = buildContinuous(chain, "forward");
    const changed: HeldContractPrices = { ...chain, price: chain.price.slice(), other: chain.other!.slice() };
    changed.price[9] = 90;
    changed.other![8] = 120; // a different future roll gap
    const b = buildContinuous(changed, "forward");
    expect(Array.from(b.price.subarray(0, 8))).toEqual(Array.from(a.price.subarray(0, 8)));
  });

  it("without a same-date pair the roll day is flat and marked", () => {
    const plain: HeldContractPrices = {
      time: f64([1, 2, 3, 4]),
      contract: f64([202401, 202401, 202402, 202402]),
      price: f64([5, 6, 9, 8]),
    };
    const c = buildContinuous(plain, "difference");
    expect(c.rolls[0]!.sameDate).toBe(false);
    expect(c.rolls[0]!.gap).toBe(3);
    expect(Array.from(c.price)).toEqual([8, 9, 9, 8]);
  });

  it("skips rows with no contract and no price; records unpriced contracts", () => {
    const gappy: HeldContractPrices = {
      time: f64([1, 2, 3, 4, 5, 6]),
      contract: f64([202401, NaN, 202402, 202403, 202403, 202403]),
      price: f64([5, NaN, NaN, NaN, 7, 8]),
    };
    const c = buildContinuous(gappy, "difference");
    expect(c.rolls.map((r) => [r.bar, r.to, r.pricedBar])).toEqual([
      [2, 202402, -1],
      [3, 202403, 4],
    ]);
    expect(c.rolls[0]!.gap).toBeNaN();
    expect(c.rolls[1]!.gap).toBe(2); // 7 (first Mar price) − 5 (last Jan price)
    expect(c.price[0]).toBe(7);
  });

  it("refuses non-positive prices for ratio, prices without contracts, bad ids", () => {
    const neg = { ...chain, price: f64([100, 101, 0, 103, 106, 105, NaN, 107, 104, 103]) };
    expect(() => buildContinuous(neg, "ratio")).toThrow(ValidationError);
    expect(() => buildContinuous(neg, "ratio")).toThrow(/bar 2.*positive|positive.*bar 2|bar 2/);
    expect(() => buildContinuous(neg, "difference")).not.toThrow();
    const orphan = { time: f64([1, 2]), contract: f64([202401, NaN]), price: f64([1, 2]) };
    expect(() => buildContinuous(orphan)).toThrow(/bar 1.*without a contract|without a contract/);
    expect(() => buildContinuous(chain, "panama" as "difference")).toThrow(/unknown method/);
    const badId = { time: f64([1, 2]), contract: f64([202401, 202413]), price: f64([1, 2]) };
    expect(() => buildContinuous(badId)).toThrow(ValidationError);
  });

  it("P&L on the adjusted series equals the P&L of the contracts actually held (accounting identity)", () => {
    const c = buildContinuous(chain, "difference");
    // One contract long throughout, rolled when each gap was measured:
    // H24 100 → 103 (+3); roll 1 measured on bar 3 → hold M24 from 104.5 there; M24 104.5 → 107.5
    // on bar 8, where roll 2 is measured (+3); then U24 104 → 103 (−1). Total +5 per contract.
    const real = 103 - 100 + (107.5 - 104.5) + (103 - 104);
    expect(c.price[9]! - c.price[0]!).toBeCloseTo(real, 12);
    // Bar by bar, skipping the missing bar 6 (its change is carried to bar 7), the sum is the same.
    let sum = 0;
    let last = 0;
    for (let i = 1; i < 10; i++) {
      if (Number.isNaN(c.price[i]!)) continue;
      sum += c.price[i]! - c.price[last]!;
      last = i;
    }
    expect(sum).toBeCloseTo(real, 12);
  });

  it("roll costs are accounted in money", () => {
    const c = buildContinuous(chain, "difference", { rollCostPoints: 0.002 });
    const pos = f64([2, 2, 2, 2, 2, -1, -1, -1, -1, 0]);
    const cash = rollCostCash(c, pos, 10_000);
    // bar 4: 2 contracts × 0.002 × 10,000 = 40; bar 8: 1 contract × 0.002 × 10,000 = 20.
    expect(cash[4]).toBeCloseTo(40, 10);
    expect(cash[8]).toBeCloseTo(20, 10);
    expect(cash.reduce((s, v) => s + v, 0)).toBeCloseTo(60, 10);
  });
});

const INSTRUMENTS = ["GAS_US", "CRUDE_W", "SP500", "US10", "EDOLLAR"];

describe.runIf(HAS_SHARED)("Carver's carry files (shared data)", () => {
  for (const instr of INSTRUMENTS) {
    it(`${instr}: rolls, within-contract changes, and agreement with the author's ADJ`, () => {
      const carryFile = `${SHARED_DATA}carver-futures-carry/${instr}_carrydata.csv`;
      const priceFile = `${SHARED_DATA}carver-futures-carry/${instr}_price.csv`;
      const held = parseHeldCarryCsv(readFileSync(carryFile, "utf8"), carryFile, instr);
      const ref = parsePriceCsv(readFileSync(priceFile, "utf8"), { file: priceFile });
      expect(Array.from(ref.time)).toEqual(Array.from(held.time));
      const c = buildContinuous(held, "difference");
      const n = held.time.length;

      // Rolls exactly where TRADE_MONTH changes (blank rows carry the last known month), by a
      // separate scan of the raw text.
      const rows = readFileSync(carryFile, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","));
      const expectedRollBars: number[] = [];
      let last = "";
      rows.forEach((f, i) => {
        const m = f[4]!.trim();
        if (m === "") return;
        if (last !== "" && m !== last) expectedRollBars.push(i);
        last = m;
      });
      const flagged: number[] = [];
      c.rollFlags.forEach((v, i) => v === 1 && flagged.push(i));
      expect(flagged).toEqual(expectedRollBars);
      expect(c.rolls.length).toBe(new Set(rows.map((f) => f[4]!.trim()).filter((m) => m !== "")).size - 1);

      // Every within-contract change of TRADED is preserved (consecutive priced bars of one contract,
      // also across missing rows).
      let within = 0;
      let prev = -1;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(held.price[i]!)) continue;
        if (prev >= 0 && held.contract[i] === held.contract[prev]) {
          expect(Math.abs(c.price[i]! - c.price[prev]! - (held.price[i]! - held.price[prev]!))).toBeLessThan(
            1e-9,
          );
          within++;
        }
        prev = i;
      }
      expect(within).toBeGreaterThan(n * 0.8);

      // Day-to-day changes equal those of ADJ on every non-roll day with both prices present.
      let compared = 0;
      for (let i = 1; i < n; i++) {
        if (c.rollFlags[i] === 1) continue;
        const ok = [c.price[i]!, c.price[i - 1]!, ref.values[i]!, ref.values[i - 1]!].every(
          (v) => !Number.isNaN(v),
        );
        if (!ok) continue;
        expect(Math.abs(c.price[i]! - c.price[i - 1]! - (ref.values[i]! - ref.values[i - 1]!))).toBeLessThan(
          1e-9,
        );
        compared++;
      }
      expect(compared).toBeGreaterThan(n * 0.8);

      // Ratio and forward adjustment keep every within-contract return / change as well.
      const ratio = buildContinuous(held, "ratio");
      const fwd = buildContinuous(held, "forward");
      let checked = 0;
      let prevPriced = -1;
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(held.price[i]!)) continue;
        const j = prevPriced;
        prevPriced = i;
        if (j < 0 || held.contract[i] !== held.contract[j]) continue;
        const r = held.price[i]! / held.price[j]!;
        expect(Math.abs(ratio.price[i]! / ratio.price[j]! - r)).toBeLessThan(1e-9);
        expect(Math.abs(fwd.price[i]! - fwd.price[j]! - (held.price[i]! - held.price[j]!))).toBeLessThan(
          1e-9,
        );
        checked++;
      }
      expect(checked).toBe(within);
      // All three back/forward methods flag the same rolls.
      expect(Array.from(ratio.rollFlags)).toEqual(Array.from(c.rollFlags));

      // No artificial jump: across each roll the adjusted change is a real single-contract move
      // (measured from the file's columns independently of the builder) or zero (no same-date pair).
      for (const r of c.rolls) {
        if (r.pricedBar < 0) continue;
        let a = r.bar - 1;
        while (a >= 0 && Number.isNaN(held.price[a]!)) a--;
        if (a < 0) continue;
        const move = c.price[r.pricedBar]! - c.price[a]!;
        const p = r.pricedBar;
        if (held.otherContract![a] === r.to && !Number.isNaN(held.other![a]!)) {
          expect(move).toBeCloseTo(held.price[p]! - held.other![a]!, 9); // the new contract's move
        } else if (held.otherContract![p] === r.from && !Number.isNaN(held.other![p]!)) {
          expect(move).toBeCloseTo(held.other![p]! - held.price[a]!, 9); // the old contract's move
        } else {
          expect(move).toBeCloseTo(0, 9);
        }
      }
    });
  }
});
