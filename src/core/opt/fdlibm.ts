/**
 * exp and log that give the same bits in every JavaScript engine. ECMAScript leaves Math.exp and
 * Math.log "implementation-approximated", and they do differ: Node 20's V8 returns
 * exp(log(1.4666778571428571)) = 1.466677857142857, current Chromium 1.4666778571428571 — enough
 * to make a study's geomean objective, and eventually a GP's choices, differ between the CLI and
 * the browser. These are ports of fdlibm's e_exp.c and e_log.c (Sun Microsystems 1993, freely
 * redistributable; < 1 ulp error) using only IEEE-754 +, −, ×, ÷ and exact bit manipulation,
 * which every engine rounds identically.
 */

// Word access through aliased typed arrays (faster than a DataView); HI indexes the high word.
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
f64[0] = 1;
const HI = i32[1] === 0x3ff00000 ? 1 : 0; // little-endian hosts keep the high word second
const LO = 1 - HI;

function highWord(x: number): number {
  f64[0] = x;
  return i32[HI] as number;
}

function lowWord(x: number): number {
  f64[0] = x;
  return (i32[LO] as number) >>> 0;
}

function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0] as number;
}

/** 2^k for integer k in the normal range [−1022, 1023], exactly. */
function pow2(k: number): number {
  i32[HI] = (0x3ff + k) << 20;
  i32[LO] = 0;
  return f64[0] as number;
}

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E; // fdlibm invln2 = 1.44269504088896338700e+00, the same double
const O_THRESHOLD = 709.782712893384;
const U_THRESHOLD = -745.1332191019411;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 0.00006613756321437934;
const P4 = -0.0000016533902205465252;
const P5 = 4.1381367970572385e-8;

/** e^x (fdlibm e_exp.c). */
export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > O_THRESHOLD) return Number.POSITIVE_INFINITY;
  if (x < U_THRESHOLD) return 0;
  const hx = highWord(x) & 0x7fffffff;
  const neg = x < 0;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2: reduce x = k ln2 + r, |r| ≤ 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      hi = neg ? x + LN2_HI : x - LN2_HI;
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * pow2(1023) : y * pow2(k);
  return y * pow2(k + 1000) * pow2(-1000);
}

const TWO54 = 18014398509481984;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

/** Natural logarithm (fdlibm e_log.c). */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54; // subnormal: scale up
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000)); // x or x/2 in [√2/2, √2)
  k += i0 >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}
