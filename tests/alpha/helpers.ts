import { expect } from "vitest";
import type { Series } from "../../src/lib/data/index.js";

/** A deterministic daily price path (sine-modulated random-ish walk), strictly positive. */
export function pricePath(n: number, seed = 1, start = 3): Series {
  const time = new Float64Array(n);
  const values = new Float64Array(n);
  let p = start;
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 4294967296 - 0.5;
    p *= Math.exp(0.03 * u + 0.004 * Math.sin(i / 40));
    time[i] = Date.UTC(2000, 0, 1) + i * 86_400_000;
    values[i] = p;
  }
  return { time, values, name: "p" };
}

/** Same series with every value from bar `cut` on changed. */
export function changeFuture(s: Series, cut: number, factor = 1.9): Series {
  const values = s.values.slice();
  for (let i = cut; i < values.length; i++) values[i] = values[i]! * (i % 2 ? factor : 1 / factor);
  return { time: s.time, values, name: s.name };
}

/** Asserts two forecast series agree (NaN = NaN) on bars before `cut`, and differ somewhere after. */
export function expectSamePast(a: Series, b: Series, cut: number): void {
  expect(Array.from(b.values.subarray(0, cut))).toEqual(Array.from(a.values.subarray(0, cut)));
  let differs = false;
  for (let i = cut; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) differs = true;
  expect(differs).toBe(true);
}
