import { describe, expect, it } from "vitest";
import {
  carryFeature,
  coolingDegreeDays,
  degreeDayAnomaly,
  heatingDegreeDays,
  storageSurprise,
  termStructureSlope,
} from "../../src/lib/features/index.js";
import { ValidationError } from "../../src/lib/data/index.js";

const DAY = 86_400_000;

/** Weekly Thursdays from `start` for `weeks` weeks with values f(k). */
function weekly(start: number, weeks: number, f: (k: number) => number) {
  const time = Float64Array.from({ length: weeks }, (_, k) => start + k * 7 * DAY);
  return { time, values: Float64Array.from({ length: weeks }, (_, k) => f(k)), name: "storage" };
}

describe("storage surprise", () => {
  it("level against the same week of the five previous years, by hand", () => {
    // 7 years of weekly data; storage = 2000 + 100·year + week (so each same week differs by 100·Δyear)
    const s = weekly(Date.UTC(2010, 0, 7), 7 * 52 + 3, (k) => 2000 + 100 * Math.floor(k / 52) + (k % 52));
    const r = storageSurprise(s, 5, "level");
    // first complete five-year history: week 0 of year 5 (index 260); the matching weeks are 52 apart
    const i = 6 * 52 + 10;
    // the same week of year Y − y is the report within 3 days of the same calendar date (brute-force scan);
    // weekly reports drift a day a year, so after four or five years it is 53 weeks back, not 52
    const same = [1, 2, 3, 4, 5].map((y) => {
      const d = new Date(s.time[i]!);
      const target = Date.UTC(d.getUTCFullYear() - y, d.getUTCMonth(), d.getUTCDate());
      const k = [...s.time].findIndex((t) => Math.abs(t - target) <= 3 * DAY);
      return s.values[k]!;
    });
    expect(same[4]).toBe(s.values[i - 261]); // 5 years back is 261 weeks here
    const avg = same.reduce((a, b) => a + b, 0) / 5;
    expect(r.average[i]).toBeCloseTo(avg, 9);
    expect(r.surprise[i]).toBeCloseTo(s.values[i]! - avg, 9);
    expect(r.percent[i]).toBeCloseTo((100 * (s.values[i]! - avg)) / avg, 9);
    expect(Number.isNaN(r.average[100]!)).toBe(true); // fewer than five earlier years
  });
  it("weekly change against the five-year average change; missing weeks give NaN, never a guess", () => {
    const s = weekly(Date.UTC(2010, 0, 7), 6 * 52 + 2, (k) => 3000 + 10 * k + (k >= 5 * 52 ? 5 * (k - 5 * 52) : 0));
    const r = storageSurprise(s, 5, "change");
    const i = 5 * 52 + 10;
    expect(r.value[i]).toBeCloseTo(15, 9); // 10 + 5 per week this year
    expect(r.average[i]).toBeCloseTo(10, 9);
    expect(r.surprise[i]).toBeCloseTo(5, 9);
    const gappy = { ...s, values: s.values.slice() };
    gappy.values[i - 52 * 3] = NaN;
    expect(Number.isNaN(storageSurprise(gappy, 5, "level").average[i]!)).toBe(true);
  });
  it("no look-ahead: later reports never change earlier surprises", () => {
    const s = weekly(Date.UTC(2010, 0, 7), 8 * 52, (k) => 2500 + 400 * Math.sin((2 * Math.PI * k) / 52) + k);
    const r = storageSurprise(s, 5);
    const later = { ...s, values: s.values.slice() };
    for (let k = 7 * 52; k < later.values.length; k++) later.values[k]! += 1000;
    expect(storageSurprise(later, 5).surprise.subarray(0, 7 * 52)).toEqual(r.surprise.subarray(0, 7 * 52));
  });
  it("bad input", () => {
    const s = weekly(Date.UTC(2010, 0, 7), 10, (k) => k);
    expect(() => storageSurprise({ ...s, time: s.time.slice().reverse() })).toThrow(/bar 1, field "time"/);
    expect(() => storageSurprise(s, 0)).toThrow(ValidationError);
  });
});

describe("degree days", () => {
  it("HDD and CDD by hand (base 65 °F)", () => {
    expect([...heatingDegreeDays(Float64Array.of(30, 65, 80, NaN))]).toEqual([35, 0, 0, NaN]);
    expect([...coolingDegreeDays(Float64Array.of(30, 65, 80))]).toEqual([0, 0, 15]);
  });
  it("anomaly against the same calendar day of previous years", () => {
    // daily HDD for 2015-01-01 .. 2021-12-31: 20 on every 1 March, except 2021 where it is 35
    const start = Date.UTC(2015, 0, 1);
    const n = Math.round((Date.UTC(2022, 0, 1) - start) / DAY);
    const time = Float64Array.from({ length: n }, (_, i) => start + i * DAY);
    const values = Float64Array.from(time, (t) => {
      const d = new Date(t);
      return d.getUTCMonth() === 2 && d.getUTCDate() === 1 ? (d.getUTCFullYear() === 2021 ? 35 : 20 + d.getUTCFullYear() - 2015) : 10;
    });
    const a = degreeDayAnomaly({ time, values, name: "HDD" }, 10, 5);
    const i = time.indexOf(Date.UTC(2021, 2, 1));
    // previous 1 Marches: 2015..2020 → 20..25, mean 22.5 → anomaly 12.5
    expect(a.values[i]).toBeCloseTo(35 - 22.5, 12);
    expect(Number.isNaN(a.values[time.indexOf(Date.UTC(2019, 2, 1))]!)).toBe(true); // only 4 earlier years
    expect(a.name).toBe("HDD anomaly");
  });
});

describe("carry and term structure", () => {
  it("annualised log slope by hand, backwardation positive", () => {
    const s = termStructureSlope(Float64Array.of(3.3, 3, NaN), Float64Array.of(3, 3.3, 3), Float64Array.of(0.25, 0.5, 0.25));
    expect(s[0]).toBeCloseTo(Math.log(1.1) / 0.25, 14);
    expect(s[1]).toBeCloseTo(Math.log(3 / 3.3) / 0.5, 14);
    expect(Number.isNaN(s[2]!)).toBe(true);
    expect(() => termStructureSlope(Float64Array.of(1), Float64Array.of(0), 1)).toThrow(/bar 0/);
  });
  it("carry feature from a CarrySeries: raw yield, or EMA-smoothed", () => {
    const carry = {
      time: Float64Array.of(1, 2, 3),
      raw: Float64Array.of(0.1, 0.2, 0.3),
      years: Float64Array.of(0.25, 0.25, 0.25),
      annualised: Float64Array.of(0.4, 0.8, 1.2),
      yieldAnnual: Float64Array.of(0.1, 0.2, 0.4),
    };
    expect([...carryFeature(carry).values]).toEqual([0.1, 0.2, 0.4]);
    // EMA(2): α = 2/3, seed (0.1 + 0.2)/2 = 0.15, then 0.15 + 2/3·(0.4 − 0.15)
    const sm = carryFeature(carry, 2).values;
    expect(Number.isNaN(sm[0]!)).toBe(true);
    expect(sm[1]).toBeCloseTo(0.15, 15);
    expect(sm[2]).toBeCloseTo(0.15 + (2 / 3) * 0.25, 15);
  });
});
