import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FUTURES_HOLIDAY_CALENDARS,
  futuresBusinessCalendar,
  firstNoticeDate,
  gregorianEasterSunday,
  isFuturesBusinessDay,
  lastTradeDate,
  ruleBasedFuturesHolidays,
  type HolidayCalendarData,
} from "../../src/lib/data/futures/index.js";
import { ConfigError } from "../../src/lib/data/types.js";
import { HAS_SHARED, SHARED_DATA } from "../helpers/env.js";

const iso = (t: number | null): string => (t === null ? "none" : new Date(t).toISOString().slice(0, 10));
const D = (s: string): number => Date.parse(`${s}T00:00:00Z`);
const cme = () => futuresBusinessCalendar("CME");

describe("holiday rules, checked by hand", () => {
  it("Easter Sunday and Good Friday (Gregorian computus)", () => {
    // Easter Sundays from printed tables; Good Friday is two days earlier and closes both exchanges.
    const easter: [number, string, string][] = [
      [1991, "1991-03-31", "1991-03-29"],
      [1995, "1995-04-16", "1995-04-14"],
      [2000, "2000-04-23", "2000-04-21"],
      [2008, "2008-03-23", "2008-03-21"], // early: 23 March
      [2011, "2011-04-24", "2011-04-22"], // late: 24 April
      [2019, "2019-04-21", "2019-04-19"],
    ];
    for (const [y, sunday, friday] of easter) {
      expect(iso(gregorianEasterSunday(y))).toBe(sunday);
      expect(isFuturesBusinessDay(cme(), D(friday))).toBe(false);
      expect(isFuturesBusinessDay(cme(), D(friday) - 86_400_000)).toBe(true); // Maundy Thursday trades
    }
    // The extremes of the Gregorian cycle: 22 March (1818, 2285) and 25 April (1943, 2038).
    expect([1818, 2285, 1943, 2038].map((y) => iso(gregorianEasterSunday(y)))).toEqual([
      "1818-03-22",
      "2285-03-22",
      "1943-04-25",
      "2038-04-25",
    ]);
    expect(() => gregorianEasterSunday(1582)).toThrow(ConfigError);
    const ice = futuresBusinessCalendar("ICE_EU");
    expect(isFuturesBusinessDay(ice, D("2011-04-22"))).toBe(false); // Good Friday closes ICE Europe
    expect(isFuturesBusinessDay(ice, D("2011-04-25"))).toBe(true); // Easter Monday: Brent trades
  });

  it("observed days: Saturday → Friday, Sunday → Monday, and New Year's Day before and after 2010", () => {
    const closed = [
      "2004-12-24", // Christmas on Saturday 25 December 2004
      "2004-12-31", // New Year 2005 on a Saturday: NYMEX closed the Friday before
      "1999-12-31", // New Year 2000 (Saturday), likewise
      "1993-12-31", // New Year 1994 (Saturday)
      "1994-12-26", // Christmas on Sunday
      "1995-01-02", // New Year on Sunday
      "1992-07-03", // 4 July on Saturday
      "1993-07-05", // 4 July on Sunday
      "2009-07-03", // 4 July on Saturday
      "2021-12-24", // Christmas on Saturday (CME era)
    ];
    for (const d of closed) expect([d, isFuturesBusinessDay(cme(), D(d))]).toEqual([d, false]);
    const open = [
      "2010-12-31", // New Year 2011 on a Saturday: CME does not observe it
      "2021-12-31", // New Year 2022, likewise
      "1990-12-31", // Monday before New Year 1991 (Tuesday): NYMEX did not bridge New Year's Eve
      "2001-12-31",
    ];
    for (const d of open) expect([d, isFuturesBusinessDay(cme(), D(d))]).toEqual([d, true]);
  });

  it("NYMEX's own holidays before 2010: MLK Day from 1998, Friday after Thanksgiving 1992–2006", () => {
    const cal = cme();
    expect(isFuturesBusinessDay(cal, D("1997-01-20"))).toBe(true); // MLK Day 1997: traded
    expect(isFuturesBusinessDay(cal, D("1998-01-19"))).toBe(false); // MLK Day 1998: closed
    expect(isFuturesBusinessDay(cal, D("1991-11-29"))).toBe(true); // Friday after Thanksgiving 1991
    expect(isFuturesBusinessDay(cal, D("1992-11-27"))).toBe(false);
    expect(isFuturesBusinessDay(cal, D("2006-11-24"))).toBe(false);
    expect(isFuturesBusinessDay(cal, D("2007-11-23"))).toBe(true); // NYMEX opened it again in 2007
  });

  it("one-off closures, and days that closed other markets but not NYMEX energy", () => {
    const cal = cme();
    for (const d of ["2001-09-11", "2001-09-12", "2001-09-13", "2004-06-11", "2007-01-02", "2000-01-03"]) {
      expect([d, isFuturesBusinessDay(cal, D(d))]).toEqual([d, false]);
    }
    // 2001-09-14: NYMEX reopened with an electronic session that settled. 2012-10-29/30: Hurricane
    // Sandy closed the floor, Globex energy traded and settled. 2018-12-05 and 2025-01-09: national
    // days of mourning that closed equity and interest-rate markets while energy traded normal hours.
    for (const d of ["2001-09-14", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09"]) {
      expect([d, isFuturesBusinessDay(cal, D(d))]).toEqual([d, true]);
    }
  });
});

describe("the shipped lists are the rules plus the listed one-offs", () => {
  for (const name of ["CME", "ICE_EU"]) {
    it(`${name}: every year regenerates to the shipped data`, () => {
      const data = FUTURES_HOLIDAY_CALENDARS[name]!;
      const oneOffs = (data.oneOffs ?? []).map((o) => o.date);
      for (let y = data.firstYear; y <= data.lastYear; y++) {
        const shipped = data.holidays.filter((d) => d.startsWith(`${y}-`));
        const want = [
          ...ruleBasedFuturesHolidays(name, y),
          ...oneOffs.filter((d) => d.startsWith(`${y}-`)),
        ].sort();
        expect([y, shipped]).toEqual([y, want]);
      }
      expect(
        data.holidays.every(
          (d) => Number(d.slice(0, 4)) >= data.firstYear && Number(d.slice(0, 4)) <= data.lastYear,
        ),
      ).toBe(true);
      expect([...data.holidays].sort()).toEqual(data.holidays); // sorted
      expect(new Set(data.holidays).size).toBe(data.holidays.length); // no duplicates
      for (const d of data.holidays)
        expect([d, [0, 6].includes(new Date(D(d)).getUTCDay())]).toEqual([d, false]);
    });
  }

  it("ranges: CME 1990–2027, ICE_EU 2010–2027; the one-offs carry a reason and a source", () => {
    expect(FUTURES_HOLIDAY_CALENDARS.CME!.firstYear).toBe(1990);
    expect(FUTURES_HOLIDAY_CALENDARS.ICE_EU!.firstYear).toBe(2010);
    const oneOffs = FUTURES_HOLIDAY_CALENDARS.CME!.oneOffs!;
    expect(oneOffs.map((o) => o.date)).toEqual([
      "1990-12-24",
      "1992-12-24",
      "1994-04-27",
      "1995-07-03",
      "1996-01-08",
      "1996-07-05",
      "2000-01-03",
      "2000-07-03",
      "2001-09-11",
      "2001-09-12",
      "2001-09-13",
      "2001-12-24",
      "2002-07-05",
      "2003-12-26",
      "2004-01-02",
      "2004-06-11",
      "2006-07-03",
      "2007-01-02",
      "2008-11-28",
      "2009-11-27",
    ]);
    for (const o of oneOffs) {
      expect(o.reason.length).toBeGreaterThan(10);
      expect(o.source.length).toBeGreaterThan(10);
    }
  });

  it("refuses years the rules or the data do not cover", () => {
    expect(() => ruleBasedFuturesHolidays("ICE_EU", 2009)).toThrow(/documented for 2010/);
    expect(() => ruleBasedFuturesHolidays("CME", 1989)).toThrow(ConfigError);
    expect(() => ruleBasedFuturesHolidays("XX", 2020)).toThrow(/no holiday rules/);
    expect(() => ruleBasedFuturesHolidays("CME", 2020.5)).toThrow(ConfigError);
    expect(() => isFuturesBusinessDay(futuresBusinessCalendar("ICE_EU"), D("2009-06-01"))).toThrow(
      /outside calendar ICE_EU \(2010–2027\)/,
    );
    expect(() => isFuturesBusinessDay(cme(), D("1989-12-29"))).toThrow(/outside calendar CME \(1990–2027\)/);
    // NG Jan 1990 expires in December 1989: before the data. Feb 1990 (January 1990) is inside.
    expect(() => lastTradeDate("NG", 199001)).toThrow(/outside calendar CME/);
    expect(iso(lastTradeDate("NG", 199002))).toBe("1990-01-29");
  });

  it("a user calendar's one-offs must be among its holidays", () => {
    const mine: HolidayCalendarData = {
      name: "MINE",
      timeZone: "UTC",
      firstYear: 2020,
      lastYear: 2020,
      holidays: ["2020-01-01"],
      source: "test",
      oneOffs: [{ date: "2020-03-02", reason: "storm", source: "none" }],
    };
    expect(() => futuresBusinessCalendar(mine)).toThrow(/2020-03-02 is not listed in holidays/);
    expect(isFuturesBusinessDay(futuresBusinessCalendar({ ...mine, oneOffs: [] }), D("2020-03-02"))).toBe(
      true,
    );
  });
});

/*
 * Expiries before 2010 against published values.
 * - 2009 NG, CL and HO: NYMEX's expiration calendar as mirrored on bohlish.com (CEXP.cgi, updated
 *   8 Aug 2008): NG 12/29 01/28 02/25 03/27 04/28 05/27 06/26 07/29 08/27 09/28 10/28 11/24,
 *   CL 12/19 01/20 02/20 03/20 04/21 05/19 06/22 07/21 08/20 09/22 10/20 11/20,
 *   HO 12/31 01/30 02/27 03/31 04/30 05/29 06/30 07/31 08/31 09/30 10/30 11/30.
 *   Two of them are confirmed after the fact by EIA's Natural Gas Weekly Update: the October 2009
 *   contract "expired on September 28" and the December 2009 contract "expired on November 24" — a
 *   Tuesday, although Friday 27 November traded on Globex: NYMEX did not count it for expiries.
 * - NG Dec 2008: "December natural gas futures went off the board on Monday" (NGI, Nov 2008) → Mon
 *   24 Nov 2008 (Friday 28 Nov not counted, as in 2009).
 * - NG Jan 1999: "expiration day Tuesday ... the January contract" (NGI, Dec 1998) → 1998-12-29.
 * - NG Jan 2000: NYMEX was closed Friday 31 Dec 1999 and Monday 3 Jan 2000 (NGI, Jan 2000), so the
 *   third business day before 1 January 2000 is Tue 1999-12-28 (30, 29, 28), not the 29th.
 * - NG Dec 2007: went off the board on Wednesday 28 Nov 2007 (NGI), the January 2008 contract then prompt.
 * - CL Jan 2009: the January contract ceased trading on Friday 19 Dec 2008 (the 25th a holiday: three
 *   business days before Wednesday 24th).
 * - By hand: CL Jan 2002, 25 Dec 2001 a Tuesday holiday and Monday 24th a NYMEX bridge day, so the
 *   last business day before the 25th is Fri 21st and trading ends three before it: Tue 2001-12-18.
 *   CL Jan 1991 likewise (24 Dec 1990 closed): 1990-12-18.
 */
describe("NG, CL and HO expiries before 2010", () => {
  const months = (y: number) => Array.from({ length: 12 }, (_, k) => y * 100 + k + 1);
  const mmdd = (t: number) => iso(t).slice(5).replace("-", "/");
  it("2009 contracts match NYMEX's published calendar", () => {
    expect(months(2009).map((id) => mmdd(lastTradeDate("NG", id)))).toEqual(
      "12/29 01/28 02/25 03/27 04/28 05/27 06/26 07/29 08/27 09/28 10/28 11/24".split(" "),
    );
    expect(months(2009).map((id) => mmdd(lastTradeDate("CL", id)))).toEqual(
      "12/19 01/20 02/20 03/20 04/21 05/19 06/22 07/21 08/20 09/22 10/20 11/20".split(" "),
    );
    expect(months(2009).map((id) => mmdd(lastTradeDate("HO", id)))).toEqual(
      "12/31 01/30 02/27 03/31 04/30 05/29 06/30 07/31 08/31 09/30 10/30 11/30".split(" "),
    );
    expect(iso(lastTradeDate("NG", 200910))).toBe("2009-09-28");
    expect(iso(lastTradeDate("NG", 200912))).toBe("2009-11-24");
    expect(iso(firstNoticeDate("NG", 200912))).toBe("2009-11-25");
  });
  it("older contracts from news reports and by hand", () => {
    expect(iso(lastTradeDate("NG", 200812))).toBe("2008-11-24");
    expect(iso(lastTradeDate("NG", 199901))).toBe("1998-12-29");
    expect(iso(lastTradeDate("NG", 200001))).toBe("1999-12-28");
    expect(iso(firstNoticeDate("NG", 200001))).toBe("1999-12-29");
    expect(iso(lastTradeDate("NG", 200712))).toBe("2007-11-28");
    expect(iso(lastTradeDate("CL", 200901))).toBe("2008-12-19");
    expect(iso(lastTradeDate("CL", 200201))).toBe("2001-12-18");
    expect(iso(lastTradeDate("CL", 199101))).toBe("1990-12-18");
  });
});

/*
 * Carver's daily NYMEX series (GAS_US from 1990-04-04, CRUDE_W; back-adjusted, one row per weekday,
 * blank when there is no price). A weekday "traded" when either file has a price. Over 1990-04-04 to
 * 2009-12-31 the untraded weekdays must be our holidays, and no holiday may trade, except the
 * exceptions below, each explained; the same check over 2010 to the files' end (2015-04-22) tests
 * the CME list that was already shipped.
 */
describe.runIf(HAS_SHARED)("CME holidays vs Carver's GAS_US and CRUDE_W price files (shared data)", () => {
  function priced(file: string): Map<string, boolean> {
    const out = new Map<string, boolean>();
    const lines = readFileSync(`${SHARED_DATA}carver-futures-carry/${file}`, "utf8").trim().split("\n");
    for (const line of lines.slice(1)) {
      const [date, adj] = line.split(",");
      out.set(date!.slice(0, 10), adj !== undefined && adj.trim() !== "");
    }
    return out;
  }
  function compare(from: string, to: string) {
    const gas = priced("GAS_US_price.csv");
    const crude = priced("CRUDE_W_price.csv");
    const holidays = new Set(FUTURES_HOLIDAY_CALENDARS.CME!.holidays);
    const untradedWorkdays: string[] = [];
    const tradedHolidays: string[] = [];
    for (let t = D(from); t <= D(to); t += 86_400_000) {
      if ([0, 6].includes(new Date(t).getUTCDay())) continue;
      const d = iso(t);
      const g = gas.get(d) === true;
      const c = crude.get(d) === true;
      if (!g && !c && !holidays.has(d)) untradedWorkdays.push(d);
      if ((g || c) && holidays.has(d)) tradedHolidays.push(`${d} ${g && c ? "both" : g ? "gas" : "crude"}`);
    }
    return { untradedWorkdays, tradedHolidays };
  }

  it("1990–2009: every weekday without a price is a holiday, and no holiday has one, but for these", () => {
    const { untradedWorkdays, tradedHolidays } = compare("1990-04-04", "2009-12-31");
    expect(untradedWorkdays).toEqual([
      "1990-08-13", // gap in Carver's source (NYMEX traded; US10 and EDOLLAR have prices that day)
      "1993-03-01", // NYMEX reopened after the WTC bombing but closed at 1 p.m. (The Independent, 2 Mar 1993)
      "1993-09-01", // gap in Carver's source: no price in any of his five instruments that day
      "2008-05-01", // gaps in Carver's source: EIA's WTI and Henry Hub series have prices on these days
      "2008-10-29",
      "2009-10-23",
    ]);
    expect(tradedHolidays).toEqual([
      // Globex sessions on days with no NYMEX settlement ("Markets will not be settled", NYMEX holiday
      // notices, 2007): Carver's gas source recorded them by calendar date in 2006–2007.
      "2006-09-04 crude", // Labor Day
      "2006-11-24 gas", // Friday after Thanksgiving
      "2007-01-02 gas", // Ford's funeral: floor closed, crude quoted from Friday's settlement on Jan 3
      "2007-01-15 gas", // MLK Day
      "2007-02-19 gas", // Presidents' Day
      "2007-07-04 gas", // Independence Day
      "2007-09-03 gas", // Labor Day
      // Fridays after Thanksgiving that traded but did not count for NG expiries (see the one-offs).
      "2008-11-28 both",
      "2009-11-27 both",
    ]);
  });

  it("2010 to 2015-04-22: the list shipped before agrees too, but for these", () => {
    const { untradedWorkdays, tradedHolidays } = compare("2010-01-01", "2015-04-22");
    // Gaps in Carver's source on ordinary trading days (EIA's WTI spot series has prices on all of them).
    expect(untradedWorkdays).toEqual([
      "2010-01-05",
      "2010-02-23",
      "2010-09-08",
      "2010-09-28",
      "2011-03-22",
      "2011-04-11",
      "2012-03-12",
      "2014-03-24",
      "2014-04-04",
      "2014-04-08",
      "2014-04-09",
      "2014-04-29",
      "2014-06-04",
      "2014-07-31",
      "2014-08-01",
      "2014-08-04",
      "2014-08-05",
      "2014-12-26",
    ]);
    // Holidays on which Carver's files carry a Globex price (no settlement that day).
    expect(tradedHolidays).toEqual([
      "2012-04-06 both", // Good Friday 2012
      "2013-11-28 both", // Thanksgiving
      "2014-07-04 both",
      "2014-09-01 both",
      "2014-11-27 both",
      "2015-01-19 both",
      "2015-02-16 both",
    ]);
  });
});
