import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildContinuous,
  buildMultiplePrices,
  carryFromMultiplePrices,
  carrySeries,
  multiplePricesToHeld,
  parseHeldCarryCsv,
  type RollCalendarEntry,
} from "../../src/lib/data/futures/index.js";
import { ValidationError } from "../../src/lib/data/types.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const DAY = 86_400_000;
const H23 = 23 * 3_600_000;
const t = (d: number) => d * DAY;

/*
 * Hand-built CL-like chain, hold Z only, priced monthly, carry = the contract before (nearer):
 * bars 1..6; roll Z24 → Z25 at the end of bar 3.
 *   CLX24 (202411): 71, 72, 73, —, —, —        (expired)
 *   CLZ24 (202412): 70, 71, 72.5, 72, —, —
 *   CLZ25 (202512): 66, 66.5, 67, 68, 67, 69
 *   CLX25 (202511): —, —, —, 68.4, 67.6, 69.5
 */
const series = [
  { contract: 202411, time: Float64Array.from([1, 2, 3].map(t)), values: Float64Array.from([71, 72, 73]) },
  {
    contract: 202412,
    time: Float64Array.from([1, 2, 3, 4].map(t)),
    values: Float64Array.from([70, 71, 72.5, 72]),
  },
  {
    contract: 202511,
    time: Float64Array.from([4, 5, 6].map(t)),
    values: Float64Array.from([68.4, 67.6, 69.5]),
  },
  {
    contract: 202512,
    time: Float64Array.from([1, 2, 3, 4, 5, 6].map(t)),
    values: Float64Array.from([66, 66.5, 67, 68, 67, 69]),
  },
];
const calendar: RollCalendarEntry[] = [
  { time: t(3) + H23, current: 202412, next: 202512, carry: 202411 },
  { time: t(9) + H23, current: 202512, next: 202612, carry: 202511 },
];

describe("multiple prices from a roll calendar and contract prices", () => {
  const mp = buildMultiplePrices(calendar, series);
  it("current / forward / carry per bar, by hand", () => {
    expect(Array.from(mp.time)).toEqual([1, 2, 3, 4, 5, 6].map(t));
    expect(Array.from(mp.priceContract)).toEqual([202412, 202412, 202412, 202512, 202512, 202512]);
    expect(Array.from(mp.price)).toEqual([70, 71, 72.5, 68, 67, 69]);
    expect(Array.from(mp.forward.subarray(0, 3))).toEqual([66, 66.5, 67]);
    expect(mp.forward[3]).toBeNaN(); // CLZ26 has no prices here
    expect(Array.from(mp.carry)).toEqual([71, 72, 73, 68.4, 67.6, 69.5]);
  });

  it("carry: positive when a long earns the roll", () => {
    const c = carryFromMultiplePrices(mp);
    // Carry contract one month nearer (Δ = −1/12 year): annualised = (P − C)/Δ = 12 (C − P).
    // bar 1: 12 × (71 − 70) = 12 (backwardation); bar 4: 12 × (68.4 − 68) = 4.8; bar 5: 12 × 0.6 = 7.2.
    [12, 12, 6, 4.8, 7.2, 6].forEach((v, i) => expect(c.annualised[i]).toBeCloseTo(v, 9));
    expect(c.years[0]).toBeCloseTo(-1 / 12, 12);
    expect(c.yieldAnnual[0]).toBeCloseTo(12 / 70, 12);
    // A further-out carry contract (Δ = +12 months): Z24 70 vs Z25 66 → (70 − 66)/1 = 4 per year.
    const far = carrySeries(
      Float64Array.from([0]),
      Float64Array.from([70]),
      Float64Array.from([202412]),
      Float64Array.from([66]),
      Float64Array.from([202512]),
    );
    expect(far.annualised[0]).toBeCloseTo(4, 12);
  });

  it("feeds the continuous builder with same-date roll gaps", () => {
    const c = buildContinuous(multiplePricesToHeld(mp, "CL"), "difference");
    // Roll at bar 3 (index 3): gap measured on bar index 2 with Z25 as forward: 67 − 72.5 = −5.5.
    expect(c.rolls.length).toBe(1);
    expect(c.rolls[0]!.measuredAt).toBe(2);
    expect(c.rolls[0]!.gap).toBeCloseTo(-5.5, 12);
    // Across the roll the adjusted change is Z25's own move 68 − 67 = 1.
    expect(c.price[3]! - c.price[2]!).toBeCloseTo(1, 12);
    expect(Array.from(c.price.subarray(0, 3)).map((v) => +v.toFixed(10))).toEqual([64.5, 65.5, 67]);
  });

  it("rejects unordered contract prices and duplicates", () => {
    const bad = [{ contract: 202412, time: Float64Array.from([2, 1]), values: Float64Array.from([1, 2]) }];
    expect(() => buildMultiplePrices(calendar, bad)).toThrow(ValidationError);
    expect(() => buildMultiplePrices(calendar, [series[1]!, series[1]!])).toThrow(/given twice/);
  });
});

describe.runIf(HAS_SHARED)("carry on Carver's GAS_US file", () => {
  it("matches a hand computation on the last full row", () => {
    const file = `${SHARED_DATA}carver-futures-carry/GAS_US_carrydata.csv`;
    const h = parseHeldCarryCsv(readFileSync(file, "utf8"), file);
    const c = carrySeries(h.time, h.price, h.contract, h.other!, h.otherContract!);
    // 2015-04-21: NEARER 2.679 (201505), TRADED 2.617 (201506): (2.617 − 2.679) / (−1/12) = 0.744.
    const i = h.time.indexOf(Date.UTC(2015, 3, 21));
    expect(c.annualised[i]).toBeCloseTo(0.744, 9);
    // 2015-04-22 has no NEARER → NaN, never a stale value.
    expect(c.annualised[i + 1]).toBeNaN();
  });
});
