"""Reference values for tests/metrics/real-data.test.ts, computed with numpy/scipy following
empyrical's formulas (quantopian/empyrical empyrical/stats.py @ 40f61b4), on the shared real data:
S&P 500 (arch-index-daily/sp500.csv, Adj Close) and ORCL (backtrader-sample-bars/orcl-1995-2014.txt,
Adj Close) aligned on common dates.  Run: python3 tests/metrics/xcheck_numpy.py ../shared/data
Prints one `name value` line per figure (17 significant digits)."""
import csv, sys, math
import numpy as np
from scipy import stats

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"

def read(path, us_dates):
    out = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            d = row["Date"]
            if us_dates:
                m, dd, y = d.split("/")
                d = "%04d-%02d-%02d" % (int(y), int(m), int(dd))
            out[d] = float(row["Adj Close"])
    return out

spx = read(root + "/arch-index-daily/sp500.csv", True)
orcl = read(root + "/backtrader-sample-bars/orcl-1995-2014.txt", False)
sd = sorted(spx)
sp = np.array([spx[d] for d in sd])
r = sp[1:] / sp[:-1] - 1  # S&P daily simple returns, 5030 values

def p(name, v):
    print(name, repr(float(v)))

ann = 252
p("n", len(r))
p("cum_returns_final", np.nanprod(r + 1) - 1)
p("annual_return", np.nanprod(r + 1) ** (1 / (len(r) / ann)) - 1)
p("annual_volatility", np.nanstd(r, ddof=1) * ann ** 0.5)
rf = 0.0001
p("sharpe_rf", np.nanmean(r - rf) / np.nanstd(r - rf, ddof=1) * math.sqrt(ann))
dd = np.clip(r - 0.0002, -np.inf, 0)
dr = math.sqrt(np.nanmean(dd ** 2)) * math.sqrt(ann)
p("downside_risk_req", dr)
p("sortino_req", np.nanmean(r - 0.0002) * ann / dr)
cum = np.empty(len(r) + 1); cum[0] = 100; cum[1:] = 100 * np.cumprod(1 + r)
mx = np.fmax.accumulate(cum)
mdd = np.nanmin((cum - mx) / mx)
p("max_drawdown", mdd)
p("calmar", (np.nanprod(r + 1) ** (1 / (len(r) / ann)) - 1) / abs(mdd))
thr = (1 + 0.1) ** (1 / ann) - 1
x = r - 0.0 - thr
p("omega_req10", x[x > 0].sum() / -x[x < 0].sum())
p("tail_ratio", abs(np.percentile(r, 95)) / abs(np.percentile(r, 5)))
p("var_05", np.percentile(r, 5))
p("var_01", np.percentile(r, 1))
k = int((len(r) - 1) * 0.05)
p("cvar_05", np.mean(np.partition(r, k)[: k + 1]))
p("stability", stats.linregress(np.arange(len(r)), np.log1p(r).cumsum()).rvalue ** 2)
w = 126
win = r[-w:]
p("roll_sharpe_126_last", np.nanmean(win) / np.nanstd(win, ddof=1) * math.sqrt(ann))
win = r[1000:1000 + w]
p("roll_sharpe_126_at_1125", np.nanmean(win) / np.nanstd(win, ddof=1) * math.sqrt(ann))
# Monthly: October 2008 and calendar year 2008 compounded.
dates = sd[1:]
oct08 = np.array([v for d, v in zip(dates, r) if d.startswith("2008-10")])
p("month_2008_10", np.prod(1 + oct08) - 1)
y08 = np.array([v for d, v in zip(dates, r) if d.startswith("2008-")])
p("year_2008", np.prod(1 + y08) - 1)
# ORCL on the S&P, aligned on common dates (returns between consecutive common dates).
common = sorted(set(spx) & set(orcl))
a = np.array([orcl[d] for d in common]); b = np.array([spx[d] for d in common])
ra = a[1:] / a[:-1] - 1; rb = b[1:] / b[:-1] - 1
p("aligned_n", len(ra))
ind_res = rb - np.nanmean(rb)
beta = np.nanmean(ind_res * ra) / np.nanmean(ind_res ** 2)
p("beta_orcl_spx", beta)
p("alpha_orcl_spx_rf", (1 + np.nanmean((ra - rf) - beta * (rb - rf))) ** ann - 1)
act = ra - rb
p("excess_sharpe_orcl_spx", np.nanmean(act) / np.nanstd(act, ddof=1))
