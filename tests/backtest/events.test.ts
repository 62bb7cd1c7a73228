import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { makeBars, ValidationError, type Bars } from "../../src/lib/data/index.js";
import {
  commissionPerContract,
  commissionPerOrder,
  FILL_REASON,
  runBacktest,
  runEventBacktest,
  slippageBps,
  type EventContext,
  type EventStrategy,
  type OrderSpec,
} from "../../src/lib/backtest/index.js";
import { seededRandom } from "../../src/lib/math/index.js";

const day = 86_400_000;
function bars(symbol: string, o: number[], h: number[], l: number[], c: number[], v?: number[]): Bars {
  return makeBars(symbol, { time: o.map((_, i) => i * day), open: o, high: h, low: l, close: c, volume: v });
}
/** A strategy that submits the given orders at the close of the given bars. */
function script(orders: Record<number, OrderSpec[]>, ids: number[] = []): EventStrategy {
  return {
    onBar(ctx) {
      for (const o of orders[ctx.bar] ?? []) ids.push(ctx.submit(o));
    },
  };
}

describe("order types, worked by hand", () => {
  // bar:        0    1    2    3    4
  const b = bars(
    "X",
    [100, 100, 96, 99, 103],
    [100, 101, 98, 104, 105],
    [100, 97, 95, 98, 101],
    [100, 99, 97, 103, 104],
  );

  it("limit buy: at the level inside the bar, at the open when it gaps below", () => {
    const r = runEventBacktest(
      [b],
      script({
        0: [{ asset: 0, qty: 5, type: "limit", limit: 98 }],
        1: [{ asset: 0, qty: 5, type: "limit", limit: 97 }],
      }),
      { initialCash: 10_000 },
    );
    // bar 1 trades 97..101: the first limit fills at 98; bar 2 opens at 96 < 97: the second fills at 96
    expect(Array.from(r.fills.bar)).toEqual([1, 2]);
    expect(Array.from(r.fills.price)).toEqual([98, 96]);
    expect(r.equity[4]).toBeCloseTo(10_000 + 5 * (104 - 98) + 5 * (104 - 96), 9);
  });

  it("stop buy fills at the stop, or at the open when gapped through; sell stops mirror", () => {
    const r = runEventBacktest(
      [b],
      script({
        2: [{ asset: 0, qty: 1, type: "stop", stop: 102 }],
        3: [{ asset: 0, qty: -3, type: "stop", stop: 104 }],
      }),
      { initialCash: 1_000, allowNegativeCash: true },
    );
    // bar 3 (99..104) reaches 102 → buy 1 at 102. The sell stop at 104 is placed at the close of bar 3;
    // bar 4 opens at 103 < 104: gapped through → sell 3 at the open, 103.
    expect(Array.from(r.fills.price)).toEqual([102, 103]);
    expect(Array.from(r.fills.reason)).toEqual([FILL_REASON.stopLoss, FILL_REASON.stopLoss]);
  });

  it("stop-limit: triggers, and fills only where the limit is reachable afterwards", () => {
    // bar 3 path (flat, up bar): 99 → 98 → 104 → 103. Buy stop 101 / limit 101.5: triggers at 101 going up,
    // and 101 ≤ 101.5, so it fills at the trigger price 101 (as a limit: no slippage).
    const a = runEventBacktest(
      [b],
      script({ 2: [{ asset: 0, qty: 1, type: "stop-limit", stop: 101, limit: 101.5 }] }),
      { initialCash: 1_000, costs: [slippageBps(100)] },
    );
    expect([a.fills.bar[0], a.fills.price[0]]).toEqual([3, 101]);
    // sell stop 97.5 / limit 97.8 from bar 2 on: bar 2 opens at 96 (below the stop): triggered at the open, but
    // 96 < 97.8; the rest of bar 2's path (flat, up bar: 96 → 95 → 98 → 97) reaches 97.8 → fills at 97.8
    const s = runEventBacktest(
      [b],
      script({ 1: [{ asset: 0, qty: -1, type: "stop-limit", stop: 97.5, limit: 97.8 }] }),
      { initialCash: 1_000 },
    );
    expect([s.fills.bar[0], s.fills.price[0]]).toEqual([2, 97.8]);
    // the same with limit 99: never reached after the trigger on bar 2; rests as a limit and fills at bar 3's open, 99
    const t = runEventBacktest(
      [b],
      script({ 1: [{ asset: 0, qty: -1, type: "stop-limit", stop: 97.5, limit: 99 }] }),
      { initialCash: 1_000 },
    );
    expect([t.fills.bar[0], t.fills.price[0]]).toEqual([3, 99]);
  });

  it("day orders expire after their day, GTC orders wait", () => {
    const day1 = runEventBacktest(
      [b],
      script({ 1: [{ asset: 0, qty: 1, type: "limit", limit: 98, tif: "day" }] }),
      { initialCash: 1_000 },
    );
    // bar 2 trades 95..98 → fills at 98 (its day); a day limit at 94 never fills and is gone after bar 2
    expect(day1.fills.count).toBe(1);
    const ids: number[] = [];
    let openAfter = -1;
    const s = script(
      {
        1: [
          { asset: 0, qty: 1, type: "limit", limit: 94, tif: "day" },
          { asset: 0, qty: 1, type: "limit", limit: 94.5 },
        ],
      },
      ids,
    );
    runEventBacktest(
      [b],
      {
        onBar: (ctx) => {
          s.onBar(ctx);
          if (ctx.bar === 3) openAfter = ctx.openOrders().length;
        },
      },
      { initialCash: 1_000 },
    );
    expect(openAfter).toBe(1); // only the GTC order is left
  });

  it("OCO: the first fill cancels the other; a bracket's stop can be hit by a gap", () => {
    const oco = runEventBacktest(
      [b],
      {
        onBar(ctx) {
          if (ctx.bar === 1) {
            const a = ctx.submit({ asset: 0, qty: 1, type: "limit", limit: 95.5 });
            ctx.submit({ asset: 0, qty: 1, type: "stop", stop: 97.5, oco: a });
          }
        },
      },
      { initialCash: 1_000 },
    );
    // bar 2, flat and an up bar (97 ≥ 96): path 96 → 95 → 98 → 97. The limit (≤ 95.5) touches first, on the
    // way down to 95, and cancels the stop (≥ 97.5) that the way up to 98 would have triggered.
    expect(Array.from(oco.fills.price)).toEqual([95.5]);
    expect(oco.positions[0]![4]).toBe(1);
    // bracket: buy 10 at bar 1's open (100), take-profit 110, stop-loss 96.5 (bar 1's low 97 stays above it);
    // bar 2 opens at 96, through the stop: sold at the open, 96
    const br = runEventBacktest(
      [b],
      script({ 0: [{ asset: 0, qty: 10, bracket: { takeProfit: 110, stopLoss: 96.5 } }] }),
      { initialCash: 10_000 },
    );
    expect(Array.from(br.fills.price)).toEqual([100, 96]);
    expect(Array.from(br.fills.bar)).toEqual([1, 2]);
    expect(br.equity[4]).toBe(10_000 - 40);
    expect(br.positions[0]![4]).toBe(0);
  });

  it("partial fills are capped by a share of the bar's volume", () => {
    const v = bars(
      "V",
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [1_000, 1_000, 400, 5_000],
    );
    const fills: number[] = [];
    const r = runEventBacktest(
      [v],
      {
        onBar: (ctx) => {
          if (ctx.bar === 0) ctx.submit({ asset: 0, qty: 250 });
        },
        onFill: (_ctx, f) => fills.push(f.qty, f.remaining),
      },
      { initialCash: 10_000, participation: 0.1, costs: [commissionPerOrder(1)] },
    );
    // 10 % of volume: 100 on bar 1, 40 on bar 2, the last 110 on bar 3 (cap 500)
    expect(fills).toEqual([100, 150, 40, 110, 110, 0]);
    expect(r.totalFees).toBe(3);
    expect(Array.from(r.positions[0]!)).toEqual([0, 100, 140, 250]);
  });
});

describe("no look-ahead and bad input", () => {
  const b = bars("X", [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 2, 3]);
  it("the strategy cannot read the future; onFill sees only the previous close", () => {
    let seen = NaN;
    expect(() =>
      runEventBacktest([b], { onBar: (ctx) => void ctx.price(0, "close", -1) }, { initialCash: 1 }),
    ).toThrow(/future/);
    runEventBacktest(
      [b],
      {
        onBar: (ctx) => {
          if (ctx.bar === 0) ctx.submit({ asset: 0, qty: 1 });
        },
        onFill: (ctx) => (seen = ctx.price(0, "close")),
      },
      { initialCash: 10 },
    );
    expect(seen).toBe(1); // filled on bar 1, whose close (2) is not known yet
  });

  it("typed errors naming symbol and bar", () => {
    const err = (fn: () => unknown): ValidationError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof ValidationError) return e;
      }
      throw new Error("no ValidationError");
    };
    const e1 = err(() =>
      runEventBacktest([b], script({ 1: [{ asset: 0, qty: 1, type: "iceberg" as "market" }] }), {
        initialCash: 1,
      }),
    );
    expect([e1.location.symbol, e1.location.bar]).toEqual(["X", 1]);
    expect(e1.message).toMatch(/unknown order type "iceberg"/);
    expect(
      err(() =>
        runEventBacktest([b], script({ 0: [{ asset: 0, qty: 1, type: "limit" }] }), { initialCash: 1 }),
      ).message,
    ).toMatch(/needs a finite limit/);
    const nan = bars("N", [1, NaN, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]);
    const e2 = err(() => runEventBacktest([nan], script({ 0: [{ asset: 0, qty: 1 }] }), { initialCash: 10 }));
    expect([e2.location.symbol, e2.location.bar]).toEqual(["N", 1]);
    const e3 = err(() => runEventBacktest([b], script({ 0: [{ asset: 0, qty: 100 }] }), { initialCash: 10 }));
    expect([e3.location.symbol, e3.location.bar, e3.location.field]).toEqual(["X", 1, "cash"]);
  });
});

// ------------------------------------------------------------ the two engines agree

/** Random OHLC bars for `nA` assets and random integer targets (NaN = no decision). */
const scenario = fc
  .record({
    nA: fc.integer({ min: 1, max: 3 }),
    n: fc.integer({ min: 3, max: 40 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    stops: fc.boolean(),
  })
  .map((p) => {
    const rnd = seededRandom(p.seed);
    const bs: Bars[] = [];
    const targets: Float64Array[] = [];
    for (let k = 0; k < p.nA; k++) {
      let px = 50 + 50 * rnd();
      const o: number[] = [],
        h: number[] = [],
        l: number[] = [],
        c: number[] = [];
      for (let t = 0; t < p.n; t++) {
        const op = px * (1 + 0.04 * (rnd() - 0.5));
        const cl = op * (1 + 0.04 * (rnd() - 0.5));
        o.push(op);
        c.push(cl);
        h.push(Math.max(op, cl) * (1 + 0.02 * rnd()));
        l.push(Math.min(op, cl) * (1 - 0.02 * rnd()));
        px = cl;
      }
      bs.push(makeBars(`A${k}`, { time: o.map((_, i) => i * day), open: o, high: h, low: l, close: c }));
      targets.push(
        Float64Array.from({ length: p.n }, () => (rnd() < 0.2 ? NaN : Math.round(8 * (rnd() - 0.5)))),
      );
    }
    return { bars: bs, targets, stops: p.stops };
  });

/**
 * The vectorised engine's rules written as an event strategy: market orders to the target, a stop-loss
 * placed at each entry fill, and no re-entry after a stop until the target changes.
 */
function targetStrategy(targets: Float64Array[], stopLoss: number | null): EventStrategy {
  const lastTarget = targets.map(() => NaN);
  const suppressed = targets.map(() => NaN);
  const stopId = targets.map(() => -1);
  return {
    onBar(ctx: EventContext) {
      targets.forEach((tg, k) => {
        const tv = tg[ctx.bar]!;
        if (tv !== tv) return;
        lastTarget[k] = tv;
        if (suppressed[k] === suppressed[k]) {
          if (tv === suppressed[k]) return;
          suppressed[k] = NaN;
        }
        const p = ctx.position(k);
        if (tv !== p) ctx.submit({ asset: k, qty: tv - p });
      });
    },
    onFill(ctx, f) {
      const k = f.asset;
      const p = ctx.position(k);
      if (f.orderId === stopId[k]) {
        stopId[k] = -1;
        suppressed[k] = lastTarget[k]!;
        return;
      }
      if (stopLoss === null) return;
      const before = p - f.qty;
      if (stopId[k]! >= 0) ctx.cancel(stopId[k]!);
      stopId[k] = -1;
      if (p === 0) return;
      // a new or flipped position: entry at this fill; (the scenarios never add to a position in the same direction with stops)
      const entry = before === 0 || Math.sign(before) !== Math.sign(p) ? f.price : NaN;
      if (entry !== entry) return;
      stopId[k] = ctx.submit({
        asset: k,
        qty: -p,
        type: "stop",
        stop: p > 0 ? entry * (1 - stopLoss) : entry * (1 + stopLoss),
      });
    },
  };
}

describe("the event-driven and vectorised engines give the same equity for the same strategy", () => {
  it("market orders to targets with costs, long/short, multi-asset (and stop-losses)", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        // with stops, targets only flip or go flat (no adding), so the entry price is the fill price in both
        const targets = sc.stops
          ? sc.targets.map((t) => t.map((v) => (v !== v ? v : Math.sign(v) * 3)))
          : sc.targets;
        const costs = [slippageBps(3), commissionPerContract(0.25), commissionPerOrder(1)];
        const vec = runBacktest(sc.bars, targets, {
          initialCash: 100_000,
          costs,
          allowNegativeCash: true,
          stops: sc.stops ? { stopLoss: 0.015 } : undefined,
        });
        const ev = runEventBacktest(sc.bars, targetStrategy(targets, sc.stops ? 0.015 : null), {
          initialCash: 100_000,
          costs,
          allowNegativeCash: true,
        });
        for (let t = 0; t < vec.equity.length; t++) {
          expect(Math.abs(ev.equity[t]! - vec.equity[t]!)).toBeLessThanOrEqual(1e-9 * 100_000);
        }
        expect(ev.fillCount).toBe(vec.fillCount);
      }),
      { numRuns: 300 },
    );
  });

  it("no look-ahead: changing bars after t leaves the event engine's fills up to t unchanged", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 38 }), (sc, cutRaw) => {
        const n = sc.bars[0]!.time.length;
        const cut = cutRaw % (n - 1);
        // a strategy mixing limit and stop orders around the last close
        const strat = (): EventStrategy => ({
          onBar(ctx) {
            sc.bars.forEach((_, k) => {
              const c = ctx.price(k, "close");
              if (ctx.bar % 3 === 0)
                ctx.submit({ asset: k, qty: 2, type: "limit", limit: c * 0.99, tif: "day" });
              if (ctx.bar % 4 === 1) ctx.submit({ asset: k, qty: -1, type: "stop", stop: c * 0.985 });
              if (ctx.bar % 5 === 2)
                ctx.submit({ asset: k, qty: 1, type: "stop-limit", stop: c * 1.01, limit: c * 1.015 });
            });
          },
        });
        const base = runEventBacktest(sc.bars, strat(), { initialCash: 1e6, allowNegativeCash: true });
        const changed = sc.bars.map((b) => {
          const f = (a: Float64Array, s: number): Float64Array => a.map((v, t) => (t > cut ? v * s : v));
          return {
            ...b,
            open: f(b.open, 1.07),
            high: f(b.high, 1.1),
            low: f(b.low, 0.95),
            close: f(b.close, 0.97),
          };
        });
        const r = runEventBacktest(changed, strat(), { initialCash: 1e6, allowNegativeCash: true });
        const upTo = (x: typeof r): number[][] => {
          const rows: number[][] = [];
          for (let i = 0; i < x.fills.count && x.fills.bar[i]! <= cut; i++)
            rows.push([x.fills.bar[i]!, x.fills.qty[i]!, x.fills.price[i]!]);
          return rows;
        };
        expect(upTo(r)).toEqual(upTo(base));
      }),
      { numRuns: 200 },
    );
  });
});
