import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/index.js";
import {
  barrierVolatility,
  forwardReturnLabels,
  labeledRows,
  metaLabels,
  signLabels,
  tripleBarrierLabels,
} from "../../src/lib/alpha/ml/index.js";

const series = (values: number[]) => ({
  time: Float64Array.from(values, (_, i) => 1000 * (i + 1)),
  values: Float64Array.from(values),
  name: "test",
});

describe("forwardReturnLabels", () => {
  it("computes simple and log forward returns by hand, with end times", () => {
    const p = series([100, 105, 84, 84, 126]);
    const l = forwardReturnLabels(p, 2);
    expect(l.value[0]).toBeCloseTo(84 / 100 - 1, 14); // -16%
    expect(l.value[1]).toBeCloseTo(84 / 105 - 1, 14); // -20%
    expect(l.value[2]).toBeCloseTo(0.5, 14); // 84 -> 126
    expect(Number.isNaN(l.value[3]!)).toBe(true);
    expect(Array.from(l.endIndex)).toEqual([2, 3, 4, -1, -1]);
    expect(l.endTime[0]).toBe(3000);
    const lg = forwardReturnLabels(p, 1, { log: true });
    expect(lg.value[0]).toBeCloseTo(Math.log(1.05), 14);
  });

  it("propagates a missing price to NaN labels and rejects bad input", () => {
    const l = forwardReturnLabels(series([100, NaN, 110, 121]), 1);
    expect(Number.isNaN(l.value[0]!)).toBe(true);
    expect(Number.isNaN(l.value[1]!)).toBe(true);
    expect(l.value[2]).toBeCloseTo(0.1, 14);
    expect(l.endIndex[0]).toBe(-1);
    expect(() => forwardReturnLabels(series([1, 2]), 0)).toThrow(ValidationError);
    expect(() => forwardReturnLabels(series([1, -2]), 1)).toThrow(ValidationError);
    expect(() => forwardReturnLabels({ time: Float64Array.from([2, 1]), values: Float64Array.from([1, 1]), name: "x" }, 1)).toThrow(
      ValidationError,
    );
  });
});

describe("signLabels", () => {
  it("applies the dead zone symmetrically and keeps end times", () => {
    const p = series([100, 103, 102, 98.94, 100]);
    const s = signLabels(forwardReturnLabels(p, 1), 0.02);
    // +3% -> 1, -0.97% -> 0, -3% -> -1, +1.07% -> 0
    expect(Array.from(s.value.subarray(0, 4))).toEqual([1, 0, -1, 0]);
    expect(Array.from(s.endIndex)).toEqual([1, 2, 3, 4, -1]);
    expect(() => signLabels(forwardReturnLabels(p, 1), -0.1)).toThrow(ValidationError);
  });
});

describe("barrierVolatility", () => {
  it("matches a hand-computed EW root mean square and has no look-ahead", () => {
    const p = series([100, 101, 99.99, 100.9899, 100.9899]);
    // returns: 0.01, -0.01, 0.01, 0 ; span 2, alpha 2/3
    const v = barrierVolatility(p, 2);
    expect(Number.isNaN(v[1]!)).toBe(true);
    expect(v[2]).toBeCloseTo(0.01, 12);
    const v3 = (1 / 3) * 1e-4 + (2 / 3) * 1e-4;
    expect(v[3]).toBeCloseTo(Math.sqrt(v3), 12);
    expect(v[4]).toBeCloseTo(Math.sqrt((1 / 3) * v3), 12);
    const changed = series([100, 101, 99.99, 100.9899, 150]);
    const w = barrierVolatility(changed, 2);
    expect(Array.from(w.subarray(0, 4))).toEqual(Array.from(v.subarray(0, 4)));
  });
});

describe("tripleBarrierLabels", () => {
  const vol = (n: number, s = 0.05) => new Float64Array(n).fill(s);

  it("labels profit-take, stop-loss and time barriers by hand", () => {
    // sigma 5%, pt 1, sl 2 -> upper +5%, lower -10%, horizon 3
    const p = series([100, 102, 106, 97, 95, 96, 96, 96]);
    const l = tripleBarrierLabels(p, { horizon: 3, profitTake: 1, stopLoss: 2, volatility: vol(8) });
    // bar 0: 102 (+2%), 106 (+6% >= 5%) -> +1 at bar 2
    expect([l.value[0], l.endIndex[0], l.barrier[0]]).toEqual([1, 2, 1]);
    // bar 1 (102): 106 (+3.9%), 97 (-4.9%), 95 (-6.9%) -> time barrier at 4, negative -> -1
    expect([l.value[1], l.endIndex[1], l.barrier[1]]).toEqual([-1, 4, 0]);
    expect(l.ret[1]).toBeCloseTo(95 / 102 - 1, 14);
    // bar 2 (106): 97 (-8.5%), 95 (-10.4% <= -10%) -> -1 at bar 4 (stop-loss)
    expect([l.value[2], l.endIndex[2], l.barrier[2]]).toEqual([-1, 4, -1]);
    // bar 3 (97): 95, 96, 96 -> time barrier, 96/97-1 < 0 -> -1 at 6
    expect([l.value[3], l.endIndex[3]]).toEqual([-1, 6]);
    // bar 4 (95): 96 (+1.05%) then flat -> time barrier at 7, positive -> +1
    expect([l.value[4], l.endIndex[4]]).toEqual([1, 7]);
    // last 3 bars: horizon runs past the data
    expect(Array.from(l.endIndex.subarray(5))).toEqual([-1, -1, -1]);
    expect(Array.from(labeledRows(l))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(labeledRows(l, 4000))).toEqual([0]); // settled by bar 3's time (t = 4000)
    // a flat path ends at the time barrier with return 0 -> label 0
    const flat = tripleBarrierLabels(series([100, 100, 100]), { horizon: 2, profitTake: 1, stopLoss: 1, volatility: vol(3) });
    expect(flat.value[0]).toBe(0);
  });

  it("disables a barrier with 0, zeroes the time barrier on request, and truncates on request", () => {
    const p = series([100, 106, 80, 80]);
    const noPt = tripleBarrierLabels(p, { horizon: 2, profitTake: 0, stopLoss: 1, volatility: vol(4) });
    // without profit-take, bar 0 runs on: 106 then 80 (-20%) -> stop-loss at 2
    expect([noPt.value[0], noPt.endIndex[0]]).toEqual([-1, 2]);
    const z = tripleBarrierLabels(series([100, 101, 102, 102]), {
      horizon: 2,
      profitTake: 1,
      stopLoss: 1,
      volatility: vol(4),
      zeroAtTimeBarrier: true,
    });
    expect([z.value[0], z.barrier[0]]).toEqual([0, 0]);
    const t = tripleBarrierLabels(p, { horizon: 5, profitTake: 1, stopLoss: 1, volatility: vol(4), allowTruncated: true });
    expect([t.value[0], t.endIndex[0]]).toEqual([1, 1]);
    expect([t.value[2], t.endIndex[2]]).toEqual([0, 3]);
    expect(Number.isNaN(t.value[3]!)).toBe(true);
  });

  it("applies a short side and skips NaN prices and volatility", () => {
    const p = series([100, NaN, 94, 94]);
    const l = tripleBarrierLabels(p, {
      horizon: 2,
      profitTake: 1,
      stopLoss: 1,
      volatility: Float64Array.from([0.05, 0.05, NaN, 0.05]),
      side: Float64Array.from([-1, 1, 1, 1]),
    });
    // short from 100: bar 1 missing, 94 -> +6% for the short -> profit-take at 2
    expect([l.value[0], l.endIndex[0], l.barrier[0]]).toEqual([1, 2, 1]);
    expect(l.ret[0]).toBeCloseTo(0.06, 14);
    expect(Number.isNaN(l.value[1]!)).toBe(true); // price missing
    expect(Number.isNaN(l.value[2]!)).toBe(true); // volatility missing
  });

  it("does not look ahead past the settling bar", () => {
    const p = series([100, 104, 107, 90, 90, 90, 90]);
    const a = tripleBarrierLabels(p, { horizon: 4, profitTake: 1, stopLoss: 1, volatility: vol(7) });
    const q = series([100, 104, 107, 90, 50, 200, 10]);
    const b = tripleBarrierLabels(q, { horizon: 4, profitTake: 1, stopLoss: 1, volatility: vol(7) });
    for (let i = 0; i < 7; i++) {
      if (a.endIndex[i]! >= 0 && a.endIndex[i]! <= 3) {
        expect(b.value[i]).toBe(a.value[i]);
        expect(b.endIndex[i]).toBe(a.endIndex[i]);
      }
    }
    expect(a.endIndex[0]).toBe(2);
  });

  it("rejects mismatched lengths, negative barriers and invalid sides", () => {
    const p = series([100, 101, 102]);
    expect(() => tripleBarrierLabels(p, { horizon: 1, profitTake: 1, stopLoss: 1, volatility: vol(2) })).toThrow(ValidationError);
    expect(() => tripleBarrierLabels(p, { horizon: 1, profitTake: -1, stopLoss: 1, volatility: vol(3) })).toThrow(ValidationError);
    expect(() =>
      tripleBarrierLabels(p, { horizon: 1, profitTake: 1, stopLoss: 1, volatility: vol(3), side: Float64Array.from([2, 1, 1]) }),
    ).toThrow(ValidationError);
  });
});

describe("metaLabels", () => {
  it("labels whether the primary signal's trade made money", () => {
    const p = series([100, 95, 90, 96, 101, 101]);
    const signal = Float64Array.from([-2, 0, 0.3, NaN, 1, 1]);
    const m = metaLabels(p, signal, { horizon: 2, profitTake: 1, stopLoss: 1, volatility: new Float64Array(6).fill(0.05) });
    // short at 100: 95 is +5% for the short -> 1
    expect(m.value[0]).toBe(1);
    // long at 90: 96 (+6.7%) -> 1
    expect(m.value[2]).toBe(1);
    expect(Number.isNaN(m.value[1]!)).toBe(true);
    expect(Number.isNaN(m.value[3]!)).toBe(true);
    // long at 101, horizon past data -> unlabelled
    expect(Number.isNaN(m.value[4]!)).toBe(true);
    const loss = metaLabels(p, Float64Array.from([1, 0, 0, 0, 0, 0]), {
      horizon: 2,
      profitTake: 1,
      stopLoss: 1,
      volatility: new Float64Array(6).fill(0.05),
    });
    expect([loss.value[0], loss.barrier[0]]).toEqual([0, -1]);
  });
});
