import type { Observation } from './optimizer';
import type { DiscreteSpace } from './space';

/**
 * Synthetic constrained test problems over a discrete ordinal space, with optima known by
 * construction, for testing and tuning optimizers without the simulator.
 */
const sq = (x: number) => x * x;

export interface SyntheticProblem {
  space: DiscreteSpace;
  /** Evaluates one design: objective(s) to minimise, feasibility and relative violation. */
  evaluate(x: ArrayLike<number>): Omit<Observation, 'x'>;
  /** The best feasible objective value (single-objective problems). */
  optimum: number;
}

/**
 * A shifted, rotated-ish quadratic "latency" with an "area" budget, shaped like the accelerator
 * problem: latency falls with resources (larger indices) but the area grows with them, so the
 * optimum sits on the constraint boundary. Dimension i has `levels` values; u_i = x_i/(levels−1).
 *   latency(u) = 1 + Σ w_i (u_i − c_i)² + 0.5 (u_0 − u_1)²    (coupling between two dims)
 *   area(u)    = Σ a_i u_i ≤ budget
 * The optimum is found by exhaustive search at construction, so keep levels^dims ≤ ~10⁶.
 */
export function constrainedQuadratic(dims = 6, levels = 8, budget = 1.6): SyntheticProblem {
  const sizes = new Array<number>(dims).fill(levels);
  const w = Array.from({ length: dims }, (_, i) => 1 + (i % 3));
  const c = Array.from({ length: dims }, (_, i) => 0.55 + 0.4 * (((i * 7) % 5) / 4));
  const a = Array.from({ length: dims }, (_, i) => 0.3 + 0.2 * (i % 4));
  const raw = (x: ArrayLike<number>) => {
    let lat = 1;
    let area = 0;
    for (let i = 0; i < dims; i++) {
      const u = (x[i] as number) / (levels - 1);
      lat += (w[i] as number) * sq(u - (c[i] as number));
      area += (a[i] as number) * u;
    }
    const u0 = (x[0] as number) / (levels - 1);
    const u1 = (x[1] as number) / (levels - 1);
    lat += 0.5 * sq(u0 - u1);
    return { lat, area };
  };
  let optimum = Number.POSITIVE_INFINITY;
  const x = new Int32Array(dims);
  let total = 1;
  for (let i = 0; i < dims; i++) total *= levels;
  for (let k = 0; k < total; k++) {
    let r = k;
    for (let i = 0; i < dims; i++) {
      x[i] = r % levels;
      r = Math.floor(r / levels);
    }
    const v = raw(x);
    if (v.area <= budget && v.lat < optimum) optimum = v.lat;
  }
  return {
    space: { sizes },
    optimum,
    evaluate(xx) {
      const v = raw(xx);
      const feasible = v.area <= budget;
      return { f: [v.lat], feasible, violation: feasible ? 0 : v.area / budget - 1 };
    },
  };
}

/** ZDT1-like bi-objective problem on a discrete grid (Zitzler, Deb & Thiele 2000), all feasible. */
export function discreteZdt1(dims = 6, levels = 16): Omit<SyntheticProblem, 'optimum'> {
  const sizes = new Array<number>(dims).fill(levels);
  return {
    space: { sizes },
    evaluate(x) {
      const u = Array.from({ length: dims }, (_, i) => (x[i] as number) / (levels - 1));
      const f1 = u[0] as number;
      let g = 0;
      for (let i = 1; i < dims; i++) g += u[i] as number;
      g = 1 + (9 * g) / (dims - 1);
      const f2 = g * (1 - Math.sqrt(f1 / g));
      return { f: [f1 + 1e-3, f2 + 1e-3], feasible: true, violation: 0 };
    },
  };
}
