/**
 * Performance metrics against independently computed values:
 *  1. spreadsheet-style worked examples, every intermediate step written out by hand;
 *  2. the published expectations of empyrical's own test-suite,
 *     quantopian/empyrical `empyrical/tests/test_stats.py` @ 40f61b4f229df10898d46d08f7b1bdc543c0f99c
 *     (its input series are restated here; expected values copied from its parameterised cases).
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/lib/data/types.js";
import {
  alphaBeta,
  annualReturn,
  annualVolatility,
  calmarRatio,
  conditionalValueAtRisk,
  cumReturns,
  cumReturnsFinal,
  downsideRisk,
  excessSharpe,
  maxDrawdown,
  omegaRatio,
  performanceSummary,
  sharpeRatio,
  sortinoRatio,
  stabilityOfTimeseries,
  tailRatio,
  valueAtRisk,
} from "../../src/lib/backtest/metrics.js";

/** assert_almost_equal(actual, expected, decimal) as numpy defines it: |a − e| < 1.5 × 10^−decimal. */
function almost(actual: number, expected: number, decimal = 8): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThan(1.5 * 10 ** -decimal);
}

const pct = (xs: number[]): number[] => xs.map((x) => x / 100);

// ---- empyrical's test series (test_stats.py, class TestStats) ----
const simpleBenchmark = pct([0, 1, 0, 1, 0, 1, 0, 1, 0]);
const positiveReturns = pct([1, 2, 1, 1, 1, 1, 1, 1, 1]);
const negativeReturns = pct([0, -6, -7, -1, -9, -2, -6, -8, -5]);
const allNegativeReturns = pct([-2, -6, -7, -1, -9, -2, -6, -8, -5]);
const mixedReturns = pct([NaN, 1, 10, -4, 2, 3, 2, 1, -10]);
const flatLine1 = pct([1, 1, 1, 1, 1, 1, 1, 1, 1]);
const weeklyReturns = pct([0, 1, 10, -4, 2, 3, 2, 1, -10]);
const monthlyReturns = weeklyReturns;
const oneReturn = pct([1]);
const emptyReturns: number[] = [];
const flatLine1Tz = new Array<number>(1000).fill(0.01);
const posLine = Array.from({ length: 1000 }, (_, i) => i / 999); // np.linspace(0, 1, 1000)
const dfOne = [
  -0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036,
];
const dfTwo = [
  0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769,
];

describe("worked example by hand: r = [2 %, −1 %, 3 %, −2 %, 1 %], 252 periods a year", () => {
  const r = [0.02, -0.01, 0.03, -0.02, 0.01];
  // mean = 0.03 / 5 = 0.006; deviations 0.014, −0.016, 0.024, −0.026, 0.004;
  // squares 0.000196 + 0.000256 + 0.000576 + 0.000676 + 0.000016 = 0.00172; sample var = 0.00172 / 4 = 0.00043.
  const mean = 0.006;
  const sampleVar = 0.00043;

  it("annual volatility = √0.00043 × √252", () => {
    almost(annualVolatility(r), Math.sqrt(sampleVar) * Math.sqrt(252), 12);
  });
  it("Sharpe = 0.006 / √0.00043 × √252 ≈ 4.5933", () => {
    const expected = (mean / Math.sqrt(sampleVar)) * Math.sqrt(252);
    almost(sharpeRatio(r), expected, 12);
    almost(expected, 4.5933, 3);
  });
  it("Sharpe with a per-period risk-free of 0.1 %: (0.006 − 0.001) / √0.00043 × √252", () => {
    almost(sharpeRatio(r, { riskFree: 0.001 }), (0.005 / Math.sqrt(sampleVar)) * Math.sqrt(252), 12);
    // The same rate given per period.
    almost(
      sharpeRatio(r, { riskFree: [0.001, 0.001, 0.001, 0.001, 0.001] }),
      sharpeRatio(r, { riskFree: 0.001 }),
      14,
    );
  });
  it("downside risk: losses −1 %, −2 % → (0.0001 + 0.0004) / 5 = 0.0001, √ = 0.01, × √252", () => {
    almost(downsideRisk(r), 0.01 * Math.sqrt(252), 12);
  });
  it("Sortino = 0.006 × 252 / (0.01 × √252) ≈ 9.5247", () => {
    almost(sortinoRatio(r), (0.006 * 252) / (0.01 * Math.sqrt(252)), 10);
    almost(sortinoRatio(r), 9.5247, 4);
  });
  it("compounded curve 1.02, 1.0098, 1.040094, 1.01929212, 1.0294850412", () => {
    const c = cumReturns(r);
    const hand = [0.02, 0.0098, 0.040094, 0.01929212, 0.0294850412];
    for (let i = 0; i < 5; i++) almost(c[i]!, hand[i]!, 14);
    almost(cumReturnsFinal(r), 0.0294850412, 14);
    almost(cumReturns(r, 100)[4]!, 102.94850412, 11);
  });
  it("CAGR = 1.0294850412^(252/5) − 1", () => {
    almost(annualReturn(r), Math.pow(1.0294850412, 252 / 5) - 1, 10);
  });
  it("max drawdown: peak 1.040094 → 1.01929212 is exactly −2 %; Calmar = CAGR / 0.02", () => {
    almost(maxDrawdown(r), -0.02, 14);
    almost(calmarRatio(r), (Math.pow(1.0294850412, 252 / 5) - 1) / 0.02, 8);
  });
  it("Omega at 0: gains 0.02 + 0.03 + 0.01 = 0.06 over losses 0.01 + 0.02 = 0.03 → 2", () => {
    almost(omegaRatio(r), 2, 14);
    // A per-period risk-free of 1 %: excess 1 %, −2 %, 2 %, −3 %, 0 → 0.03 / 0.05 = 0.6.
    almost(omegaRatio(r, { riskFree: 0.01 }), 0.6, 14);
  });
  it("VaR and CVaR: sorted −0.02, −0.01, 0.01, 0.02, 0.03", () => {
    // 5 %: position 4 × 0.05 = 0.2 → −0.02 + 0.2 × 0.01 = −0.018; CVaR k = ⌊0.2⌋ = 0 → −0.02.
    almost(valueAtRisk(r), -0.018, 15);
    almost(conditionalValueAtRisk(r), -0.02, 15);
    // 50 %: position 2 → 0.01; CVaR k = 2 → (−0.02 − 0.01 + 0.01) / 3.
    almost(valueAtRisk(r, { cutoff: 0.5 }), 0.01, 15);
    almost(conditionalValueAtRisk(r, { cutoff: 0.5 }), -0.02 / 3, 15);
  });
  it("tail ratio: P95 at position 3.8 = 0.028, P5 = −0.018 → 0.028 / 0.018", () => {
    almost(tailRatio(r), 0.028 / 0.018, 12);
  });
  it("stability: R² = 1 − SSres/SStot of the least-squares line through Σ log(1 + r)", () => {
    const y: number[] = [];
    let acc = 0;
    for (const v of r) y.push((acc += Math.log(1 + v)));
    // Normal equations for y = a + b x with x = 0..4: x̄ = 2, Σ(x − x̄)² = 10.
    const ybar = y.reduce((s, v) => s + v, 0) / 5;
    const b = y.reduce((s, v, i) => s + (i - 2) * (v - ybar), 0) / 10;
    const a = ybar - 2 * b;
    const ssRes = y.reduce((s, v, i) => s + (v - a - b * i) ** 2, 0);
    const ssTot = y.reduce((s, v) => s + (v - ybar) ** 2, 0);
    almost(stabilityOfTimeseries(r), 1 - ssRes / ssTot, 12);
  });
  it("performanceSummary agrees with each function", () => {
    const s = performanceSummary(r);
    expect(s.periods).toBe(5);
    almost(s.sharpeRatio, (mean / Math.sqrt(sampleVar)) * Math.sqrt(252), 12);
    almost(s.maxDrawdown, -0.02, 14);
    almost(s.valueAtRisk, -0.018, 15);
    almost(s.conditionalValueAtRisk, -0.02, 15);
    almost(s.tailRatio, 0.028 / 0.018, 12);
    almost(s.omegaRatio, 2, 14);
    almost(s.totalReturn, 0.0294850412, 14);
  });
});

describe("alpha and beta by hand", () => {
  // b = [1 %, −1 %, 2 %, 0]: mean 0.005; deviations 0.005, −0.015, 0.015, −0.005; Σd² = 0.0005.
  // r = [2 %, −1 %, 3 %, 1 %]: Σ d·r = 0.0001 + 0.00015 + 0.00045 − 0.00005 = 0.00065 → β = 1.3.
  // r − 1.3 b = 0.007, 0.003, 0.004, 0.01 → mean 0.006 → α = 1.006^252 − 1.
  const b = [0.01, -0.01, 0.02, 0];
  const r = [0.02, -0.01, 0.03, 0.01];
  it("β = 1.3, α = 1.006^252 − 1", () => {
    const ab = alphaBeta(r, b);
    almost(ab.beta, 1.3, 12);
    almost(ab.alpha, Math.pow(1.006, 252) - 1, 9);
  });
  it("a risk-free rate leaves β and shifts the per-period intercept by rf·(β − 1)", () => {
    // (r − rf) − β(b − rf) = r − βb + rf(β − 1) = 0.006 + 0.001 × 0.3 per period.
    const ab = alphaBeta(r, b, { riskFree: 0.001 });
    almost(ab.beta, 1.3, 12);
    almost(ab.alpha, Math.pow(1.0063, 252) - 1, 9);
  });
  it("arithmetic annualisation (textbook Jensen's alpha): 0.006 × 252", () => {
    const ab = alphaBeta(r, b, { alphaAnnualisation: "arithmetic" });
    almost(ab.alpha, 0.006 * 252, 10);
    almost(ab.beta, 1.3, 12);
  });
  it("periods where either side is missing are dropped pairwise", () => {
    const ab = alphaBeta([...r, NaN, 0.5], [...b, 0.3, NaN]);
    almost(ab.beta, 1.3, 12);
  });
  it("excess Sharpe = mean(r − b) / std(r − b): active 1 %, 0, 1 %, 1 % → 0.0075 / 0.005", () => {
    // active mean 0.0075; deviations 0.0025, −0.0075, 0.0025, 0.0025; Σ² = 0.000075; var = 0.000025; std = 0.005.
    almost(excessSharpe(r, b), 1.5, 12);
  });
});

describe("empyrical's published values (test_stats.py @ 40f61b4)", () => {
  it("test_cum_returns", () => {
    expect(cumReturns(emptyReturns).length).toBe(0);
    const m0 = [0.0, 0.01, 0.111, 0.066559, 0.08789, 0.12052, 0.14293, 0.15436, 0.03893];
    const m100 = [100.0, 101.0, 111.1, 106.65599, 108.78912, 112.05279, 114.29384, 115.43678, 103.8931];
    const neg = [0.0, -0.06, -0.1258, -0.13454, -0.21243, -0.22818, -0.27449, -0.33253, -0.3659];
    const c0 = cumReturns(mixedReturns);
    const c100 = cumReturns(mixedReturns, 100);
    const cn = cumReturns(negativeReturns);
    for (let i = 0; i < 9; i++) {
      almost(c0[i]!, m0[i]!, 4);
      almost(c100[i]!, m100[i]!, 4);
      almost(cn[i]!, neg[i]!, 4);
    }
  });
  it("test_cum_returns_final", () => {
    almost(cumReturnsFinal(emptyReturns), NaN);
    almost(cumReturnsFinal(oneReturn), 0.01, 4);
    almost(cumReturnsFinal(mixedReturns), 0.03893, 4);
    almost(cumReturnsFinal(mixedReturns, 100), 103.8931, 4);
    almost(cumReturnsFinal(negativeReturns), -0.3659, 4);
  });
  it("test_max_drawdown", () => {
    almost(maxDrawdown(emptyReturns), NaN);
    almost(maxDrawdown(oneReturn), 0);
    almost(maxDrawdown(simpleBenchmark), 0);
    almost(maxDrawdown(mixedReturns), -0.1);
    almost(maxDrawdown(positiveReturns), -0);
    almost(maxDrawdown(negativeReturns), cumReturnsFinal(negativeReturns));
    almost(maxDrawdown(allNegativeReturns), cumReturnsFinal(allNegativeReturns));
    almost(maxDrawdown([0.1, -0.1, 0.1]), -0.1);
  });
  it("test_annual_ret / test_cagr", () => {
    almost(annualReturn(mixedReturns), 1.9135925373194231);
    almost(annualReturn(weeklyReturns, { periodsPerYear: 52 }), 0.24690830513998208);
    almost(annualReturn(monthlyReturns, { periodsPerYear: 12 }), 0.052242061386048144);
    almost(annualReturn(emptyReturns), NaN);
    almost(annualReturn(oneReturn), 11.274002099240244);
    almost(annualReturn(flatLine1Tz), 11.274002099240256);
    almost(annualReturn([0.03, 0.03, 0.03], { periodsPerYear: 1 }), 0.03);
  });
  it("test_annual_volatility", () => {
    almost(annualVolatility(flatLine1Tz), 0);
    almost(annualVolatility(mixedReturns), 0.9136465399704637);
    almost(annualVolatility(weeklyReturns, { periodsPerYear: 52 }), 0.38851569394870583);
    almost(annualVolatility(monthlyReturns, { periodsPerYear: 12 }), 0.18663690238892558);
  });
  it("test_calmar", () => {
    almost(calmarRatio(emptyReturns), NaN);
    almost(calmarRatio(oneReturn), NaN);
    almost(calmarRatio(mixedReturns), 19.135925373194233);
    almost(calmarRatio(weeklyReturns, { periodsPerYear: 52 }), 2.4690830513998208);
    almost(calmarRatio(monthlyReturns, { periodsPerYear: 12 }), 0.52242061386048144);
  });
  it("test_omega", () => {
    almost(omegaRatio(emptyReturns), NaN);
    almost(omegaRatio(oneReturn), NaN);
    almost(omegaRatio(mixedReturns, { requiredReturn: 10 }), 0.83354263497557934);
    almost(omegaRatio(mixedReturns, { requiredReturn: -10 }), NaN);
    almost(omegaRatio(mixedReturns, { riskFree: flatLine1 }), 0.8125);
    almost(omegaRatio(positiveReturns, { riskFree: 0.01 }), NaN);
    almost(omegaRatio(positiveReturns, { riskFree: 0.011 }), 1.125);
    almost(omegaRatio(positiveReturns, { riskFree: 0.02 }), 0);
    almost(omegaRatio(negativeReturns, { riskFree: 0.01 }), 0);
  });
  it("test_sharpe_ratio", () => {
    almost(sharpeRatio(emptyReturns), NaN);
    almost(sharpeRatio(oneReturn), NaN);
    almost(sharpeRatio(mixedReturns, { riskFree: mixedReturns }), NaN);
    almost(sharpeRatio(mixedReturns), 1.7238613961706866);
    almost(sharpeRatio(mixedReturns, { riskFree: simpleBenchmark }), 0.34111411441060574);
    almost(sharpeRatio(positiveReturns), 52.915026221291804);
    almost(sharpeRatio(negativeReturns), -24.406808633910085);
    almost(sharpeRatio(flatLine1), Infinity);
  });
  it("test_downside_risk", () => {
    almost(downsideRisk(emptyReturns), NaN);
    almost(downsideRisk(oneReturn), 0);
    almost(downsideRisk(mixedReturns, { requiredReturn: mixedReturns }), 0);
    almost(downsideRisk(mixedReturns), 0.60448325038829653);
    almost(downsideRisk(mixedReturns, { requiredReturn: 0.1 }), 1.7161730681956295);
    almost(downsideRisk(weeklyReturns, { periodsPerYear: 52 }), 0.25888650451930134);
    almost(downsideRisk(weeklyReturns, { requiredReturn: 0.1, periodsPerYear: 52 }), 0.7733045971672482);
    almost(downsideRisk(monthlyReturns, { periodsPerYear: 12 }), 0.1243650540411842);
    almost(downsideRisk(monthlyReturns, { requiredReturn: 0.1, periodsPerYear: 12 }), 0.37148351242013422);
    almost(downsideRisk(dfOne), 0.20671788246185202);
    almost(downsideRisk(dfTwo), 0.083495680595704475);
    almost(downsideRisk(dfOne, { periodsPerYear: 52 }), 0.093902996054410062);
    almost(downsideRisk(dfTwo, { periodsPerYear: 52 }), 0.037928477556776516);
    almost(downsideRisk(dfOne, { periodsPerYear: 12 }), 0.045109540184877193);
    almost(downsideRisk(dfTwo, { periodsPerYear: 12 }), 0.018220251263412916);
  });
  it("test_sortino", () => {
    almost(sortinoRatio(emptyReturns), NaN);
    almost(sortinoRatio(oneReturn), NaN);
    almost(sortinoRatio(mixedReturns, { requiredReturn: mixedReturns }), NaN);
    almost(sortinoRatio(mixedReturns), 2.605531251673693);
    almost(sortinoRatio(mixedReturns, { requiredReturn: flatLine1 }), -1.3934779588919977);
    almost(sortinoRatio(positiveReturns), Infinity);
    almost(sortinoRatio(negativeReturns), -13.532743075043401);
    almost(sortinoRatio(simpleBenchmark), Infinity);
    almost(sortinoRatio(weeklyReturns, { periodsPerYear: 52 }), 1.1158901056866439);
    almost(sortinoRatio(monthlyReturns, { periodsPerYear: 12 }), 0.53605626741889756);
    almost(sortinoRatio(dfOne), 3.0639640966566306);
    almost(sortinoRatio(dfTwo), 38.090963117002495);
    almost(sortinoRatio(dfOne, { periodsPerYear: 52 }), 1.3918264112070571);
    almost(sortinoRatio(dfTwo, { periodsPerYear: 52 }), 17.303077589064618);
    almost(sortinoRatio(dfOne, { periodsPerYear: 12 }), 0.6686117809312383);
    almost(sortinoRatio(dfTwo, { periodsPerYear: 12 }), 8.3121296084492844);
  });
  it("test_excess_sharpe", () => {
    almost(excessSharpe(emptyReturns, 0), NaN);
    almost(excessSharpe(oneReturn, 0), NaN);
    almost(excessSharpe(posLine, posLine), NaN);
    almost(excessSharpe(mixedReturns, 0), 0.10859306069076737);
    almost(excessSharpe(mixedReturns, flatLine1), -0.06515583641446039);
  });
  it("test_alpha_beta", () => {
    // empyrical aligns negative_returns[1:] on the dates of mixed_returns: the first period is missing.
    const aligned = [NaN, ...negativeReturns.slice(1)];
    const ab = alphaBeta(mixedReturns, aligned);
    almost(ab.alpha, -0.9997853834885004);
    almost(ab.beta, -0.71296296296296313);
    const same = alphaBeta(mixedReturns, mixedReturns);
    almost(same.alpha, 0);
    almost(same.beta, 1);
    const inv = alphaBeta(
      mixedReturns,
      mixedReturns.map((x) => -x),
    );
    almost(inv.alpha, 0);
    almost(inv.beta, -1);
    const one = alphaBeta(oneReturn, oneReturn);
    almost(one.alpha, NaN);
    almost(one.beta, NaN);
    // test_alpha / test_beta: a constant benchmark has no variance → NaN.
    almost(alphaBeta(mixedReturns, flatLine1).beta, NaN);
    almost(alphaBeta(mixedReturns, flatLine1).alpha, NaN);
  });
  it("test_stability_of_timeseries", () => {
    almost(stabilityOfTimeseries(emptyReturns), NaN);
    almost(stabilityOfTimeseries(oneReturn), NaN);
    almost(stabilityOfTimeseries(mixedReturns), 0.1529973665111273);
    almost(stabilityOfTimeseries(flatLine1Tz), 1.0);
  });
  it("test_tail_ratio", () => {
    almost(tailRatio(emptyReturns), NaN);
    almost(tailRatio(oneReturn), 1.0, 1);
    almost(tailRatio(mixedReturns), 0.9473684210526313, 1);
    // Our percentiles are numpy's linear ones, so the value agrees to far more than empyrical's 1 decimal:
    // finite sorted −10, −4, 1, 1, 2, 2, 3, 10 %: P95 at 6.65 → 3 + 0.65 × 7 = 7.55 %; P5 at 0.35 → −10 + 0.35 × 6 = −7.9 %.
    almost(tailRatio(mixedReturns), 7.55 / 7.9, 12);
  });
  it("test_value_at_risk", () => {
    almost(valueAtRisk([1.0, 2.0], { cutoff: 0.0 }), 1.0);
    almost(valueAtRisk([1.0, 2.0], { cutoff: 0.3 }), 1.3);
    almost(valueAtRisk([1.0, 2.0], { cutoff: 1.0 }), 2.0);
    const r = [1, 81, 82, 83, 84, 85];
    almost(valueAtRisk(r, { cutoff: 0.1 }), 41);
    almost(valueAtRisk(r, { cutoff: 0.2 }), 81);
    almost(valueAtRisk(r, { cutoff: 0.3 }), 81.5);
  });
  it("test_conditional_value_at_risk: one value → itself; else the mean of the returns at or below VaR", () => {
    almost(conditionalValueAtRisk([-0.013]), -0.013);
    almost(conditionalValueAtRisk([-0.013], { cutoff: 1 }), -0.013);
    // 21 distinct returns (a deterministic stand-in for empyrical's random normal draw).
    const r = Array.from({ length: 21 }, (_, i) => 0.02 * Math.sin(1.7 * i + 0.3));
    for (const cutoff of [0, 0.0499, 0.05, 0.2, 0.999, 1]) {
      const v = valueAtRisk(r, { cutoff });
      const below = r.filter((x) => x <= v);
      almost(conditionalValueAtRisk(r, { cutoff }), below.reduce((s, x) => s + x, 0) / below.length, 12);
    }
  });
});

describe("performanceSummary (fused passes) equals the individual functions", () => {
  const noise = Array.from({ length: 997 }, (_, i) =>
    i % 50 === 7 ? NaN : 0.01 * Math.sin(i * 0.37) + 0.0003,
  );
  const series: [string, number[]][] = [
    ["mixed", mixedReturns],
    ["negative", negativeReturns],
    ["positive", positiveReturns],
    ["flat", flatLine1],
    ["one", oneReturn],
    ["empty", emptyReturns],
    ["all NaN", [NaN, NaN, NaN]],
    ["first NaN only", [NaN, 0.01]],
    ["noise", noise],
  ];
  const same = (a: number, e: number): void => {
    if (Number.isNaN(e) || !Number.isFinite(e)) expect(a).toEqual(e);
    else expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
  };
  for (const [name, r] of series) {
    for (const o of [{}, { riskFree: 0.0001, requiredReturn: 0.0002, cutoff: 0.1, periodsPerYear: 52 }]) {
      it(`${name} ${JSON.stringify(o)}`, () => {
        const s = performanceSummary(r, o);
        const p = { periodsPerYear: o.periodsPerYear };
        same(s.totalReturn, cumReturnsFinal(r));
        same(s.annualReturn, annualReturn(r, p));
        same(s.annualVolatility, annualVolatility(r, p));
        same(s.sharpeRatio, sharpeRatio(r, { ...p, riskFree: o.riskFree }));
        same(s.sortinoRatio, sortinoRatio(r, { ...p, requiredReturn: o.requiredReturn }));
        same(s.downsideRisk, downsideRisk(r, { ...p, requiredReturn: o.requiredReturn }));
        same(s.calmarRatio, calmarRatio(r, p));
        same(s.omegaRatio, omegaRatio(r, { ...p, riskFree: o.riskFree }));
        same(s.maxDrawdown, maxDrawdown(r));
        same(s.tailRatio, tailRatio(r));
        same(s.valueAtRisk, valueAtRisk(r, { cutoff: o.cutoff }));
        same(s.conditionalValueAtRisk, conditionalValueAtRisk(r, { cutoff: o.cutoff }));
        same(s.stabilityOfTimeseries, stabilityOfTimeseries(r));
        expect(s.periods).toBe(r.length);
      });
    }
  }
});

describe("quantiles by selection agree with numpy's sort-and-interpolate definition", () => {
  /** numpy.percentile(x, 100 q) (method "linear") via a full sort, written out independently. */
  function sortedPercentile(x: number[], q: number): number {
    const s = x.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  }
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const m of [1, 2, 3, 7, 20, 21, 100, 1001]) {
    it(`${m} values with ties and NaNs`, () => {
      // Rounded to 0.1 % so that many values tie (the hard case for partitioning).
      const x = Array.from({ length: m }, (_, i) =>
        i % 9 === 4 ? NaN : Math.round((next() - 0.5) * 60) / 1000,
      );
      const finite = x.filter((v) => !Number.isNaN(v));
      for (const q of [0, 0.01, 0.05, 0.25, 0.5, 0.95, 1]) {
        if (finite.length === 0) continue;
        almost(valueAtRisk(x, { cutoff: q }), sortedPercentile(x, q), 14);
        const s = [...finite].sort((a, b) => a - b);
        const k = Math.floor((s.length - 1) * q);
        const tail = s.slice(0, k + 1);
        almost(conditionalValueAtRisk(x, { cutoff: q }), tail.reduce((a, b) => a + b, 0) / tail.length, 14);
      }
      if (finite.length > 0) {
        const tr = Math.abs(sortedPercentile(x, 0.95)) / Math.abs(sortedPercentile(x, 0.05));
        const got = tailRatio(x);
        if (Number.isFinite(tr)) almost(got, tr, 10);
        else expect(got).toEqual(tr);
        const ps = performanceSummary(x);
        expect(ps.tailRatio).toEqual(got);
        almost(ps.valueAtRisk, sortedPercentile(x, 0.05), 14);
      }
    });
  }
});

describe("edge cases and bad input", () => {
  it("all-NaN input: every scalar metric is NaN; the cumulative curve stays flat", () => {
    const nan = [NaN, NaN, NaN];
    for (const f of [
      cumReturnsFinal,
      annualReturn,
      annualVolatility,
      sharpeRatio,
      sortinoRatio,
      downsideRisk,
      calmarRatio,
      omegaRatio,
      maxDrawdown,
      tailRatio,
      valueAtRisk,
      conditionalValueAtRisk,
      stabilityOfTimeseries,
    ]) {
      expect(f(nan)).toBeNaN();
    }
    expect(Array.from(cumReturns(nan))).toEqual([0, 0, 0]);
    expect(alphaBeta(nan, nan).beta).toBeNaN();
  });
  it("zero volatility: Sharpe ±Infinity, NaN for a zero mean; Sortino +Infinity without losses", () => {
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBe(Infinity);
    expect(sharpeRatio([-0.01, -0.01])).toBe(-Infinity);
    expect(sharpeRatio([0, 0, 0])).toBeNaN();
    expect(sortinoRatio([0.01, 0.02])).toBe(Infinity);
    expect(sortinoRatio([0, 0])).toBeNaN();
    expect(annualVolatility([0.003, 0.003, 0.003])).toBe(0);
  });
  it("Float64Array and number[] give identical results", () => {
    const a = [0.01, -0.02, 0.005, NaN, 0.03];
    expect(sharpeRatio(Float64Array.from(a))).toBe(sharpeRatio(a));
    expect(maxDrawdown(Float64Array.from(a))).toBe(maxDrawdown(a));
  });
  it("mismatched lengths are ValidationErrors naming the field", () => {
    expect(() => alphaBeta([0.01, 0.02], [0.01])).toThrow(ValidationError);
    expect(() => alphaBeta([0.01, 0.02], [0.01])).toThrow(/factorReturns/);
    expect(() => sharpeRatio([0.01, 0.02], { riskFree: [0.001] })).toThrow(/riskFree/);
    expect(() => sortinoRatio([0.01, 0.02], { requiredReturn: [0, 0, 0] })).toThrow(ValidationError);
    expect(() => excessSharpe([0.01, 0.02], [0.01, 0.02, 0.03])).toThrow(ValidationError);
  });
  it("infinite returns and bad options are ValidationErrors naming field and bar", () => {
    expect(() => sharpeRatio([0.01, Infinity, 0.02])).toThrow(/bar 1/);
    expect(() => maxDrawdown([0.01, -Infinity])).toThrow(ValidationError);
    expect(() => annualReturn([0.01], { periodsPerYear: 0 })).toThrow(/periodsPerYear/);
    expect(() => valueAtRisk([0.01], { cutoff: 1.5 })).toThrow(/cutoff/);
    expect(() => sharpeRatio([0.01, 0.02], { riskFree: NaN })).toThrow(ValidationError);
  });
});
