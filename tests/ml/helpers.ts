import type { FitOptions, MLMatrix, Model, SaveOptions, SavedModel } from "../../src/lib/alpha/ml/index.js";
import { seededRandom } from "../../src/lib/math/index.js";

/** mulberry32: deterministic uniform [0, 1). */
export const rng = seededRandom;

/** Rule data: class 1 iff a + 0.5 b > 0 (c, d, e irrelevant), or labels independent of the features. */
export function ruleData(n: number, seed: number, noise = false): { x: MLMatrix; y: Float64Array } {
  const r = rng(seed);
  const values = new Float64Array(n * 5);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) values[i * 5 + j] = r() * 2 - 1;
    y[i] = noise ? (r() < 0.5 ? 1 : 0) : values[i * 5]! + 0.5 * values[i * 5 + 1]! > 0 ? 1 : 0;
  }
  return { x: { rows: n, cols: 5, names: ["a", "b", "c", "d", "e"], values }, y };
}

/** A hand-made model: P(class 1) = clip(x[:, column]) — uses exactly one feature. */
export class OneFeatureModel implements Model {
  readonly kind = "one-feature";
  featureNames: string[] = [];
  /** Rows seen by the last fit (for checks on what the workflow trained on). */
  lastFit: MLMatrix | null = null;
  constructor(private readonly column: number) {}
  fit(x: MLMatrix, _y: Float64Array, _options?: FitOptions): void {
    this.featureNames = x.names.slice();
    this.lastFit = x;
  }
  predictProba(x: MLMatrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = Math.min(1, Math.max(0, x.values[i * x.cols + this.column]!));
    return out;
  }
  predict(x: MLMatrix): Float64Array {
    return this.predictProba(x).map((p) => (p >= 0.5 ? 1 : 0));
  }
  featureImportance(): Float64Array | null {
    return null;
  }
  save(_options?: SaveOptions): SavedModel {
    throw new Error("not saved in tests");
  }
}
