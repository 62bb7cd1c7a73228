import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { makeBars, ValidationError, type Bars } from "../../src/lib/data/index.js";
import {
  commissionPerContract,
  commissionPerOrder,
  commissionPercent,
  slippageBps,
  slippageVolScaled,
  spreadCost,
  sqrtImpact,
  FILL_REASON,
  runBacktest,
  targetsFromSignals,
  type BacktestOptions,
  type BacktestResult,
  type CostModel,
} from "../../src/lib/backtest/index.js";
import { seededRandom } from "../../src/lib/math/index.js";

/** Bars from open/close (high/low default to the max/min of open and close). */
function bars(symbol: string, open: number[], close: number[], high?: number[], low?: number[]): Bars {
  return makeBars(symbol, {
    time: open.map((_, i) => Date.UTC(2020, 0, 1 + i)),
    open,
    close,
    high: high ?? open.map((o, i) => Math.max(o, close[i]!)),
    low: low ?? open.map((o, i) => Math.min(o, close[i]!)),
  });
}

const f64 = (a: number[]): Float64Array => Float64Array.from(a);

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("worked examples computed by hand", () => {
  it("two trades with slippage and a per-order fee", () => {
    // buy 100 at 10·1.0005 = 10.005 (fee 1); sell 100 at 12.5·0.9995 = 12.49375 (fee 1)
    const r = runBacktest([bars("X", [10, 10, 11, 12.5], [10, 11, 12, 12])], [f64([100, 100, 0, 0])], {
      initialCash: 10_000,
      costs: [slippageBps(5), commissionPerOrder(1)],
    });
    expect(r.fills.count).toBe(2);
    expect(r.fills.price[0]).toBeCloseTo(10.005, 12);
    expect(r.fills.price[1]).toBeCloseTo(12.49375, 12);
    expect(Array.from(r.fills.fee)).toEqual([1, 1]);
    expect(r.fills.slippage[0]).toBeCloseTo(0.5, 12); // 100 · 0.005
    expect(r.fills.slippage[1]).toBeCloseTo(0.625, 12); // 100 · 0.00625
    expect(r.cash[0]).toBe(10_000);
    expect(r.cash[1]).toBeCloseTo(8_998.5, 9);
    expect(r.equity[1]).toBeCloseTo(10_098.5, 9); // 8998.5 + 100·11
    expect(r.equity[2]).toBeCloseTo(10_198.5, 9);
    expect(r.equity[3]).toBeCloseTo(10_246.875, 9); // 8998.5 + 1249.375 − 1
    expect(r.totalFees).toBe(2);
    expect(r.totalSlippage).toBeCloseTo(1.125, 12);
  });

  it("a long/short round trip with spread, per-share and percent commissions", () => {
    // bar 1 open 20: sell short 50 at 20 − 0.05 = 19.95; fees 50·0.01 + 0.001·50·19.95 = 0.5 + 0.9975
    // bar 3 open 18: buy back 50 at 18.05;            fees 0.5 + 0.001·50·18.05 = 0.5 + 0.9025
    const r = runBacktest(
      [bars("Y", [20, 20, 19, 18, 18], [20, 19.5, 18.5, 18, 18])],
      [f64([-50, -50, 0, 0, 0])],
      { initialCash: 1_000, costs: [spreadCost(0.1), commissionPerContract(0.01), commissionPercent(0.001)] },
    );
    expect(Array.from(r.fills.qty)).toEqual([-50, 50]);
    expect(r.fills.price[0]).toBeCloseTo(19.95, 12);
    expect(r.fills.price[1]).toBeCloseTo(18.05, 12);
    expect(r.fills.fee[0]).toBeCloseTo(1.4975, 12);
    expect(r.fills.fee[1]).toBeCloseTo(1.4025, 12);
    // equity at bar 2: 1000 + 50·19.95 − 1.4975 − 50·18.5 = 1000 + 72.5 − 1.4975
    expect(r.equity[2]).toBeCloseTo(1_071.0025, 9);
    // final: 1000 + 50·(19.95 − 18.05) − 2.9 = 1092.1
    expect(r.equity[4]).toBeCloseTo(1_092.1, 9);
    expect(r.positions[0]![4]).toBe(0);
  });

  it("next-close and same-bar-close fill at the stated closes; same-bar is flagged", () => {
    const b = [bars("X", [10, 11, 12, 13], [10.5, 11.5, 12.5, 13.5])];
    const tg = [f64([1, 1, 1, 1])];
    const nc = runBacktest(b, tg, { initialCash: 100, execution: "next-close" });
    expect([nc.fills.bar[0], nc.fills.price[0], nc.lookAheadProne]).toEqual([1, 11.5, false]);
    const sb = runBacktest(b, tg, { initialCash: 100, execution: "same-bar-close" });
    expect([sb.fills.bar[0], sb.fills.price[0], sb.lookAheadProne]).toEqual([0, 10.5, true]);
    const no = runBacktest(b, tg, { initialCash: 100 });
    expect([no.fills.bar[0], no.fills.price[0], no.execution]).toEqual([1, 11, "next-open"]);
  });

  it("a stop-loss hit by a gap fills at the open, not at the stop level", () => {
    // long 10 from the open of bar 1 at 100·1.001 = 100.1; stop 5 % below entry = 95.095
    // bar 2 opens at 90 (through the stop): sold at 90·0.999 = 89.91
    const o = [100, 100, 90, 91, 92, 93, 94];
    const c = [100, 98, 91, 92, 93, 94, 95];
    const h = [100, 102, 92, 93, 94, 95, 96];
    const l = [100, 97, 88, 90, 91, 92, 93];
    const r = runBacktest([bars("G", o, c, h, l)], [f64([10, 10, 10, 10, 0, 10, 10])], {
      initialCash: 10_000,
      costs: [slippageBps(10)],
      stops: { stopLoss: 0.05 },
    });
    expect(r.fills.reason[1]).toBe(FILL_REASON.stopLoss);
    expect(r.fills.bar[1]).toBe(2);
    expect(r.fills.refPrice[1]).toBe(90);
    expect(r.fills.price[1]).toBeCloseTo(89.91, 12);
    expect(r.equity[2]).toBeCloseTo(10_000 - 1_001 + 899.1, 9);
    // still wanting 10 units does not re-enter; a new decision (0 then 10) does, at the open of bar 6
    expect(Array.from(r.positions[0]!)).toEqual([0, 10, 0, 0, 0, 0, 10]);
    expect(r.fills.count).toBe(3);
    expect([r.fills.bar[2], r.fills.refPrice[2]]).toEqual([6, 94]);
  });

  it("a stop inside the range fills at the stop level; trailing and take-profit; shorts mirrored", () => {
    // long 1 at 100, trailing 10 %: bar 1 high 110 raises the trail to 99; bar 2 low 98 → exit at 99
    const tr = runBacktest(
      [bars("T", [100, 100, 105, 100], [100, 108, 100, 100], [100, 110, 106, 100], [100, 99.5, 98, 100])],
      [f64([1, 1, 1, 1])],
      { initialCash: 1_000, stops: { trailing: 0.1 } },
    );
    expect([tr.fills.bar[1], tr.fills.price[1], tr.fills.reason[1]]).toEqual([
      2,
      99,
      FILL_REASON.trailingStop,
    ]);
    // short 2 at 50, stop-loss 10 % (55) and take-profit 20 % (40): bar 2 high 56 → buy back at 55
    const sh = runBacktest(
      [bars("S", [50, 50, 53, 50], [50, 52, 54, 50], [50, 53, 56, 50], [50, 49, 52, 50])],
      [f64([-2, -2, -2, -2])],
      { initialCash: 1_000, stops: { stopLoss: 0.1, takeProfit: 0.2 } },
    );
    expect([sh.fills.bar[1], sh.fills.qty[1], sh.fills.reason[1]]).toEqual([2, 2, FILL_REASON.stopLoss]);
    expect(sh.fills.price[1]).toBeCloseTo(55, 12);
    expect(sh.equity[3]).toBeCloseTo(1_000 - 2 * 5, 9); // bought back 5 above the entry
    // long take-profit 5 % above 100 = 105, touched by bar 2's high
    const tp = runBacktest(
      [bars("P", [100, 100, 103, 100], [100, 102, 104, 100], [100, 104, 106, 100], [100, 99, 102, 100])],
      [f64([1, 1, 1, 1])],
      { initialCash: 1_000, stops: { takeProfit: 0.05, stopLoss: 0.05 } },
    );
    expect([tp.fills.bar[1], tp.fills.price[1], tp.fills.reason[1]]).toEqual([
      2,
      105,
      FILL_REASON.takeProfit,
    ]);
  });

  it("a futures roll carries the position to the new contract with roll costs and no equity gap", () => {
    // NG-like: multiplier 10,000, commission 2.5 per contract. Long 2 bought at 3.000 (bar 1).
    // Bar 3 is the first bar of the new contract, which opens at 3.300; the old one would open at 3.150.
    const b = bars("NG", [3.0, 3.0, 3.05, 3.3, 3.25], [3.0, 3.05, 3.1, 3.25, 3.3]);
    const flags = Uint8Array.from([0, 0, 0, 1, 0]);
    const gap = f64([0, 0, 0, 0.15, 0]);
    const r = runBacktest([b], [f64([2, 2, 2, 2, 2])], {
      initialCash: 100_000,
      multiplier: [10_000],
      tickSize: [0.001],
      costs: [commissionPerContract(2.5)],
      rolls: { flags: [flags], gap: [gap] },
      margin: { initial: [5_000], maintenance: [4_000] },
    });
    expect(r.equity[1]).toBeCloseTo(100_000 - 5 + 2 * 0.05 * 10_000, 6); // 100,995
    expect(r.equity[2]).toBeCloseTo(101_995, 6);
    // roll: sell 2 old at 3.15 (+0.05 vs close 3.10 → +1,000), buy 2 new at 3.30, close 3.25 (−1,000), fees 10
    expect(r.equity[3]).toBeCloseTo(101_985, 6);
    expect(r.equity[4]).toBeCloseTo(101_985 + 2 * 0.05 * 10_000, 6);
    expect(Array.from(r.fills.reason)).toEqual([
      FILL_REASON.signal,
      FILL_REASON.rollClose,
      FILL_REASON.rollOpen,
    ]);
    expect(r.fills.price[1]).toBeCloseTo(3.15, 12);
    expect(r.fills.price[2]).toBeCloseTo(3.3, 12);
    expect(Array.from(r.positions[0]!)).toEqual([0, 2, 2, 2, 2]);
  });

  it("tick rounding moves fill prices to the tick against the trader", () => {
    // 1 bp slippage on 3.000 → 3.0003, bought at the next tick 3.001; sold: 3.2·0.9999 = 3.19968 → 3.199
    const r = runBacktest([bars("NG", [3, 3, 3.2, 3.2], [3, 3.1, 3.2, 3.2])], [f64([1, 1, 0, 0])], {
      initialCash: 100_000,
      multiplier: [10_000],
      tickSize: [0.001],
      costs: [slippageBps(1)],
      allowNegativeCash: true,
    });
    expect(r.fills.price[0]).toBeCloseTo(3.001, 12);
    expect(r.fills.price[1]).toBeCloseTo(3.199, 12);
    expect(r.equity[3]).toBeCloseTo(100_000 + (3.199 - 3.001) * 10_000, 6);
  });

  it("a margin call forces a reduction to the initial margin", () => {
    // multiplier 1,000, initial 5,000 / maintenance 4,000 per contract, cash 20,000, long 4 at 50.
    // bar 1 close 49: equity 16,000 = maintenance 16,000 → no call.
    // bar 2 close 48: equity 12,000 < 16,000 → keep floor(4 · 12,000 / 20,000) = 2, sell 2 at 48.
    // bar 3: still targeting 4, but suppressed after the call; close 47 → equity 10,000.
    const b = bars("CL", [50, 50, 49, 48], [50, 49, 48, 47]);
    const r = runBacktest([b], [f64([4, 4, 4, 4])], {
      initialCash: 20_000,
      multiplier: [1_000],
      margin: { initial: [5_000], maintenance: [4_000] },
    });
    expect(r.marginCalls).toEqual([2]);
    expect(Array.from(r.positions[0]!)).toEqual([0, 4, 2, 2]);
    expect(Array.from(r.equity)).toEqual([20_000, 16_000, 12_000, 10_000]);
    expect([r.fills.bar[1], r.fills.qty[1], r.fills.price[1], r.fills.reason[1]]).toEqual([
      2,
      -2,
      48,
      FILL_REASON.marginCall,
    ]);
    expect(r.cash[2]).toBe(20_000 - 4 * 50_000 + 2 * 48_000);
  });

  it("an order above the initial margin is cut to what the equity supports", () => {
    // equity 20,000 and 5,000 initial per contract: a target of 7 is filled as 4
    const r = runBacktest([bars("CL", [50, 50, 50], [50, 50, 50])], [f64([7, 7, 7])], {
      initialCash: 20_000,
      multiplier: [1_000],
      margin: { initial: [5_000], maintenance: [4_000] },
    });
    expect(Array.from(r.positions[0]!)).toEqual([0, 4, 4]);
  });

  it("FX: only the P&L of a foreign-currency position carries currency risk", () => {
    // 10 units of a EUR asset bought at 100 (EUR 1,000), EURUSD 1.10 → 1.20, price 100 → 110:
    // equity = 10,000 + (−1,000 + 1,100) · 1.20 = 10,120 USD; cash = 10,000 − 1,000 · 1.20 = 8,800
    const r = runBacktest([bars("EU", [100, 100, 110], [100, 100, 110])], [f64([10, 10, 10])], {
      initialCash: 10_000,
      fx: [f64([1.1, 1.1, 1.2])],
    });
    expect(r.equity[1]).toBeCloseTo(10_000, 9);
    expect(r.cash[1]).toBeCloseTo(8_900, 9);
    expect(r.equity[2]).toBeCloseTo(10_120, 9);
    expect(r.cash[2]).toBeCloseTo(8_800, 9);
  });

  it("targetsFromSignals scales signals and keeps NaN as no decision", () => {
    const [t] = targetsFromSignals([f64([NaN, 1, -1, 0])], 3);
    expect(Number.isNaN(t![0])).toBe(true);
    expect(Array.from(t!.subarray(1))).toEqual([3, -3, 0]);
  });
});

describe("bad input is a ValidationError naming symbol and bar", () => {
  const b = bars("X", [10, 10, 10], [10, 10, 10]);
  it("signals not aligned with bars", () => {
    const e = thrown(() => runBacktest([b], [f64([1, 1])], { initialCash: 100 }));
    expect(e.location.symbol).toBe("X");
    expect(e.message).toMatch(/not aligned/);
    expect(thrown(() => runBacktest([b], [], { initialCash: 100 })).message).toMatch(/0 target arrays/);
  });
  it("bars on different time axes", () => {
    const other = makeBars("Y", {
      time: [0, 5, 9],
      open: [1, 1, 1],
      high: [1, 1, 1],
      low: [1, 1, 1],
      close: [1, 1, 1],
    });
    const e = thrown(() => runBacktest([b, other], [f64([0, 0, 0]), f64([0, 0, 0])], { initialCash: 1 }));
    expect([e.location.symbol, e.location.bar]).toEqual(["Y", 0]);
  });
  it("a NaN price on a bar with an order", () => {
    const nanBar = bars("Z", [10, NaN, 10], [10, 10, 10], [10, 10, 10], [10, 10, 10]);
    const e = thrown(() => runBacktest([nanBar], [f64([1, 1, 1])], { initialCash: 100 }));
    expect([e.location.symbol, e.location.bar, e.location.field]).toEqual(["Z", 1, "open"]);
    // the same missing bar without an order is fine
    expect(runBacktest([nanBar], [f64([0, 0, 0])], { initialCash: 100 }).equity[2]).toBe(100);
  });
  it("negative cash without margin", () => {
    const e = thrown(() => runBacktest([b], [f64([20, 20, 20])], { initialCash: 100 }));
    expect([e.location.symbol, e.location.bar]).toEqual(["X", 1]);
    expect(e.message).toMatch(/without margin/);
  });
  it("a zero multiplier, an unknown execution, an unknown cost kind, an infinite target", () => {
    expect(
      thrown(() => runBacktest([b], [f64([0, 0, 0])], { initialCash: 1, multiplier: [0] })).location.symbol,
    ).toBe("X");
    expect(
      thrown(() =>
        runBacktest([b], [f64([0, 0, 0])], { initialCash: 1, execution: "market-on-moon" as "next-open" }),
      ).message,
    ).toMatch(/unknown execution/);
    expect(
      thrown(() =>
        runBacktest([b], [f64([0, 0, 0])], {
          initialCash: 1,
          costs: [{ kind: "bribe" } as unknown as CostModel],
        }),
      ).message,
    ).toMatch(/unknown cost model kind "bribe"/);
    const e = thrown(() => runBacktest([b], [f64([Infinity, 0, 0])], { initialCash: 1 }));
    expect([e.location.symbol, e.location.bar]).toEqual(["X", 1]);
  });
});

// ---------------------------------------------------------------- property-based tests

interface Scenario {
  bars: Bars[];
  targets: Float64Array[];
  options: BacktestOptions;
  /** Per-bar cost data (spread, volatility, ADV) used by the data-driven cost models. */
  costData: { spread: Float64Array[]; vol: Float64Array[]; adv: Float64Array[] };
}

/** The data-driven cost models of a scenario (read at the decision bar). */
function dataCosts(d: Scenario["costData"]): CostModel[] {
  return [spreadCost(d.spread), slippageVolScaled(0.1, d.vol), sqrtImpact(0.5, d.vol, d.adv)];
}

/** A random OHLC path per asset and random integer targets (with NaN "no decision"). */
const scenarioArb = fc
  .record({
    nA: fc.integer({ min: 1, max: 3 }),
    n: fc.integer({ min: 2, max: 40 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    exec: fc.constantFrom("next-open", "next-close", "same-bar-close") as fc.Arbitrary<
      BacktestOptions["execution"]
    >,
    withCosts: fc.boolean(),
    withStops: fc.boolean(),
    withFx: fc.boolean(),
    withMargin: fc.boolean(),
    withRolls: fc.boolean(),
    mult: fc.constantFrom(1, 50, 1000),
  })
  .map((p): Scenario => {
    const rnd = seededRandom(p.seed);
    const time = Array.from({ length: p.n }, (_, i) => i * 60_000);
    const bs: Bars[] = [];
    const targets: Float64Array[] = [];
    const flags: Uint8Array[] = [];
    const gaps: Float64Array[] = [];
    const fx: Float64Array[] = [];
    const costData: Scenario["costData"] = { spread: [], vol: [], adv: [] };
    for (let k = 0; k < p.nA; k++) {
      let px = 50 + 100 * rnd();
      const o: number[] = [];
      const h: number[] = [];
      const l: number[] = [];
      const c: number[] = [];
      for (let t = 0; t < p.n; t++) {
        const op = px * (1 + 0.03 * (rnd() - 0.5));
        const cl = op * (1 + 0.03 * (rnd() - 0.5));
        o.push(op);
        c.push(cl);
        h.push(Math.max(op, cl) * (1 + 0.02 * rnd()));
        l.push(Math.min(op, cl) * (1 - 0.02 * rnd()));
        px = cl;
      }
      bs.push(makeBars(`A${k}`, { time, open: o, high: h, low: l, close: c }));
      targets.push(
        Float64Array.from({ length: p.n }, () => (rnd() < 0.15 ? NaN : Math.round(10 * (rnd() - 0.5)))),
      );
      flags.push(Uint8Array.from({ length: p.n }, () => (rnd() < 0.1 ? 1 : 0)));
      gaps.push(Float64Array.from({ length: p.n }, () => 5 * (rnd() - 0.5)));
      fx.push(Float64Array.from({ length: p.n }, () => 0.8 + 0.4 * rnd()));
      costData.spread.push(Float64Array.from({ length: p.n }, () => 0.05 * rnd()));
      costData.vol.push(Float64Array.from({ length: p.n }, () => 0.02 * rnd()));
      costData.adv.push(Float64Array.from({ length: p.n }, () => 100 + 1000 * rnd()));
    }
    const costs: CostModel[] = p.withCosts
      ? [
          slippageBps(3),
          commissionPerContract(0.5),
          commissionPercent(2e-4),
          spreadCost(0.02),
          commissionPerOrder(1),
          ...dataCosts(costData),
        ]
      : [];
    const options: BacktestOptions = {
      initialCash: 1_000_000,
      execution: p.exec,
      multiplier: bs.map(() => p.mult),
      costs,
      allowNegativeCash: true,
    };
    if (p.withStops) options.stops = { stopLoss: 0.01, takeProfit: 0.02, trailing: 0.015 };
    if (p.withFx) options.fx = fx;
    if (p.withRolls) options.rolls = { flags, gap: gaps };
    if (p.withMargin) {
      options.margin = { initial: bs.map(() => 60 * p.mult), maintenance: bs.map(() => 50 * p.mult) };
      options.initialCash = 300 * p.mult; // small enough that margin calls happen
    }
    return { bars: bs, targets, options, costData };
  });

/** Rebuilds cash and positions from the fill log alone, then checks the books against them. */
function checkBooks(sc: Scenario, r: BacktestResult): void {
  const n = sc.bars[0]!.time.length;
  const nA = sc.bars.length;
  const m = sc.options.multiplier ?? sc.bars.map(() => 1);
  const pos = new Float64Array(nA);
  const ccy = new Float64Array(nA);
  let fees = 0;
  let i = 0;
  for (let t = 0; t < n; t++) {
    while (i < r.fills.count && r.fills.bar[i] === t) {
      const k = r.fills.asset[i]!;
      pos[k]! += r.fills.qty[i]!;
      ccy[k]! -= r.fills.qty[i]! * r.fills.price[i]! * m[k]!;
      fees += r.fills.fee[i]!;
      i++;
    }
    let cash = sc.options.initialCash - fees;
    let value = 0;
    let gross = Math.abs(sc.options.initialCash);
    for (let k = 0; k < nA; k++) {
      const fx = sc.options.fx ? sc.options.fx[k]![t]! : 1;
      cash += ccy[k]! * fx;
      const v = r.positions[k]![t]! * sc.bars[k]!.close[t]! * m[k]! * fx;
      value += v;
      gross += Math.abs(v) + Math.abs(ccy[k]! * fx);
      expect(r.positions[k]![t]).toBeCloseTo(pos[k]!, 9);
    }
    // the accounting identity, to 1e-9 relative
    expect(Math.abs(r.equity[t]! - (r.cash[t]! + value))).toBeLessThanOrEqual(1e-9 * gross);
    expect(Math.abs(r.cash[t]! - cash)).toBeLessThanOrEqual(1e-9 * gross);
  }
  expect(i).toBe(r.fills.count);
}

/** The fill log up to bar `cut` as rows of (bar, asset, qty, price, fee). */
function fillRowsUpTo(x: BacktestResult, cut: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < x.fills.count && x.fills.bar[i]! <= cut; i++) {
    rows.push([x.fills.bar[i]!, x.fills.asset[i]!, x.fills.qty[i]!, x.fills.price[i]!, x.fills.fee[i]!]);
  }
  return rows;
}

describe("properties (fast-check)", () => {
  it("equity = cash + Σ position · close · multiplier · fx at every bar; books match the fill log", () => {
    let marginCalls = 0;
    let otherFills = 0;
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const r = runBacktest(sc.bars, sc.targets, sc.options);
        checkBooks(sc, r);
        marginCalls += r.marginCalls.length;
        for (let i = 0; i < r.fills.count; i++) if (r.fills.reason[i] !== FILL_REASON.signal) otherFills++;
      }),
      { numRuns: 300 },
    );
    // the random scenarios do exercise margin calls, stops and rolls
    expect(marginCalls).toBeGreaterThan(0);
    expect(otherFills).toBeGreaterThan(50);
  });

  it("no look-ahead: changing anything after bar t leaves every fill up to t unchanged", () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (sc, frac, salt) => {
        const n = sc.bars[0]!.time.length;
        const cut = Math.min(n - 2, Math.floor(frac * (n - 1)));
        const base = runBacktest(sc.bars, sc.targets, sc.options);
        const bump = (a: Float64Array, scale: number): Float64Array => {
          const b = a.slice();
          for (let t = cut + 1; t < n; t++) b[t] = b[t]! * (1 + scale * Math.sin(salt + t));
          return b;
        };
        const bars2 = sc.bars.map((b) => {
          const o = bump(b.open, 0.05);
          const c = bump(b.close, 0.05);
          const hi = bump(b.high, 0.05);
          const lo = bump(b.low, 0.05);
          for (let t = 0; t < n; t++) {
            hi[t] = Math.max(hi[t]!, o[t]!, c[t]!);
            lo[t] = Math.min(lo[t]!, o[t]!, c[t]!);
          }
          return { ...b, open: o, close: c, high: hi, low: lo };
        });
        const targets2 = sc.targets.map((a) => {
          const b = a.slice();
          for (let t = cut + 1; t < n; t++) b[t] = Math.round(8 * Math.sin(salt * 7 + t));
          return b;
        });
        // the per-bar cost data after the cut change too
        const costData2 = {
          spread: sc.costData.spread.map((a) => bump(a, 0.5)),
          vol: sc.costData.vol.map((a) => bump(a, 0.5)),
          adv: sc.costData.adv.map((a) => bump(a, 0.5)),
        };
        const costs2 = sc.options.costs?.length
          ? [
              ...sc.options.costs.filter(
                (c) =>
                  !["spread", "slippageVolScaled", "sqrtImpact"].includes(c.kind) ||
                  (c.kind === "spread" && typeof c.spread === "number"),
              ),
              ...dataCosts(costData2),
            ]
          : [];
        const r = runBacktest(bars2, targets2, { ...sc.options, costs: costs2 });
        expect(fillRowsUpTo(r, cut)).toEqual(fillRowsUpTo(base, cut));
        expect(Array.from(r.equity.subarray(0, cut + 1))).toEqual(
          Array.from(base.equity.subarray(0, cut + 1)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("no intrabar look-ahead: a next-open fill ignores its own bar's close, range and cost data", () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (sc0, frac) => {
        // next-open, no stops or margin (those legitimately use the bar's range and close)
        const sc = {
          ...sc0,
          options: {
            ...sc0.options,
            execution: "next-open" as const,
            stops: undefined,
            margin: undefined,
            allowNegativeCash: true,
          },
        };
        const n = sc.bars[0]!.time.length;
        const cut = Math.min(n - 1, 1 + Math.floor(frac * (n - 1)));
        const base = runBacktest(sc.bars, sc.targets, sc.options);
        // change everything from bar `cut` on except bar cut's open (what a fill at that open may see)
        const from = (a: Float64Array, start: number, s: number): Float64Array =>
          a.map((v, t) => (t >= start ? v * s : v));
        const bars2 = sc.bars.map((b) => {
          const o = from(b.open, cut + 1, 1.05);
          const c = from(b.close, cut, 0.93);
          const h = from(b.high, cut, 1.2).map((v, t) => Math.max(v, o[t]!, c[t]!));
          const l = from(b.low, cut, 0.8).map((v, t) => Math.min(v, o[t]!, c[t]!));
          return { ...b, open: o, high: h, low: l, close: c };
        });
        const costData2 = {
          spread: sc.costData.spread.map((a) => from(a, cut, 3)),
          vol: sc.costData.vol.map((a) => from(a, cut, 3)),
          adv: sc.costData.adv.map((a) => from(a, cut, 0.2)),
        };
        const costs2 = sc.options.costs?.length
          ? [
              ...sc.options.costs.filter(
                (c) =>
                  !["slippageVolScaled", "sqrtImpact"].includes(c.kind) &&
                  !(c.kind === "spread" && typeof c.spread !== "number"),
              ),
              ...dataCosts(costData2),
            ]
          : [];
        const targets2 = sc.targets.map((a) => from(a, cut, -1));
        const r = runBacktest(bars2, targets2, { ...sc.options, costs: costs2 });
        expect(fillRowsUpTo(r, cut)).toEqual(fillRowsUpTo(base, cut));
      }),
      { numRuns: 200 },
    );
  });

  it("one asset alone (books kept in the same pass) equals the same asset next to one that never trades", () => {
    // alone, one asset without margin or FX takes the engine's single-pass path (with a fast-forward
    // between orders); with a second, idle asset the same asset goes through the general multi-asset path
    const idle = (b: Bars): Bars => ({ ...b, symbol: "IDLE" });
    const same = (a: Float64Array, b: Float64Array): boolean => a.every((x, i) => Object.is(x, b[i]));
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), (sc, hold, gap) => {
        const b = sc.bars[0]!;
        const n = b.time.length;
        // long runs of one target (the fast-forward's case), and optionally a missing close mid-run
        const target = sc.targets[0]!.map((_, t) => sc.targets[0]![t - (t % hold)]!);
        const close = b.close.slice();
        if (gap && n > 4) close[n - 3] = NaN;
        const bars1 = { ...b, close };
        const { margin: _m, fx: _f, rolls, ...rest } = sc.options;
        const options: BacktestOptions = { ...rest, multiplier: [sc.options.multiplier![0]!] };
        // the cost models that take no per-asset data
        if (rest.costs!.length > 0) {
          options.costs = [
            slippageBps(3),
            commissionPerContract(0.5),
            commissionPercent(2e-4),
            spreadCost(0.02),
            commissionPerOrder(1),
          ];
        }
        if (rolls !== undefined) options.rolls = { flags: [rolls.flags[0]!], gap: [rolls.gap[0]!] };
        const run = (bs: Bars[], ts: Float64Array[], opts: BacktestOptions): BacktestResult | string => {
          try {
            return runBacktest(bs, ts, opts);
          } catch (e) {
            return (e as Error).message;
          }
        };
        const alone = run([bars1], [target], options);
        const pair = run([bars1, idle(bars1)], [target, new Float64Array(n).fill(NaN)], {
          ...options,
          multiplier: [options.multiplier![0]!, 1],
          ...(rolls !== undefined
            ? { rolls: { flags: [rolls.flags[0]!, rolls.flags[0]!], gap: [rolls.gap[0]!, rolls.gap[0]!] } }
            : {}),
        });
        if (typeof alone === "string" || typeof pair === "string") {
          expect(alone).toEqual(pair);
          return;
        }
        expect(same(alone.equity, pair.equity)).toBe(true);
        expect(same(alone.cash, pair.cash)).toBe(true);
        expect(same(alone.positions[0]!, pair.positions[0]!)).toBe(true);
        expect(alone.fillCount).toBe(pair.fillCount);
        expect(alone.totalFees).toBe(pair.totalFees);
      }),
      { numRuns: 300 },
    );
  });
});
