import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import { applyStops, atrStop, fixedPercentStop, timeStop, trailingStop } from "../../src/lib/risk/index.js";

const arr = (x: ArrayLike<number>) => Array.from(x);

describe("fixed percentage stop", () => {
  it("long: 10% below entry fires on the close through it, then stays flat until the signal changes", () => {
    // entry at bar 1 (100) → level 90; bar 4 closes at 89 → exit; signal still long → flat; bar 6 short at 95
    const r = fixedPercentStop([100, 100, 95, 92, 89, 93, 95, 96], [0, 2, 2, 2, 2, 2, -3, -3], 0.1);
    expect(arr(r.position)).toEqual([0, 2, 2, 2, 0, 0, -3, -3]);
    expect(arr(r.exit)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(r.level[1]).toBe(90);
    expect(r.level[6]).toBeCloseTo(104.5, 12); // 95 × 1.1
    expect(Number.isNaN(r.level[0] as number) && Number.isNaN(r.level[4] as number)).toBe(true);
  });

  it("short: 3% above entry, touching the level fires", () => {
    const r = fixedPercentStop([50, 48, 49, 51.5, 50], [-1, -1, -1, -1, -1], 0.03);
    expect(r.level[0]).toBeCloseTo(51.5, 12);
    expect(arr(r.exit)).toEqual([0, 0, 0, 1, 0]);
    expect(arr(r.position)).toEqual([-1, -1, -1, 0, 0]);
  });

  it("after a stop, going flat then long again re-enters", () => {
    const r = fixedPercentStop([100, 80, 82, 84, 86], [1, 1, 0, 1, 1], 0.1);
    expect(arr(r.position)).toEqual([1, 0, 0, 1, 1]);
    expect(r.level[3]).toBeCloseTo(75.6, 12); // 84 × 0.9
  });
});

describe("ATR stop", () => {
  it("sets the level from the ATR at entry", () => {
    // entry bar 1 at 52 with ATR 2 → level 52 − 2 × 2 = 48; bar 3 closes 47 → exit
    const r = atrStop([50, 52, 51, 47, 46], [0, 1, 1, 1, 1], [NaN, 2, 2.5, 3, 3], 2);
    expect(r.level[1]).toBe(48);
    expect(r.level[2]).toBe(48); // not re-set by later ATR
    expect(arr(r.exit)).toEqual([0, 0, 0, 1, 0]);
  });

  it("uses the last finite ATR when the entry bar's ATR is missing", () => {
    const r = atrStop([50, 52, 51], [0, 0, -1], [1.5, 2, NaN], 3);
    expect(r.level[2]).toBe(57); // 51 + 3 × 2
  });

  it("rejects an entry before any finite ATR", () => {
    expect(() => atrStop([50, 52], [1, 1], [NaN, 2], 2)).toThrow(/bar 0/);
  });
});

describe("trailing stop", () => {
  it("percentage trail from the best close, never loosening", () => {
    // best 100,110,120,120 → levels 90, 99, 108, 108; 107 ≤ 108 fires
    const r = trailingStop([100, 110, 120, 115, 107, 130], [1, 1, 1, 1, 1, 1], 0.1);
    expect(arr(r.level).slice(0, 4)).toEqual([90, 99, 108, 108]);
    expect(arr(r.exit)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it("ATR trail on a short", () => {
    // ATR 2, multiple 2: best 100 → 104, 95 → 99, 90 → 94, 92 keeps 94, 96 ≥ 94 fires
    const r = applyStops(
      [100, 95, 90, 92, 96],
      [-1, -1, -1, -1, -1],
      [{ kind: "trailing", atr: [2, 2, 2, 2, 2], multiple: 2 }],
    );
    expect(arr(r.level).slice(0, 4)).toEqual([104, 99, 94, 94]);
    expect(arr(r.exit)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe("time stop and combined rules", () => {
  it("exits after the given number of bars", () => {
    const r = timeStop([1, 1, 1, 1, 1], [0, 1, 1, 1, 1], 3);
    // entered at bar 1 → exit at bar 4
    expect(arr(r.position)).toEqual([0, 1, 1, 1, 0]);
    expect(arr(r.exit)).toEqual([0, 0, 0, 0, 1]);
  });

  it("the first rule to fire wins; the level shown is the tightest price level", () => {
    // fixed 10% (level 90) and trailing 5% (95 → 104.5 after 110)
    const r = applyStops(
      [100, 110, 104, 103],
      [1, 1, 1, 1],
      [
        { kind: "fixed", pct: 0.1 },
        { kind: "trailing", pct: 0.05 },
      ],
    );
    expect(r.level[0]).toBe(95);
    expect(r.level[1]).toBeCloseTo(104.5, 12);
    expect(arr(r.exit)).toEqual([0, 0, 1, 0]);
  });
});

describe("no look-ahead", () => {
  it("changing the future leaves earlier outputs unchanged", () => {
    const n = 400;
    const close = new Float64Array(n);
    const want = new Float64Array(n);
    const atr = new Float64Array(n);
    let p = 100;
    for (let i = 0; i < n; i++) {
      p *= 1 + 0.02 * Math.sin(i * 0.7) + 0.01 * Math.cos(i * 1.3);
      close[i] = p;
      atr[i] = 1 + 0.5 * Math.abs(Math.sin(i));
      want[i] = Math.sin(i / 15) > 0 ? 1 : -1;
    }
    const rules = [
      { kind: "atr" as const, atr: atr, multiple: 1.5 },
      { kind: "trailing" as const, pct: 0.05 },
      { kind: "time" as const, bars: 20 },
    ];
    const base = applyStops(close, want, rules);
    const cut = 250;
    const close2 = close.slice();
    const want2 = want.slice();
    const atr2 = atr.slice();
    for (let i = cut; i < n; i++) {
      close2[i] = close2[i]! * (i % 2 ? 0.5 : 1.7);
      want2[i] = -want2[i]!;
      atr2[i] = 10;
    }
    const moved = applyStops(close2, want2, [
      { kind: "atr", atr: atr2, multiple: 1.5 },
      { kind: "trailing", pct: 0.05 },
      { kind: "time", bars: 20 },
    ]);
    expect(arr(moved.position.subarray(0, cut))).toEqual(arr(base.position.subarray(0, cut)));
    expect(arr(moved.level.subarray(0, cut))).toEqual(arr(base.level.subarray(0, cut)));
    expect(arr(moved.exit.subarray(0, cut))).toEqual(arr(base.exit.subarray(0, cut)));
    expect(arr(base.exit).some((e) => e === 1)).toBe(true);
  });
});

describe("bad input and missing data", () => {
  it("rejects bad parameters with ValidationError", () => {
    expect(() => fixedPercentStop([1, 2], [1, 1], 0)).toThrow(ValidationError);
    expect(() => fixedPercentStop([1, 2], [1, 1], 1.2)).toThrow(ValidationError);
    expect(() => fixedPercentStop([1, 2], [1, 1], NaN)).toThrow(ValidationError);
    expect(() => atrStop([1, 2], [1, 1], [1], 2)).toThrow(ValidationError);
    expect(() => timeStop([1, 2], [1, 1], 0)).toThrow(ValidationError);
    expect(() => applyStops([1, 2], [1], [])).toThrow(ValidationError);
    expect(() => applyStops([1, 2], [1, 1], [{ kind: "trailing" }])).toThrow(ValidationError);
    expect(() => fixedPercentStop([1, Infinity], [1, 1], 0.1)).toThrow(/bar 1/);
  });

  it("a missing close neither fires a stop nor enters; NaN wanted means flat", () => {
    const r = fixedPercentStop([100, NaN, 95, 80], [1, 1, 1, 1], 0.1);
    expect(arr(r.position)).toEqual([1, 1, 1, 0]);
    const q = fixedPercentStop([NaN, 100, 100], [1, 1, NaN], 0.1);
    expect(arr(q.position)).toEqual([0, 1, 0]);
  });
});
