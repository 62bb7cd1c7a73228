import { describe, expect, it } from "vitest";
import { ConfigError, ValidationError, type Series } from "../../src/lib/data/index.js";
import { carrySignal, storageSurpriseSignal, weatherAnomalySignal } from "../../src/lib/alpha/index.js";
import { changeFuture, expectSamePast, pricePath } from "./helpers.js";

const DAY = 86_400_000;
const s = (time: Float64Array, values: number[] | Float64Array, name = "x"): Series => ({
  time,
  values: Float64Array.from(values),
  name,
});

describe("carry", () => {
  const t = Float64Array.from([1, 2, 3, 4, 5]);
  const near = s(t, [3, 3.1, 3, 3.2, 3.3], "NG1");
  const far = s(t, [3.2, 3.2, 3.1, 3.1, 3.1], "NG2");

  it("hand example: annualised spread over annualised price vol", () => {
    const v = carrySignal({ near, far, yearsBetween: 1 / 12 }, { volWindow: 2, smooth: 1 }).values;
    // bar 3: changes −0.1, +0.2 → sample std √0.045; (3.2 − 3.1) × 12 / (16 √0.045)
    expect(v[3]).toBeCloseTo(1.2 / (16 * Math.sqrt(0.045)), 12);
    // bar 2: changes +0.1, −0.1 → std √0.02; contango (3.0 − 3.1) × 12 → negative
    expect(v[2]).toBeCloseTo(-1.2 / (16 * Math.sqrt(0.02)), 12);
    // bar 4: changes 0.2, 0.1 → std √0.005; (3.3 − 3.1) × 12 = 2.4
    expect(v[4]).toBeCloseTo(2.4 / (16 * Math.sqrt(0.005)), 12);
    expect(Number.isNaN(v[1]!)).toBe(true);
  });

  it("accepts Δyears as a series and smooths with an EMA", () => {
    const yb = s(t, [1 / 12, 1 / 12, 1 / 12, 1 / 6, 1 / 6]);
    const v = carrySignal({ near, far, yearsBetween: yb }, { volWindow: 2, smooth: 1 }).values;
    expect(v[3]).toBeCloseTo(0.6 / (16 * Math.sqrt(0.045)), 12); // twice the time → half the carry
    const raw = carrySignal({ near, far, yearsBetween: 1 / 12 }, { volWindow: 2, smooth: 1 }).values;
    const sm = carrySignal({ near, far, yearsBetween: 1 / 12 }, { volWindow: 2, smooth: 2 }).values;
    // EMA span 2 seeded with the mean of the first two raw values (bars 2, 3), then α = 2/3
    expect(sm[3]).toBeCloseTo((raw[2]! + raw[3]!) / 2, 12);
    expect(sm[4]).toBeCloseTo(sm[3]! + (2 / 3) * (raw[4]! - sm[3]!), 12);
  });

  it("never looks ahead", () => {
    const p = pricePath(600, 8);
    const farP = s(
      p.time,
      p.values.map((v, i) => v * (1 + 0.03 * Math.sin(i / 30))),
      "far",
    );
    const base = carrySignal({ near: p, far: farP, yearsBetween: 1 / 12 });
    const moved = carrySignal({
      near: changeFuture(p, 400),
      far: changeFuture(farP, 400, 1.3),
      yearsBetween: 1 / 12,
    });
    expectSamePast(base, moved, 400);
  });

  it("bad input", () => {
    expect(() => carrySignal({ near, far, yearsBetween: 0 }, { volWindow: 2 })).toThrow(ValidationError);
    expect(() => carrySignal({ near, far, yearsBetween: -1 / 12 }, { volWindow: 2 })).toThrow(/bar 0/);
    expect(() =>
      carrySignal({ near, far: s(Float64Array.from([1, 2, 3, 4, 9]), [1, 1, 1, 1, 1]), yearsBetween: 1 }),
    ).toThrow(ValidationError);
    expect(() => carrySignal({ near, far, yearsBetween: 1 }, { volWindow: 1 })).toThrow(ConfigError);
  });
});

describe("storage surprise", () => {
  // Weekly reports on Thursdays at 14:30 UTC; daily price bars at 00:00 UTC.
  const weeks = Float64Array.from({ length: 6 }, (_, w) => Date.UTC(2024, 0, 4, 14, 30) + w * 7 * DAY);
  const days = Float64Array.from({ length: 45 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  const price = s(days, new Array(45).fill(2.5), "NG");
  // surprises (expected − actual): +10, −10, +10, −10, +30, +5
  const actual = s(weeks, [50, 70, 50, 70, 60, 55], "actual");
  const expected = s(weeks, [60, 60, 60, 60, 90, 60], "expected");

  it("standardises by the previous surprises, triggers and decays", () => {
    const v = storageSurpriseSignal({ price, actual, expected }, { window: 4, halfLife: 2 }).values;
    const z = 30 / Math.sqrt(400 / 3); // 2.598
    // 5th report Thu 2024-02-01 14:30 → first reaches Fri 2024-02-02 (index 32), not Thursday's bar
    expect(Number.isNaN(v[31]!)).toBe(true);
    expect(v[32]).toBeCloseTo(z, 12);
    expect(v[34]).toBeCloseTo(z / 2, 12); // two bars later, half-life 2
    // 6th report: surprise 5 vs std of (−10, 10, −10, 30) = √(1100/3)... sample: mean 5, SS 1100 → |z| = 0.26 < 1 → 0
    expect(v[39]).toBe(0);
  });

  it("threshold 0 keeps small surprises", () => {
    const v = storageSurpriseSignal(
      { price, actual, expected },
      { window: 4, threshold: 0, halfLife: 2 },
    ).values;
    expect(v[39]).toBeCloseTo(5 / Math.sqrt(1100 / 3), 12);
  });

  it("never looks ahead: a later report leaves earlier forecasts unchanged", () => {
    const base = storageSurpriseSignal({ price, actual, expected }, { window: 4 });
    const a2 = s(weeks, [50, 70, 50, 70, 60, 10], "actual");
    const moved = storageSurpriseSignal({ price, actual: a2, expected }, { window: 4 });
    expectSamePast(base, moved, 39); // the 6th report (Thu 2024-02-08 14:30) reaches index 39
  });

  it("bad input", () => {
    expect(() =>
      storageSurpriseSignal({ price, actual, expected: s(weeks.subarray(0, 5), [1, 2, 3, 4, 5]) }),
    ).toThrow(ValidationError);
    expect(() => storageSurpriseSignal({ price, actual, expected }, { window: 1 })).toThrow(ConfigError);
    expect(() =>
      storageSurpriseSignal({ price, actual: s(weeks, [1, 2, Infinity, 4, 5, 6]), expected }, { window: 2 }),
    ).toThrow(/bar 2/);
  });
});

describe("weather anomaly", () => {
  const days = Float64Array.from({ length: 8 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  const price = s(days, new Array(8).fill(3), "NG");
  const normal = s(days, new Array(8).fill(30), "normal");

  it("z-score of the summed anomaly, with a trigger", () => {
    // anomalies 0, 2, −2, 2, −2, 6, 1, −9; window 2 sums (from day 1): 2, 0, 0, 0, 4, 7, −8
    const hdd = s(days, [30, 32, 28, 32, 28, 36, 31, 21], "HDD");
    const v = weatherAnomalySignal({ price, degreeDays: hdd, normal }, { window: 2, zWindow: 3 }).values;
    // day 5: sums 0, 0, 4 → mean 4/3, SS = 16/9 + 16/9 + 64/9 = 96/9 → std √(48/9) → z = √3
    expect(v[5]).toBeCloseTo(4 / Math.sqrt(48 / 9), 12);
    // day 6: sums 0, 4, 7 → mean 11/3, SS = (11/3)² + (1/3)² + (10/3)² = 222/9 → std √(111/9)
    expect(v[6]).toBeCloseTo(7 / Math.sqrt(111 / 9), 12);
    // day 7: sums 4, 7, −8 → mean 1, SS 9 + 36 + 81 = 126 → std √63 → z = −8/√63 = −1.008
    expect(v[7]).toBeCloseTo(-8 / Math.sqrt(63), 12);
    // day 3: sums 2, 0, 0 → std √(4/3) → z = 0 → below the trigger → 0
    expect(v[3]).toBe(0);
    expect(Number.isNaN(v[2]!)).toBe(true);
  });

  it("applies an observation only from its time on", () => {
    // degree days known at 18:00 UTC; price bars at 00:00 → day d's value reaches bar d + 1
    const late = Float64Array.from(days, (t) => t + 18 * 3600_000);
    const hdd = s(late, [30, 32, 28, 32, 28, 36, 31, 21], "HDD");
    const v = weatherAnomalySignal(
      { price, degreeDays: hdd, normal: s(late, new Array(8).fill(30)) },
      { window: 2, zWindow: 3 },
    ).values;
    expect(v[6]).toBeCloseTo(4 / Math.sqrt(48 / 9), 12);
    expect(v[7]).toBeCloseTo(7 / Math.sqrt(111 / 9), 12);
  });

  it("never looks ahead", () => {
    const n = 500;
    const d = Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * DAY);
    const hdd = s(
      d,
      Array.from(
        { length: n },
        (_, i) => 20 + 15 * Math.cos((2 * Math.PI * i) / 365) + 4 * Math.sin(i * 1.7),
      ),
      "HDD",
    );
    const nm = s(
      d,
      Array.from({ length: n }, (_, i) => 20 + 15 * Math.cos((2 * Math.PI * i) / 365)),
      "normal",
    );
    const px = s(d, new Array(n).fill(3), "NG");
    const base = weatherAnomalySignal({ price: px, degreeDays: hdd, normal: nm }, { zWindow: 60 });
    const moved = weatherAnomalySignal(
      { price: px, degreeDays: changeFuture(hdd, 300, 1.5), normal: nm },
      { zWindow: 60 },
    );
    expectSamePast(base, moved, 300);
  });
});
