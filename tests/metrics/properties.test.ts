/**
 * Properties that must hold for any return series (fast-check), restating the invariances empyrical
 * tests with random series (quantopian/empyrical `empyrical/tests/test_stats.py` @ 40f61b4:
 * test_max_drawdown_translation, test_sharpe_translation_same / _1, test_downside_risk_trans,
 * test_sortino_translation_same, test_omega_returns, test_cagr_translation, test_alpha_beta_translation)
 * plus closed-form identities and no look-ahead.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alphaBeta,
  annualReturn,
  cumReturns,
  cumReturnsFinal,
  downsideRisk,
  maxDrawdown,
  omegaRatio,
  sharpeRatio,
  sortinoRatio,
} from "../../src/lib/backtest/metrics.js";
import { drawdownTable, underwaterCurve } from "../../src/lib/backtest/return_tables.js";

/** Daily-like returns in (−5 %, +5 %), 10 to 300 periods, not all equal. */
const returnsArb = fc
  .array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 10, maxLength: 300 })
  .filter((r) => Math.max(...r) - Math.min(...r) > 1e-6);

const near = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const shift = (r: number[], c: number): number[] => r.map((x) => x + c);

describe("translation invariances (empyrical)", () => {
  it("max drawdown: raising every return never deepens it, lowering never lessens it", () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 1e-5, max: 0.01, noNaN: true }), (r, c) => {
        const m = maxDrawdown(r);
        return maxDrawdown(shift(r, c)) >= m - 1e-15 && maxDrawdown(shift(r, -c)) <= m + 1e-15;
      }),
    );
  });
  it("Sharpe: shifting returns and the risk-free rate together leaves it unchanged; raising rf lowers it", () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: -0.01, max: 0.01, noNaN: true }), (r, c) => {
        const s = sharpeRatio(r, { riskFree: 0.0002 });
        return (
          near(sharpeRatio(shift(r, c), { riskFree: 0.0002 + c }), s, 1e-6) &&
          sharpeRatio(r, { riskFree: 0.001 }) < s
        );
      }),
    );
  });
  it("Sharpe is scale-free: k × returns, k > 0, has the same Sharpe (rf = 0)", () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.1, max: 10, noNaN: true }), (r, k) =>
        near(sharpeRatio(r.map((x) => k * x)), sharpeRatio(r), 1e-9),
      ),
    );
  });
  it("downside risk grows with the target; Sortino is unchanged when returns and target shift together", () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 1e-4, max: 0.01, noNaN: true }), (r, c) => {
        const lowT = downsideRisk(r, { requiredReturn: -c });
        const midT = downsideRisk(r);
        const highT = downsideRisk(r, { requiredReturn: c });
        const so = sortinoRatio(r, { requiredReturn: 0.001 });
        const so2 = sortinoRatio(shift(r, c), { requiredReturn: 0.001 + c });
        return lowT <= midT && midT <= highT && (!Number.isFinite(so) || near(so2, so, 1e-6));
      }),
    );
  });
  it("Omega falls as the required return rises", () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        const a = omegaRatio(r, { requiredReturn: 0 });
        const b = omegaRatio(r, { requiredReturn: 0.5 });
        return !(Number.isFinite(a) && Number.isFinite(b)) || b <= a;
      }),
    );
  });
  it("CAGR rises with a constant added to every return", () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 1e-4, max: 0.01, noNaN: true }), (r, c) => {
        return annualReturn(shift(r, -c)) < annualReturn(r) && annualReturn(r) < annualReturn(shift(r, c));
      }),
    );
  });
  it("alpha: adding c to the returns adds c to the per-period alpha (1 + α)^(1/252) − 1; beta is unchanged", () => {
    fc.assert(
      fc.property(
        returnsArb,
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.005, noNaN: true }),
        (b, beta, c) => {
          const r = b.map((x, i) => beta * x + 0.0001 * Math.sin(i));
          const a0 = alphaBeta(r, b);
          const a1 = alphaBeta(shift(r, c), b);
          const perPeriod = (a: number): number => Math.pow(1 + a, 1 / 252) - 1;
          return (
            near(a1.beta, a0.beta, 1e-7) && Math.abs(perPeriod(a1.alpha) - perPeriod(a0.alpha) - c) < 1e-9
          );
        },
      ),
    );
  });
});

describe("closed forms and consistency", () => {
  it("cumReturns ends at cumReturnsFinal; max drawdown is the minimum of the underwater curve and the deepest table row", () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        const c = cumReturns(r);
        const u = underwaterCurve(r);
        const mdd = maxDrawdown(r);
        const top = drawdownTable(r, { top: 1 })[0];
        return (
          near(c[c.length - 1]!, cumReturnsFinal(r), 1e-12) &&
          near(Math.min(0, ...u), mdd, 1e-12) &&
          (top === undefined ? mdd === 0 : near(top.depth, mdd, 1e-12))
        );
      }),
    );
  });
  it("drawdown periods never overlap and each trough lies between its peak and recovery", () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        const rows = drawdownTable(r, { top: 1000 }).sort((a, b) => a.peak - b.peak);
        for (let i = 0; i < rows.length; i++) {
          const d = rows[i]!;
          if (!(d.peak < d.trough && (d.recovery === -1 || d.trough < d.recovery))) return false;
          if (i > 0 && rows[i - 1]!.recovery > d.peak) return false;
        }
        return true;
      }),
    );
  });
  it("no look-ahead: the cumulative and underwater curves up to t do not depend on returns after t", () => {
    fc.assert(
      fc.property(returnsArb, fc.nat(), (r, k) => {
        const t = k % r.length;
        const r2 = r.map((x, i) => (i > t ? -x * 3 : x));
        const a = underwaterCurve(r);
        const b = underwaterCurve(r2);
        const ca = cumReturns(r);
        const cb = cumReturns(r2);
        for (let i = 0; i <= t; i++) if (a[i] !== b[i] || ca[i] !== cb[i]) return false;
        return true;
      }),
    );
  });
  it("a constant return c each period: CAGR = (1 + c)^252 − 1, no drawdown, zero volatility → Sharpe ±∞", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.01, max: 0.01, noNaN: true }).filter((c) => c !== 0),
        fc.integer({ min: 2, max: 500 }),
        (c, n) => {
          const r = new Array<number>(n).fill(c);
          return (
            near(annualReturn(r), Math.pow(1 + c, 252) - 1, 1e-9) &&
            (c < 0 || maxDrawdown(r) === 0) &&
            sharpeRatio(r) === (c > 0 ? Infinity : -Infinity)
          );
        },
      ),
    );
  });
});

describe("numbers, not NaN, on realistic input", () => {
  it("every metric of a finite, non-constant series of ≥ 2 returns is a number", () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        expect(Number.isFinite(sharpeRatio(r))).toBe(true);
        expect(Number.isFinite(maxDrawdown(r))).toBe(true);
        expect(Number.isFinite(annualReturn(r))).toBe(true);
        return true;
      }),
    );
  });
});
