/** The acceptance: the metrics are exported from the package root under empyrical's names in camelCase. */
import { describe, expect, it } from "vitest";
import * as quantbook from "../../src/index.js";

describe("package root exports", () => {
  it("every empyrical-named metric, the tables, trade statistics, attribution and rolling helpers", () => {
    const names = [
      "cumReturns",
      "annualReturn",
      "annualVolatility",
      "sharpeRatio",
      "sortinoRatio",
      "calmarRatio",
      "omegaRatio",
      "maxDrawdown",
      "downsideRisk",
      "tailRatio",
      "valueAtRisk",
      "conditionalValueAtRisk",
      "stabilityOfTimeseries",
      "alphaBeta",
      "excessSharpe",
      "performanceSummary",
      "tradeStatistics",
      "drawdownTable",
      "monthlyReturnsTable",
      "yearlyReturnsTable",
      "aggregateReturns",
      "exposureProfile",
      "turnoverSeries",
      "annualTurnover",
      "attributePnl",
      "instrumentPnl",
      "signalPnl",
      "rollSharpeRatio",
      "rollAnnualVolatility",
      "rollBeta",
      "rollAlphaBeta",
      "rollMaxDrawdown",
    ];
    const root = quantbook as unknown as Record<string, unknown>;
    for (const n of names) expect(typeof root[n], n).toBe("function");
    // Called through the root: 1 %, 3 % at one period a year → Sharpe (0.02 / √0.0002) = √2.
    expect(Math.abs(quantbook.sharpeRatio([0.01, 0.03], { periodsPerYear: 1 }) - Math.SQRT2)).toBeLessThan(
      1e-12,
    );
  });
});
