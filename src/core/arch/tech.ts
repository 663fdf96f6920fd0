/**
 * Technology constants of Archscope's energy and area models, for a 28 nm planar CMOS node
 * (the Edge TPU's node is not public; 28 nm is the usual edge-ASIC node of its generation).
 * Every figure starts from a published 45 nm number (Horowitz, "Computing's energy problem",
 * ISSCC 2014; REFERENCE.md §6) and is scaled to 28 nm:
 *   energy × 0.6  (switched capacitance ∝ feature size, 28/45 = 0.62, at about the same 0.9 V),
 *   area   × 0.39 ((28/45)² for logic).
 * docs/simulator.md lists them with their sources; change them here only.
 */

/** Energy scale 45 nm → 28 nm. */
export const ENERGY_SCALE_45_TO_28 = 0.6;
/** Area scale 45 nm → 28 nm for logic, (28/45)². */
export const AREA_SCALE_45_TO_28 = (28 / 45) ** 2;

/**
 * Energy of one int8 MAC with its 32-bit accumulate and lane registers, pJ.
 * Horowitz 45 nm: 8-bit multiply 0.2 pJ + 32-bit add 0.1 pJ = 0.3 pJ; accumulator and operand
 * registers add ~40 % (Eyeriss: a register-file access ≈ 1 MAC) → 0.42 pJ; × 0.6 → 0.25 pJ.
 */
export const MAC_ENERGY_PJ = 0.25;

/** Energy of one 8-bit element-wise op on a SIMD lane (add, max, scale), pJ: 8-bit add 0.03 pJ + registers, × 0.6. */
export const VECTOR_OP_ENERGY_PJ = 0.03;

/**
 * SRAM access energy per byte at 8 KiB, pJ. Horowitz 45 nm: a 64-bit read from an 8 KB SRAM
 * ≈ 10 pJ = 1.25 pJ/B; × 0.6 → 0.75 pJ/B for 8-byte words. Every on-chip transfer in our
 * templates moves wide words (32–64 B ports, lane-wide operand vectors), which spread the
 * decoder, word-line and control energy of an access over 4–8× more bytes; with about half of a
 * 64-bit access's energy being such per-access overhead (CACTI-style breakdowns), wide words
 * cost about half per byte: 0.375 pJ/B.
 */
export const SRAM_8K_ENERGY_PJ_PER_BYTE = 0.375;

/**
 * SRAM access energy per byte for an array of `bytes` capacity, pJ. Grows as √capacity (longer
 * word- and bit-lines), which reproduces Horowitz's 8 KB : 32 KB : 1 MB = 10 : 20 : 100 pJ
 * (√ gives 1 : 2 : 11.3).
 */
export function sramEnergyPjPerByte(bytes: number): number {
  return SRAM_8K_ENERGY_PJ_PER_BYTE * Math.sqrt(bytes / 8192);
}

/**
 * Off-chip access energy per byte, pJ. Horowitz: a 64-bit DRAM access costs 1.3–2.6 nJ
 * (160–320 pJ/B, DDR3-era); LPDDR4-class parts with their interface are about half the low end.
 * Eyeriss puts DRAM at 200× a MAC (200 × 0.25 pJ = 50 pJ/B for int8). We take 80 pJ/B.
 */
export const DRAM_ENERGY_PJ_PER_BYTE = 80;

/**
 * SRAM leakage, mW per MiB (≈ 60 pW per bit: 28 nm high-density arrays at a warm die). Leakage
 * energy = this × capacity × time; logic leakage is not modelled.
 */
export const SRAM_LEAKAGE_MW_PER_MIB = 0.5;

/**
 * Area of one int8 MAC lane (multiplier, 32-bit accumulator adder, accumulator and operand
 * registers), µm². Horowitz 45 nm: 8-bit multiplier 282 µm² + 32-bit adder (4 × 36) = 426 µm²;
 * registers +50 % → 640 µm²; × 0.39 → 250 µm².
 */
export const MAC_AREA_UM2 = 250;

/**
 * SRAM macro area, µm², for `bytes` capacity: 0.2 µm² per bit (28 nm high-density 6T bit cell
 * 0.127 µm² at ~64 % array efficiency) plus periphery that grows as √bits (decoders, sense
 * amplifiers along one edge): 40 µm² · √bits. An 8 KiB macro is then 0.023 mm² (36 % efficient),
 * a 1 MiB macro 1.79 mm² (62 %).
 */
export function sramAreaUm2(bytes: number): number {
  const bits = bytes * 8;
  return 0.2 * bits + 40 * Math.sqrt(bits);
}

/** mm² of an SRAM macro of `bytes`. */
export function sramAreaMm2(bytes: number): number {
  return sramAreaUm2(bytes) * 1e-6;
}

/**
 * Off-chip interface (PHY + controller) area per GB/s of bandwidth, mm². A 32-bit LPDDR4 channel
 * (12.8 GB/s) takes roughly 0.8 mm² at 28 nm → 0.06 mm² per GB/s.
 */
export const DRAM_PHY_MM2_PER_GBPS = 0.06;
