import { exp, log } from './fdlibm';

/**
 * Standard normal density, distribution and their logarithms, for the acquisition functions.
 * ES2022 has no Math.erf; erfc follows W. J. Cody's rational Chebyshev approximations
 * (Math. Comp. 23, 1969), relative error < 1e-15 over the double range.
 */

const SQRT2 = Math.SQRT2;
/** ½ ln 2π */
const LOG_SQRT_2PI = 0.9189385332046728;

/** φ(z) */
export function normPdf(z: number): number {
  return exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Φ(z) */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Φ(z), accurate for very negative z (where Φ underflows). */
export function logNormCdf(z: number): number {
  if (z > -8) return log(normCdf(z));
  // Mills-ratio asymptotic series: Φ(z) = φ(z)/|z| · (1 − 1/z² + 3/z⁴ − 15/z⁶ …), z → −∞
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - log(-z) + log(1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2));
}

/**
 * log of the expected-improvement kernel h(z) = z Φ(z) + φ(z) (EI = σ h(z)); for z ≪ 0 uses
 * h(z) ≈ φ(z)/z² · (1 − 3/z² + 15/z⁴ − 105/z⁶), as in LogEI (Ament et al., NeurIPS 2023), so that
 * candidates far from the incumbent still rank by how far they are instead of all tying at 0.
 */
export function logEiKernel(z: number): number {
  if (z > -8) return log(Math.max(z * normCdf(z) + normPdf(z), Number.MIN_VALUE));
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - 2 * log(-z) + log(1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2));
}

// Cody's coefficients, highest power first (calerf.f: A, B; C, D; P, Q reordered for Horner).
const ERF_A = [0.18577770618460315, 3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694];
const ERF_B = [1, 23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const ERFC_C = [
  2.1531153547440383e-8, 0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
];
const ERFC_D = [
  1, 15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const ERFC_P = [
  0.016315387137302097, 0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378,
];
const ERFC_Q = [
  1, 2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const INV_SQRT_PI = 0.5641895835477563;

function horner(c: readonly number[], x: number): number {
  let r = 0;
  for (const v of c) r = r * x + v;
  return r;
}

/** Complementary error function (Cody 1969). */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    return 1 - (x * horner(ERF_A, t)) / horner(ERF_B, t);
  }
  let r: number;
  if (ax < 4) {
    r = exp(-ax * ax) * (horner(ERFC_C, ax) / horner(ERFC_D, ax));
  } else {
    const z = 1 / (ax * ax);
    r = (exp(-ax * ax) / ax) * (INV_SQRT_PI - (z * horner(ERFC_P, z)) / horner(ERFC_Q, z));
  }
  return x < 0 ? 2 - r : r;
}
