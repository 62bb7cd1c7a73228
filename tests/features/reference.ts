/**
 * Independent reference implementations for the features tests: each recomputes its window from
 * scratch (two-pass where it matters) straight from the published definition, with no running
 * sums and no code shared with the library. Inputs have no NaN.
 */

const nanArray = (n: number): Float64Array => new Float64Array(n).fill(NaN);

export function refSma(x: ArrayLike<number>, n: number): Float64Array {
  const out = nanArray(x.length);
  for (let i = n - 1; i < x.length; i++) {
    let s = 0;
    for (let k = i - n + 1; k <= i; k++) s += x[k]!;
    out[i] = s / n;
  }
  return out;
}

/** EMA with α, seeded by the mean of the first n values that are not NaN (NaNs before them are skipped). */
export function refEma(x: ArrayLike<number>, n: number, alpha = 2 / (n + 1)): Float64Array {
  const out = nanArray(x.length);
  let start = 0;
  while (start < x.length && Number.isNaN(x[start]!)) start++;
  if (start + n > x.length) return out;
  let e = 0;
  for (let k = start; k < start + n; k++) e += x[k]!;
  e /= n;
  out[start + n - 1] = e;
  for (let i = start + n; i < x.length; i++) {
    e = alpha * x[i]! + (1 - alpha) * e;
    out[i] = e;
  }
  return out;
}

export function refWma(x: ArrayLike<number>, n: number): Float64Array {
  const out = nanArray(x.length);
  let start = 0;
  while (start < x.length && Number.isNaN(x[start]!)) start++;
  for (let i = start + n - 1; i < x.length; i++) {
    let s = 0;
    for (let j = 1; j <= n; j++) s += j * x[i - n + j]!;
    out[i] = s / ((n * (n + 1)) / 2);
  }
  return out;
}

/** Windows of sample statistics, two-pass. */
export function refWindowStats(x: ArrayLike<number>, n: number) {
  const len = x.length;
  const mean = nanArray(len);
  const variance = nanArray(len);
  const skew = nanArray(len);
  const kurt = nanArray(len);
  for (let i = n - 1; i < len; i++) {
    let m = 0;
    for (let k = i - n + 1; k <= i; k++) m += x[k]!;
    m /= n;
    let ss = 0;
    for (let k = i - n + 1; k <= i; k++) ss += (x[k]! - m) ** 2;
    const s = Math.sqrt(ss / (n - 1));
    let z3 = 0;
    let z4 = 0;
    for (let k = i - n + 1; k <= i; k++) {
      z3 += ((x[k]! - m) / s) ** 3;
      z4 += ((x[k]! - m) / s) ** 4;
    }
    mean[i] = m;
    variance[i] = ss / (n - 1);
    // textbook (Excel / pandas) forms with the sample standard deviation
    skew[i] = (n / ((n - 1) * (n - 2))) * z3;
    kurt[i] = ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * z4 - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  }
  return { mean, variance, skew, kurt };
}

export function refCov(x: ArrayLike<number>, y: ArrayLike<number>, n: number) {
  const len = x.length;
  const cov = nanArray(len);
  const corr = nanArray(len);
  const beta = nanArray(len);
  for (let i = n - 1; i < len; i++) {
    let mx = 0;
    let my = 0;
    for (let k = i - n + 1; k <= i; k++) {
      mx += x[k]!;
      my += y[k]!;
    }
    mx /= n;
    my /= n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = i - n + 1; k <= i; k++) {
      sxy += (x[k]! - mx) * (y[k]! - my);
      sxx += (x[k]! - mx) ** 2;
      syy += (y[k]! - my) ** 2;
    }
    cov[i] = sxy / (n - 1);
    corr[i] = sxy / Math.sqrt(sxx * syy);
    beta[i] = sxy / sxx;
  }
  return { cov, corr, beta };
}

export function refLinReg(y: ArrayLike<number>, n: number) {
  const len = y.length;
  const slope = nanArray(len);
  const r2 = nanArray(len);
  const tm = (n - 1) / 2;
  for (let i = n - 1; i < len; i++) {
    let ym = 0;
    for (let k = 0; k < n; k++) ym += y[i - n + 1 + k]!;
    ym /= n;
    let sty = 0;
    let stt = 0;
    let syy = 0;
    for (let k = 0; k < n; k++) {
      const d = y[i - n + 1 + k]! - ym;
      sty += (k - tm) * d;
      stt += (k - tm) ** 2;
      syy += d * d;
    }
    slope[i] = sty / stt;
    r2[i] = (sty * sty) / (stt * syy);
  }
  return { slope, r2 };
}

export function refRollingExtreme(x: ArrayLike<number>, n: number, max: boolean): Float64Array {
  const out = nanArray(x.length);
  for (let i = n - 1; i < x.length; i++) {
    let m = x[i]!;
    for (let k = i - n + 1; k <= i; k++) m = max ? Math.max(m, x[k]!) : Math.min(m, x[k]!);
    out[i] = m;
  }
  return out;
}

export function refTrueRange(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>): Float64Array {
  const out = new Float64Array(h.length);
  out[0] = h[0]! - l[0]!;
  for (let i = 1; i < h.length; i++) {
    out[i] = Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!));
  }
  return out;
}

/** Wilder's ATR: mean of the first n TRs (bars 0..n−1), then (prev·(n−1) + TR)/n. */
export function refAtr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, n: number): Float64Array {
  const tr = refTrueRange(h, l, c);
  const out = nanArray(h.length);
  let a = 0;
  for (let i = 0; i < n; i++) a += tr[i]!;
  a /= n;
  out[n - 1] = a;
  for (let i = n; i < h.length; i++) {
    a = (a * (n - 1) + tr[i]!) / n;
    out[i] = a;
  }
  return out;
}
