/**
 * Standard normal density, distribution and their logarithms, for the acquisition functions.
 * ES2022 has no Math.erf; erfc follows W. J. Cody's rational Chebyshev approximations
 * (Math. Comp. 23, 1969), relative error < 1e-15 over the double range.
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** φ(z) */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Φ(z) */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Φ(z), accurate for very negative z (where Φ underflows). */
export function logNormCdf(z: number): number {
  if (z > -8) return Math.log(normCdf(z));
  // Mills-ratio asymptotic series: Φ(z) = φ(z)/|z| · (1 − 1/z² + 3/z⁴ − 15/z⁶ …), z → −∞
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - Math.log(-z) + Math.log(1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2));
}

/**
 * log of the expected-improvement kernel h(z) = z Φ(z) + φ(z) (EI = σ h(z)); for z ≪ 0 uses
 * h(z) ≈ φ(z)/z² · (1 − 3/z² + 15/z⁴ − 105/z⁶), as in LogEI (Ament et al., NeurIPS 2023), so that
 * candidates far from the incumbent still rank by how far they are instead of all tying at 0.
 */
export function logEiKernel(z: number): number {
  if (z > -8) return Math.log(Math.max(z * normCdf(z) + normPdf(z), Number.MIN_VALUE));
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - 2 * Math.log(-z) + Math.log(1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2));
}

// Cody's coefficients, highest power first (calerf.f: A, B; C, D; P, Q reordered for Horner).
const ERF_A = [
  1.85777706184603153e-1, 3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947,
];
const ERF_B = [1, 23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const ERFC_C = [
  2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
  881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
];
const ERFC_D = [
  1, 15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const ERFC_P = [
  1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
  1.60837851487422766e-2, 6.58749161529837803e-4,
];
const ERFC_Q = [
  1, 2.56852019228982242, 1.87295284992346725, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3,
];
const INV_SQRT_PI = 0.564189583547756287;

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
    r = Math.exp(-ax * ax) * (horner(ERFC_C, ax) / horner(ERFC_D, ax));
  } else {
    const z = 1 / (ax * ax);
    r = (Math.exp(-ax * ax) / ax) * (INV_SQRT_PI - (z * horner(ERFC_P, z)) / horner(ERFC_Q, z));
  }
  return x < 0 ? 2 - r : r;
}
