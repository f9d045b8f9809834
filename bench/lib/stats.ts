// Summaries of repeated measurements: every figure is { p50, p95, n } (seconds, or milliseconds for
// render_ms), computed with linear interpolation between order statistics (the "R-7" / NumPy
// default quantile), so p50 of an even count is the mean of the two middle values.

export interface Figure {
  p50: number;
  p95: number;
  n: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** p50/p95/n of `values`; `digits` decimals kept (2 for seconds, 1 for milliseconds). */
export function summarize(values: readonly number[], digits = 2): Figure {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return { p50: round(quantile(sorted, 0.5), digits), p95: round(quantile(sorted, 0.95), digits), n: sorted.length };
}

/** Collects named samples across trials, then summarizes them all. */
export class Samples {
  private readonly data = new Map<string, number[]>();

  add(name: string, value: number): void {
    if (!this.data.has(name)) this.data.set(name, []);
    this.data.get(name)!.push(value);
  }

  values(name: string): number[] {
    return this.data.get(name) ?? [];
  }

  figure(name: string, digits = 2): Figure | undefined {
    const v = this.values(name);
    return v.length ? summarize(v, digits) : undefined;
  }
}
