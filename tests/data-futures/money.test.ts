import { describe, expect, it } from "vitest";
import {
  FUTURES_CONTRACT_REGISTRY,
  futuresMargin,
  futuresNotional,
  futuresPnlSeries,
  futuresPriceToTicks,
  futuresSpec,
  futuresTickPnl,
  fxRateAsOf,
  parseFuturesRegistry,
  toAccountCurrency,
} from "../../src/lib/data/futures/index.js";
import { ConfigError, ValidationError } from "../../src/lib/data/types.js";

describe("contract registry", () => {
  it("has the 18 markets with tick values from the exchanges' published specs", () => {
    // Tick value = tick size × contract size, as published (CME Group / ICE contract specs).
    const published: Record<string, [number, number]> = {
      NG: [0.001, 10], // 10,000 MMBtu
      CL: [0.01, 10], // 1,000 bbl
      HO: [0.0001, 4.2], // 42,000 gal
      RB: [0.0001, 4.2],
      B: [0.01, 10],
      ES: [0.25, 12.5], // $50 × index
      NQ: [0.25, 5], // $20 × index
      YM: [1, 5], // $5 × index
      GC: [0.1, 10], // 100 troy oz
      SI: [0.005, 25], // 5,000 troy oz
      HG: [0.0005, 12.5], // 25,000 lb
      ZB: [1 / 32, 31.25], // $100,000 face: 1 point = $1,000
      ZN: [1 / 64, 15.625], // half of 1/32
      ZF: [1 / 128, 7.8125], // quarter of 1/32
      ZC: [0.25, 12.5], // 5,000 bu, ¼ cent
      ZS: [0.25, 12.5],
      "6E": [0.00005, 6.25], // €125,000
      "6J": [0.0000005, 6.25], // ¥12,500,000
    };
    expect(FUTURES_CONTRACT_REGISTRY.markets.map((m) => m.root).sort()).toEqual(
      Object.keys(published).sort(),
    );
    for (const [root, [tick, value]] of Object.entries(published)) {
      const s = futuresSpec(root);
      expect(s.tickSize).toBeCloseTo(tick, 15);
      expect(s.tickValue).toBeCloseTo(value, 12);
      expect(s.margins.length).toBeGreaterThan(0);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: s.timeZone })).not.toThrow();
    }
    expect(futuresSpec("NG").lastTrade).toEqual({ kind: "nthLastBusinessDay", monthOffset: -1, n: 3 });
  });

  it("validates an edited JSON copy and names the market and field", () => {
    const copy = JSON.parse(JSON.stringify(FUTURES_CONTRACT_REGISTRY));
    expect(parseFuturesRegistry(copy).markets.length).toBe(18);
    copy.markets[5].margins.push({ from: "2020-01-01", initial: 1, maintenance: 1, source: "x" });
    expect(() => parseFuturesRegistry(copy)).toThrow(/symbol ES.*margins\[\d\]|margin dates must increase/);
    const tz = JSON.parse(JSON.stringify(FUTURES_CONTRACT_REGISTRY));
    tz.markets[0].timeZone = "Mars/Olympus";
    expect(() => parseFuturesRegistry(tz)).toThrow(ConfigError);
    const cyc = JSON.parse(JSON.stringify(FUTURES_CONTRACT_REGISTRY));
    cyc.markets[0].listingCycle = "ZF";
    expect(() => parseFuturesRegistry(cyc)).toThrow(/listingCycle/);
  });
});

describe("money", () => {
  it("notional and tick P&L by hand", () => {
    expect(futuresNotional("ES", 5000, 2)).toBe(500_000); // 5000 × $50 × 2
    expect(futuresNotional("GC", 2000, -1)).toBe(-200_000); // 2000 × 100 oz, short
    expect(futuresTickPnl("ZB", 3, 2)).toBe(187.5); // 3 × $31.25 × 2
    expect(futuresPriceToTicks("ES", 1.25)).toBe(5);
    expect(() => futuresNotional("ES", NaN, 1)).toThrow(ValidationError);
  });

  it("P&L series uses the previous bar's position", () => {
    // NG: long 2 from bar 0, flat from bar 2: (2.60 − 2.50) × 2 × 10,000 = 2,000 then (2.55 − 2.60) × 2 × 10,000 = −1,000.
    const pnl = futuresPnlSeries(
      "NG",
      Float64Array.from([2.5, 2.6, 2.55, 2.7]),
      Float64Array.from([2, 2, 0, 0]),
    );
    expect(pnl[1]).toBeCloseTo(2000, 9);
    expect(pnl[2]).toBeCloseTo(-1000, 9);
    expect(pnl[3]).toBe(0);
    expect(() => futuresPnlSeries("NG", Float64Array.from([2.5, NaN]), Float64Array.from([1, 1]))).toThrow(
      /bar 1/,
    );
  });

  it("margin in force at a date", () => {
    // NG entries: 2015-01-01 2750/2500, 2022-09-01 9900/9000, 2024-01-02 4400/4000.
    expect(futuresMargin("NG", Date.UTC(2022, 7, 31), 3)).toBe(8250);
    expect(futuresMargin("NG", Date.UTC(2022, 8, 1), -3)).toBe(29_700);
    expect(futuresMargin("NG", Date.UTC(2025, 0, 1), 1, "maintenance")).toBe(4000);
    expect(() => futuresMargin("NG", Date.UTC(2014, 0, 1), 1)).toThrow(ConfigError);
  });

  it("FX conversion uses the last rate at or before each time (no look-ahead)", () => {
    const fx = {
      name: "EUR per USD",
      time: Float64Array.from([100, 200, 300]),
      values: Float64Array.from([0.5, 0.6, NaN]),
    };
    const amounts = Float64Array.from([10, 10, 10, 10]);
    const time = Float64Array.from([100, 199, 200, 350]);
    expect(Array.from(toAccountCurrency(amounts, time, fx))).toEqual([5, 5, 6, 6]);
    // Changing a later rate does not change earlier conversions.
    const later = { ...fx, values: Float64Array.from([0.5, 0.9, 0.7]) };
    expect(Array.from(toAccountCurrency(amounts, time, later)).slice(0, 2)).toEqual([5, 5]);
    expect(fxRateAsOf(fx, 350)).toBe(0.6);
    expect(() => toAccountCurrency(amounts, Float64Array.from([50, 100, 200, 300]), fx)).toThrow(/bar 0/);
    expect(Array.from(toAccountCurrency(amounts, time, null))).toEqual([10, 10, 10, 10]);
    const neg = { ...fx, values: Float64Array.from([0.5, -1, 0.6]) };
    expect(() => toAccountCurrency(amounts, time, neg)).toThrow(/positive/);
  });
});

describe("registry file and trading sessions", () => {
  it("reads an edited registry file and names file, market and field", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { readFuturesRegistry } = await import("../../src/lib/data/futures/index.js");
    const dir = mkdtempSync(join(tmpdir(), "qb-reg-"));
    const file = join(dir, "contracts.json");
    const copy = JSON.parse(JSON.stringify(FUTURES_CONTRACT_REGISTRY));
    copy.markets[0].margins.push({
      from: "2026-11-20",
      initial: 5500,
      maintenance: 5000,
      source: "exchange file",
    });
    writeFileSync(file, JSON.stringify(copy, null, 2));
    const reg = readFuturesRegistry(file);
    expect(futuresMargin(futuresSpec("NG", reg), Date.UTC(2026, 10, 20), 2)).toBe(11_000);
    copy.markets[0].multiplier = -1;
    writeFileSync(file, JSON.stringify(copy));
    expect(() => readFuturesRegistry(file)).toThrow(
      `${file}: symbol NG, field "multiplier": expected a positive finite number, got -1`,
    );
    writeFileSync(file, "{ not json");
    expect(() => readFuturesRegistry(file)).toThrow(/not valid JSON/);
  });

  it("sessions in the exchange time zone, across daylight saving", async () => {
    const { isFuturesSessionOpen } = await import("../../src/lib/data/futures/index.js");
    // ES: Sun–Fri 17:00–16:00 America/Chicago. 2024-03-10 is the US DST switch (CST → CDT).
    // Fri 2024-03-08 21:59 UTC = 15:59 CST: open; 22:00 UTC = 16:00 CST: closed for the weekend.
    expect(isFuturesSessionOpen("ES", Date.UTC(2024, 2, 8, 21, 59))).toBe(true);
    expect(isFuturesSessionOpen("ES", Date.UTC(2024, 2, 8, 22, 0))).toBe(false);
    // Sun 2024-03-10 22:00 UTC = 17:00 CDT (after the switch): open; 21:59 UTC = 16:59 CDT: closed.
    expect(isFuturesSessionOpen("ES", Date.UTC(2024, 2, 10, 22, 0))).toBe(true);
    expect(isFuturesSessionOpen("ES", Date.UTC(2024, 2, 10, 21, 59))).toBe(false);
    // Brent: Mon–Fri 01:00–23:00 Europe/London. Mon 2024-07-01 00:30 UTC = 01:30 BST: open.
    expect(isFuturesSessionOpen("B", Date.UTC(2024, 6, 1, 0, 30))).toBe(true);
    // Mon 2024-01-08 00:30 UTC = 00:30 GMT: closed.
    expect(isFuturesSessionOpen("B", Date.UTC(2024, 0, 8, 0, 30))).toBe(false);
  });
});
