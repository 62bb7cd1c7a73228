import { describe, expect, it } from "vitest";
import {
  addFuturesBusinessDays,
  firstNoticeDate,
  futuresBusinessCalendar,
  isFuturesBusinessDay,
  lastTradeDate,
  mustExitDate,
} from "../../src/lib/data/futures/index.js";
import { ConfigError } from "../../src/lib/data/types.js";

const iso = (t: number | null): string => (t === null ? "none" : new Date(t).toISOString().slice(0, 10));

/*
 * NG (NYMEX Henry Hub): "trading terminates on the 3rd last business day of the month prior to the
 * contract month" — three business days before the first calendar day of the delivery month.
 * One row per year, contract months Jan..Dec. Worked by hand from a calendar; the rows where an
 * exchange holiday changes the answer are spelled out below the table. First notice is the next
 * business day.
 */
const NG_LAST_TRADE: Record<number, string[]> = {
  2015: [
    "2014-12-29",
    "2015-01-28",
    "2015-02-25",
    "2015-03-27",
    "2015-04-28",
    "2015-05-27",
    "2015-06-26",
    "2015-07-29",
    "2015-08-27",
    "2015-09-28",
    "2015-10-28",
    "2015-11-25",
  ],
  2016: [
    "2015-12-29",
    "2016-01-27",
    "2016-02-25",
    "2016-03-29",
    "2016-04-27",
    "2016-05-26",
    "2016-06-28",
    "2016-07-27",
    "2016-08-29",
    "2016-09-28",
    "2016-10-27",
    "2016-11-28",
  ],
  2017: [
    "2016-12-28",
    "2017-01-27",
    "2017-02-24",
    "2017-03-29",
    "2017-04-26",
    "2017-05-26",
    "2017-06-28",
    "2017-07-27",
    "2017-08-29",
    "2017-09-27",
    "2017-10-27",
    "2017-11-28",
  ],
  2018: [
    "2017-12-27",
    "2018-01-29",
    "2018-02-26",
    "2018-03-27",
    "2018-04-26",
    "2018-05-29",
    "2018-06-27",
    "2018-07-27",
    "2018-08-29",
    "2018-09-26",
    "2018-10-29",
    "2018-11-28",
  ],
  2019: [
    "2018-12-27",
    "2019-01-29",
    "2019-02-26",
    "2019-03-27",
    "2019-04-26",
    "2019-05-29",
    "2019-06-26",
    "2019-07-29",
    "2019-08-28",
    "2019-09-26",
    "2019-10-29",
    "2019-11-26",
  ],
  2020: [
    "2019-12-27",
    "2020-01-29",
    "2020-02-26",
    "2020-03-27",
    "2020-04-28",
    "2020-05-27",
    "2020-06-26",
    "2020-07-29",
    "2020-08-27",
    "2020-09-28",
    "2020-10-28",
    "2020-11-25",
  ],
  2021: [
    "2020-12-29",
    "2021-01-27",
    "2021-02-24",
    "2021-03-29",
    "2021-04-28",
    "2021-05-26",
    "2021-06-28",
    "2021-07-28",
    "2021-08-27",
    "2021-09-28",
    "2021-10-27",
    "2021-11-26",
  ],
  2022: [
    "2021-12-29",
    "2022-01-27",
    "2022-02-24",
    "2022-03-29",
    "2022-04-27",
    "2022-05-26",
    "2022-06-28",
    "2022-07-27",
    "2022-08-29",
    "2022-09-28",
    "2022-10-27",
    "2022-11-28",
  ],
  2023: [
    "2022-12-28",
    "2023-01-27",
    "2023-02-24",
    "2023-03-29",
    "2023-04-26",
    "2023-05-26",
    "2023-06-28",
    "2023-07-27",
    "2023-08-29",
    "2023-09-27",
    "2023-10-27",
    "2023-11-28",
  ],
  2024: [
    "2023-12-27",
    "2024-01-29",
    "2024-02-27",
    "2024-03-26",
    "2024-04-26",
    "2024-05-29",
    "2024-06-26",
    "2024-07-29",
    "2024-08-28",
    "2024-09-26",
    "2024-10-29",
    "2024-11-26",
  ],
  2025: [
    "2024-12-27",
    "2025-01-29",
    "2025-02-26",
    "2025-03-27",
    "2025-04-28",
    "2025-05-28",
    "2025-06-26",
    "2025-07-29",
    "2025-08-27",
    "2025-09-26",
    "2025-10-29",
    "2025-11-25",
  ],
  2026: [
    "2025-12-29",
    "2026-01-28",
    "2026-02-25",
    "2026-03-27",
    "2026-04-28",
    "2026-05-27",
    "2026-06-26",
    "2026-07-29",
    "2026-08-27",
    "2026-09-28",
    "2026-10-28",
    "2026-11-25",
  ],
};
/*
 * Holiday-affected NG rows, by hand:
 * - NGJ18 (Apr 2018): Good Friday 2018-03-30 is closed → Mar 29, 28, 27 → 2018-03-27.
 * - NGJ24 (Apr 2024): Good Friday 2024-03-29 → Mar 28, 27, 26 → 2024-03-26.
 * - NGM16/17/21/22/23 (Jun): Memorial Day is among the last May days, e.g. 2021: May 31 closed →
 *   May 28, 27, 26 → 2021-05-26; 2016: May 30 closed → 31, 27, 26 → 2016-05-26.
 * - NGZ (Dec): Thanksgiving, e.g. 2019: Nov 29 (open), 28 closed, 27, 26 → 2019-11-26;
 *   2024: 29, 27, 26 → 2024-11-26; 2025: Nov 28 (Fri), 26, 25 → 2025-11-25.
 */

/*
 * CL (NYMEX WTI): "trading terminates 3 business days before the 25th calendar day of the month
 * prior to the contract month; if the 25th is not a business day, trading terminates 4 business
 * days before the 25th" (CME rulebook 200101: the third business day prior to the last business
 * day preceding the 25th).
 */
const CL_LAST_TRADE: Record<number, string[]> = {
  2015: [
    "2014-12-19",
    "2015-01-20",
    "2015-02-20",
    "2015-03-20",
    "2015-04-21",
    "2015-05-19",
    "2015-06-22",
    "2015-07-21",
    "2015-08-20",
    "2015-09-22",
    "2015-10-20",
    "2015-11-20",
  ],
  2016: [
    "2015-12-21",
    "2016-01-20",
    "2016-02-22",
    "2016-03-21",
    "2016-04-20",
    "2016-05-20",
    "2016-06-21",
    "2016-07-20",
    "2016-08-22",
    "2016-09-20",
    "2016-10-20",
    "2016-11-21",
  ],
  2017: [
    "2016-12-20",
    "2017-01-20",
    "2017-02-21",
    "2017-03-21",
    "2017-04-20",
    "2017-05-22",
    "2017-06-20",
    "2017-07-20",
    "2017-08-22",
    "2017-09-20",
    "2017-10-20",
    "2017-11-20",
  ],
  2018: [
    "2017-12-19",
    "2018-01-22",
    "2018-02-20",
    "2018-03-20",
    "2018-04-20",
    "2018-05-22",
    "2018-06-20",
    "2018-07-20",
    "2018-08-21",
    "2018-09-20",
    "2018-10-22",
    "2018-11-19",
  ],
  2019: [
    "2018-12-19",
    "2019-01-22",
    "2019-02-20",
    "2019-03-20",
    "2019-04-22",
    "2019-05-21",
    "2019-06-20",
    "2019-07-22",
    "2019-08-20",
    "2019-09-20",
    "2019-10-22",
    "2019-11-20",
  ],
  2020: [
    "2019-12-19",
    "2020-01-21",
    "2020-02-20",
    "2020-03-20",
    "2020-04-21",
    "2020-05-19",
    "2020-06-22",
    "2020-07-21",
    "2020-08-20",
    "2020-09-22",
    "2020-10-20",
    "2020-11-20",
  ],
  2021: [
    "2020-12-21",
    "2021-01-20",
    "2021-02-22",
    "2021-03-22",
    "2021-04-20",
    "2021-05-20",
    "2021-06-22",
    "2021-07-20",
    "2021-08-20",
    "2021-09-21",
    "2021-10-20",
    "2021-11-19",
  ],
  2022: [
    "2021-12-20",
    "2022-01-20",
    "2022-02-22",
    "2022-03-22",
    "2022-04-20",
    "2022-05-20",
    "2022-06-21",
    "2022-07-20",
    "2022-08-22",
    "2022-09-20",
    "2022-10-20",
    "2022-11-21",
  ],
  2023: [
    "2022-12-20",
    "2023-01-20",
    "2023-02-21",
    "2023-03-21",
    "2023-04-20",
    "2023-05-22",
    "2023-06-20",
    "2023-07-20",
    "2023-08-22",
    "2023-09-20",
    "2023-10-20",
    "2023-11-20",
  ],
  2024: [
    "2023-12-19",
    "2024-01-22",
    "2024-02-20",
    "2024-03-20",
    "2024-04-22",
    "2024-05-21",
    "2024-06-20",
    "2024-07-22",
    "2024-08-20",
    "2024-09-20",
    "2024-10-22",
    "2024-11-20",
  ],
  2025: [
    "2024-12-19",
    "2025-01-21",
    "2025-02-20",
    "2025-03-20",
    "2025-04-22",
    "2025-05-20",
    "2025-06-20",
    "2025-07-22",
    "2025-08-20",
    "2025-09-22",
    "2025-10-21",
    "2025-11-20",
  ],
  2026: [
    "2025-12-19",
    "2026-01-20",
    "2026-02-20",
    "2026-03-20",
    "2026-04-21",
    "2026-05-19",
    "2026-06-22",
    "2026-07-21",
    "2026-08-20",
    "2026-09-22",
    "2026-10-20",
    "2026-11-20",
  ],
};
/*
 * CL rows worth spelling out:
 * - CLK20 (May 2020): Apr 25 2020 is a Saturday → 4 business days before: 24, 23, 22, 21 → 2020-04-21
 *   (the contract that settled at −$37.63 on Apr 20 expired the next day).
 * - CLF16 (Jan 2016): Dec 25 2015 closed → 24, 23, 22, 21 → 2015-12-21.
 * - CLF22 (Jan 2022): Dec 25 2021 is a Saturday, and Fri Dec 24 is the observed holiday →
 *   4 business days before the 25th: Dec 23, 22, 21, 20 → 2021-12-20.
 * - CLZ21 (Dec 2021): Nov 25 2021 is Thanksgiving → 24, 23, 22, 19 → 2021-11-19.
 * - CLN25 (Jul 2025): Jun 25 is a Wednesday (business) → 24, 23, and Jun 19 (Juneteenth) is
 *   skipped → 20 → 2025-06-20.
 * - CLK19 (May 2019): Apr 25 is a Thursday → 24, 23, 22 → 2019-04-22 (Good Friday Apr 19 not reached).
 */

/** Next weekday that is not a CME holiday, by hand-listed closures near the dates that need it. */
function nextBusinessDayByHand(isoDate: string): string {
  const closed = new Set([
    "2015-12-25",
    "2016-12-26",
    "2020-12-25",
    "2021-12-24",
    "2022-12-26",
    "2023-12-25",
    "2024-12-25",
    "2025-12-25",
    "2026-12-25",
    "2025-11-27",
    "2019-11-28",
    "2024-11-28",
    "2020-11-26",
    "2015-11-26",
    "2026-11-26",
    "2021-11-25",
    "2022-11-24",
    "2023-11-23",
    "2018-11-22",
    "2017-11-23",
    "2016-11-24",
    "2024-03-29",
    "2018-03-30",
    "2016-03-25",
    "2021-04-02",
    "2015-04-03",
    "2026-04-03",
    "2019-04-19",
    "2020-04-10",
    "2022-04-15",
    "2023-04-07",
    "2025-04-18",
    "2017-04-14",
    "2015-05-25",
    "2016-05-30",
    "2017-05-29",
    "2018-05-28",
    "2019-05-27",
    "2020-05-25",
    "2021-05-31",
    "2022-05-30",
    "2023-05-29",
    "2024-05-27",
    "2025-05-26",
    "2026-05-25",
    "2022-06-20",
    "2023-06-19",
    "2024-06-19",
    "2025-06-19",
    "2026-06-19",
    "2015-09-07",
    "2016-09-05",
    "2017-09-04",
    "2018-09-03",
    "2019-09-02",
    "2020-09-07",
    "2021-09-06",
    "2022-09-05",
    "2023-09-04",
    "2024-09-02",
    "2025-09-01",
    "2026-09-07",
    "2015-01-01",
    "2016-01-01",
    "2017-01-02",
    "2018-01-01",
    "2019-01-01",
    "2020-01-01",
    "2021-01-01",
    "2023-01-02",
    "2024-01-01",
    "2025-01-01",
    "2026-01-01",
    "2015-01-19",
    "2016-01-18",
    "2017-01-16",
    "2018-01-15",
    "2019-01-21",
    "2020-01-20",
    "2021-01-18",
    "2022-01-17",
    "2023-01-16",
    "2024-01-15",
    "2025-01-20",
    "2026-01-19",
    "2015-02-16",
    "2016-02-15",
    "2017-02-20",
    "2018-02-19",
    "2019-02-18",
    "2020-02-17",
    "2021-02-15",
    "2022-02-21",
    "2023-02-20",
    "2024-02-19",
    "2025-02-17",
    "2026-02-16",
    "2015-07-03",
    "2016-07-04",
    "2017-07-04",
    "2018-07-04",
    "2019-07-04",
    "2020-07-03",
    "2021-07-05",
    "2022-07-04",
    "2023-07-04",
    "2024-07-04",
    "2025-07-04",
    "2026-07-03",
  ]);
  let t = Date.parse(`${isoDate}T00:00:00Z`);
  for (;;) {
    t += 86_400_000;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6 && !closed.has(iso(t))) return iso(t);
  }
}

describe("NG expiries 2015–2026 (NYMEX rule)", () => {
  for (let year = 2015; year <= 2026; year++) {
    it(`NG ${year}`, () => {
      const got = [];
      for (let m = 1; m <= 12; m++) got.push(iso(lastTradeDate("NG", year * 100 + m)));
      expect(got).toEqual(NG_LAST_TRADE[year]);
    });
  }
  it("first notice is the business day after the last trade", () => {
    for (let year = 2015; year <= 2026; year++) {
      for (let m = 1; m <= 12; m++) {
        const ltd = NG_LAST_TRADE[year]![m - 1]!;
        expect(iso(firstNoticeDate("NG", year * 100 + m))).toBe(nextBusinessDayByHand(ltd));
      }
    }
    // Spelled out: NGZ24 expires Tue 2024-11-26, first notice Wed 2024-11-27 (Thanksgiving is the 28th).
    expect(iso(firstNoticeDate("NG", 202412))).toBe("2024-11-27");
    // NGF16 expires Tue 2015-12-29 → first notice Wed 2015-12-30.
    expect(iso(firstNoticeDate("NG", 201601))).toBe("2015-12-30");
  });
});

describe("CL expiries 2015–2026 (NYMEX rule)", () => {
  for (let year = 2015; year <= 2026; year++) {
    it(`CL ${year}`, () => {
      const got = [];
      for (let m = 1; m <= 12; m++) got.push(iso(lastTradeDate("CL", year * 100 + m)));
      expect(got).toEqual(CL_LAST_TRADE[year]);
    });
  }
  it("first notice is the business day after the last trade", () => {
    for (let year = 2015; year <= 2026; year++) {
      for (let m = 1; m <= 12; m++) {
        expect(iso(firstNoticeDate("CL", year * 100 + m))).toBe(
          nextBusinessDayByHand(CL_LAST_TRADE[year]![m - 1]!),
        );
      }
    }
    // CLF25: expires Thu 2024-12-19 → first notice Fri 2024-12-20.
    expect(iso(firstNoticeDate("CL", 202501))).toBe("2024-12-20");
    expect(iso(mustExitDate("CL", 202501))).toBe("2024-12-19");
  });
});

describe("other markets' rules, spot checks by hand", () => {
  it("treasuries, metals, grains, index, FX, Brent", () => {
    // ZN Jun 2025: last business day Jun 30; 7 business days before: 27,26,25,24,23,20,18 (19 closed).
    expect(iso(lastTradeDate("ZN", 202506))).toBe("2025-06-18");
    expect(iso(firstNoticeDate("ZN", 202506))).toBe("2025-05-30");
    // ZF Mar 2024: last business day of March 2024 is Thu Mar 28 (Good Friday 29th).
    expect(iso(lastTradeDate("ZF", 202403))).toBe("2024-03-28");
    // GC Dec 2025: third last business day of Dec 2025: 31, 30, 29 → 2025-12-29; first notice Nov 28 (Fri after Thanksgiving).
    expect(iso(lastTradeDate("GC", 202512))).toBe("2025-12-29");
    expect(iso(firstNoticeDate("GC", 202512))).toBe("2025-11-28");
    // ZC Mar 2024: business day before Fri Mar 15 → Thu 2024-03-14. ZS Jan 2023: Jan 15 is Sunday → Fri Jan 13.
    expect(iso(lastTradeDate("ZC", 202403))).toBe("2024-03-14");
    expect(iso(lastTradeDate("ZS", 202301))).toBe("2023-01-13");
    // ES Mar 2024: third Friday = Mar 15.
    expect(iso(lastTradeDate("ES", 202403))).toBe("2024-03-15");
    // 6J Dec 2024: third Wednesday Dec 18, two business days before → Mon Dec 16.
    expect(iso(lastTradeDate("6J", 202412))).toBe("2024-12-16");
    // HO Jan 2025: last business day of Dec 2024 → Tue Dec 31.
    expect(iso(lastTradeDate("HO", 202501))).toBe("2024-12-31");
    // Brent Mar 2024: last business day of January 2024 → Wed Jan 31. Brent Jan 2022: last business
    // day of Nov 2021 → Tue Nov 30 (US Thanksgiving does not close ICE Europe).
    expect(iso(lastTradeDate("B", 202403))).toBe("2024-01-31");
    expect(iso(lastTradeDate("B", 202201))).toBe("2021-11-30");
    expect(firstNoticeDate("B", 202403)).toBeNull();
    // Brent contracts before March 2016 followed the older "15 days before the month" rule: refused.
    expect(() => lastTradeDate("B", 201602)).toThrow(/apply from contract 201603/);
    expect(iso(lastTradeDate("B", 201603))).toBe("2016-01-29");
  });

  it("business-day arithmetic and range errors", () => {
    const cme = futuresBusinessCalendar("CME");
    const D = (s: string) => Date.parse(`${s}T00:00:00Z`);
    expect(isFuturesBusinessDay(cme, D("2022-12-26"))).toBe(false); // Christmas observed (Sunday 25th)
    expect(isFuturesBusinessDay(cme, D("2021-12-31"))).toBe(true); // New Year 2022 on a Saturday is not observed
    expect(iso(addFuturesBusinessDays(cme, D("2025-07-03"), 1))).toBe("2025-07-07");
    expect(iso(addFuturesBusinessDays(cme, D("2025-07-07"), -1))).toBe("2025-07-03");
    expect(() => lastTradeDate("NG", 203001)).toThrow(ConfigError);
    expect(() => lastTradeDate("XX", 202401)).toThrow(/unknown futures market/);
    expect(() => isFuturesBusinessDay(cme, D("2024-01-01") + 3600_000)).toThrow(/UTC midnight/);
  });
});

/*
 * Several years of the other rule shapes, worked by hand from a calendar (contracts in listing order).
 * ES/NQ/YM: the 3rd Friday of Mar/Jun/Sep/Dec (the 15th–21st). Edge: Jun 2026, the 3rd Friday is
 * Juneteenth (2026-06-19, closed) → the business day before, Thu 2026-06-18.
 * 6E/6J: two business days before the 3rd Wednesday. Edge: Jun 2023, 3rd Wednesday Jun 21; Tue 20 is
 * one, Mon 19 is Juneteenth (closed), so the second is Fri 2023-06-16. Jun 2024: the 3rd Wednesday
 * is itself Juneteenth (Jun 19, closed); counting back from it: Tue 18, Mon 17 → 2024-06-17.
 */
const THIRD_FRIDAYS = [
  ["2015-03-20", "2015-06-19", "2015-09-18", "2015-12-18"],
  ["2016-03-18", "2016-06-17", "2016-09-16", "2016-12-16"],
  ["2017-03-17", "2017-06-16", "2017-09-15", "2017-12-15"],
  ["2018-03-16", "2018-06-15", "2018-09-21", "2018-12-21"],
  ["2019-03-15", "2019-06-21", "2019-09-20", "2019-12-20"],
  ["2020-03-20", "2020-06-19", "2020-09-18", "2020-12-18"],
  ["2021-03-19", "2021-06-18", "2021-09-17", "2021-12-17"],
  ["2022-03-18", "2022-06-17", "2022-09-16", "2022-12-16"],
  ["2023-03-17", "2023-06-16", "2023-09-15", "2023-12-15"],
  ["2024-03-15", "2024-06-21", "2024-09-20", "2024-12-20"],
  ["2025-03-21", "2025-06-20", "2025-09-19", "2025-12-19"],
  ["2026-03-20", "2026-06-18", "2026-09-18", "2026-12-18"],
];
const FX_LAST_TRADE = [
  ["2015-03-16", "2015-06-15", "2015-09-14", "2015-12-14"],
  ["2016-03-14", "2016-06-13", "2016-09-19", "2016-12-19"],
  ["2017-03-13", "2017-06-19", "2017-09-18", "2017-12-18"],
  ["2018-03-19", "2018-06-18", "2018-09-17", "2018-12-17"],
  ["2019-03-18", "2019-06-17", "2019-09-16", "2019-12-16"],
  ["2020-03-16", "2020-06-15", "2020-09-14", "2020-12-14"],
  ["2021-03-15", "2021-06-14", "2021-09-13", "2021-12-13"],
  ["2022-03-14", "2022-06-13", "2022-09-19", "2022-12-19"],
  ["2023-03-13", "2023-06-16", "2023-09-18", "2023-12-18"],
  ["2024-03-18", "2024-06-17", "2024-09-16", "2024-12-16"],
  ["2025-03-17", "2025-06-16", "2025-09-15", "2025-12-15"],
  ["2026-03-16", "2026-06-15", "2026-09-14", "2026-12-14"],
];

describe("index and FX expiries 2015–2026", () => {
  it("ES, NQ and YM: third Fridays (Juneteenth 2026 moves to Thursday)", () => {
    for (const root of ["ES", "NQ", "YM"]) {
      THIRD_FRIDAYS.forEach((row, k) => {
        const y = 2015 + k;
        expect([3, 6, 9, 12].map((m) => iso(lastTradeDate(root, y * 100 + m)))).toEqual(row);
      });
    }
  });
  it("6E and 6J: two business days before the third Wednesday (Juneteenth 2023 skipped)", () => {
    for (const root of ["6E", "6J"]) {
      FX_LAST_TRADE.forEach((row, k) => {
        const y = 2015 + k;
        expect([3, 6, 9, 12].map((m) => iso(lastTradeDate(root, y * 100 + m)))).toEqual(row);
      });
    }
  });
});

describe("metals, rates, grains, products and Brent 2024–2025", () => {
  const check = (root: string, ids: number[], want: string[]) =>
    expect(ids.map((id) => iso(lastTradeDate(root, id)))).toEqual(want);
  it("GC: third last business day of the contract month", () => {
    // Dec 2024: 31, 30, 27 (25 closed, 28–29 weekend) → 2024-12-27. Apr 2025: 30, 29, 28.
    check(
      "GC",
      [202402, 202404, 202406, 202408, 202410, 202412, 202502, 202504, 202506, 202508, 202510, 202512],
      [
        "2024-02-27",
        "2024-04-26",
        "2024-06-26",
        "2024-08-28",
        "2024-10-29",
        "2024-12-27",
        "2025-02-26",
        "2025-04-28",
        "2025-06-26",
        "2025-08-27",
        "2025-10-29",
        "2025-12-29",
      ],
    );
  });
  it("ZN: 7 business days before the last business day of the delivery month", () => {
    // Mar 2024: last business day Thu 28 (Good Friday 29); back 7: 27,26,25,22,21,20,19 → 2024-03-19.
    check(
      "ZN",
      [202403, 202406, 202409, 202412, 202503, 202506, 202509, 202512],
      [
        "2024-03-19",
        "2024-06-18",
        "2024-09-19",
        "2024-12-19",
        "2025-03-20",
        "2025-06-18",
        "2025-09-19",
        "2025-12-19",
      ],
    );
  });
  it("ZC: the business day before the 15th", () => {
    // Jul 2024: the 15th is a Monday → Fri 2024-07-12. Sep 2025: the 15th is a Monday → Fri 12th.
    check(
      "ZC",
      [202403, 202405, 202407, 202409, 202412, 202503, 202505, 202507, 202509, 202512],
      [
        "2024-03-14",
        "2024-05-14",
        "2024-07-12",
        "2024-09-13",
        "2024-12-13",
        "2025-03-14",
        "2025-05-14",
        "2025-07-14",
        "2025-09-12",
        "2025-12-12",
      ],
    );
  });
  it("HO: last business day of the prior month; Brent: of the second prior month (ICE calendar)", () => {
    const months = Array.from({ length: 12 }, (_, k) => 202501 + k);
    // HO Dec 2025: last business day of Nov 2025 is Fri 28 (Thanksgiving is the 27th).
    check("HO", months, [
      "2024-12-31",
      "2025-01-31",
      "2025-02-28",
      "2025-03-31",
      "2025-04-30",
      "2025-05-30",
      "2025-06-30",
      "2025-07-31",
      "2025-08-29",
      "2025-09-30",
      "2025-10-31",
      "2025-11-28",
    ]);
    // Brent Jan 2025: last business day of Nov 2024 = Fri 29 (ICE Europe is open on US Thanksgiving week days).
    check("B", months, [
      "2024-11-29",
      "2024-12-31",
      "2025-01-31",
      "2025-02-28",
      "2025-03-31",
      "2025-04-30",
      "2025-05-30",
      "2025-06-30",
      "2025-07-31",
      "2025-08-29",
      "2025-09-30",
      "2025-10-31",
    ]);
  });
});
