/**
 * Simulator throughput on one core (`npm run bench`, `npx tsx bench/sim.bench.ts [--json]`).
 *
 * For MobileNetV2, ResNet-50 and U-Net: full-network `evaluateTotals` calls per second over
 * 1,000 random edgetpu designs (and the same for the systolic template), ns per layer, and in
 * the same run a minimal roofline loop — max(MACs / peak, bytes / bandwidth) per layer over the
 * same compiled columns — as the floor; the ratio says how much the compiler-like mapping search
 * costs on top. Targets (issue 3): ≥ 20,000 MobileNetV2 evaluations/s and within 10× of the floor.
 */
import { type Design, type DesignTemplate, EDGETPU, randomDesign, SYSTOLIC } from '../src/core/arch';
import { type CompiledWorkload, compileWorkload, evaluateTotals, newTotals } from '../src/core/sim';
import { buildZooModel } from '../src/core/workload/zoo';

const DESIGNS = 1000;
const MIN_MS = 300;

/** mulberry32: small seeded RNG so every run benchmarks the same designs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Peak {
  peak: number;
  bpc: number;
}

function peaks(t: DesignTemplate, designs: Design[]): Peak[] {
  return designs.map((d) => {
    const n = (k: string) => d[k] as number;
    const clock = t.id === 'edgetpu' ? 500 : n('clockMHz');
    const peak = t.id === 'edgetpu' ? n('peX') * n('peY') * n('cores') * n('lanes') : n('rows') * n('cols');
    return { peak, bpc: (n('dramBandwidth') * 1000) / clock };
  });
}

/** The floor: a roofline per layer over the same columns, nothing else. */
function roofline(cw: CompiledWorkload, p: Peak): number {
  let cycles = 0;
  for (let i = 0; i < cw.count; i++) {
    const bytes = (cw.weightBytes[i] as number) + (cw.inBytes[i] as number) + (cw.outBytes[i] as number);
    cycles += Math.max((cw.macs[i] as number) / p.peak, bytes / p.bpc);
  }
  return cycles;
}

/** CPU time of this process in ms (user + system): robust to other processes sharing the machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs `body(i)` over the designs repeatedly for at least MIN_MS of CPU time; returns ns per call
 * (best of three rounds, after a warm-up round for the JIT).
 */
function time(body: (i: number) => number): { nsPerCall: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < DESIGNS; i++) sink += body(i);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    let calls = 0;
    const t0 = cpuMs();
    let t1 = t0;
    while (t1 - t0 < MIN_MS) {
      for (let i = 0; i < DESIGNS; i++) sink += body(i);
      calls += DESIGNS;
      t1 = cpuMs();
    }
    best = Math.min(best, ((t1 - t0) * 1e6) / calls);
  }
  return { nsPerCall: best, sink };
}

interface Row {
  template: string;
  workload: string;
  layers: number;
  evalsPerSec: number;
  nsPerLayer: number;
  rooflineEvalsPerSec: number;
  ratioToRoofline: number;
  feasibleFraction: number;
}

function bench(t: DesignTemplate, id: string, seed: number): Row {
  const cw = compileWorkload(buildZooModel(id), 1);
  const r = rng(seed);
  const designs = Array.from({ length: DESIGNS }, () => randomDesign(t, r));
  const pk = peaks(t, designs);
  const out = newTotals();
  let feasible = 0;
  for (const d of designs) if (evaluateTotals(t, d, cw, out).feasible) feasible += 1;
  const sim = time((i) => evaluateTotals(t, designs[i] as Design, cw, out).latencyCycles);
  const floor = time((i) => roofline(cw, pk[i] as Peak));
  return {
    template: t.id,
    workload: id,
    layers: cw.count,
    evalsPerSec: 1e9 / sim.nsPerCall,
    nsPerLayer: sim.nsPerCall / cw.count,
    rooflineEvalsPerSec: 1e9 / floor.nsPerCall,
    ratioToRoofline: sim.nsPerCall / floor.nsPerCall,
    feasibleFraction: feasible / DESIGNS,
  };
}

const rows: Row[] = [];
for (const t of [EDGETPU, SYSTOLIC]) {
  for (const [i, id] of ['mobilenet_v2', 'resnet50', 'unet'].entries()) rows.push(bench(t, id, 7 + i));
}
const mnv2 = rows.find((r) => r.template === 'edgetpu' && r.workload === 'mobilenet_v2') as Row;
const summary = {
  node: process.version,
  designsPerWorkload: DESIGNS,
  rows,
  targets: {
    mobilenetV2EvalsPerSec: { target: 20000, measured: Math.round(mnv2.evalsPerSec), met: mnv2.evalsPerSec >= 20000 },
    withinTenTimesRoofline: { target: 10, worst: Math.max(...rows.map((r) => r.ratioToRoofline)) },
  },
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`Archscope simulator benchmark, one core, ${DESIGNS} random designs per workload (${process.version})`);
  console.log(
    `${'template'.padEnd(9)} ${'workload'.padEnd(13)} ${'layers'.padStart(6)} ${'evals/s'.padStart(10)} ` +
      `${'ns/layer'.padStart(9)} ${'roofline/s'.padStart(11)} ${'ratio'.padStart(6)} ${'feasible'.padStart(9)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.template.padEnd(9)} ${r.workload.padEnd(13)} ${String(r.layers).padStart(6)} ` +
        `${Math.round(r.evalsPerSec).toLocaleString('en-US').padStart(10)} ${r.nsPerLayer.toFixed(0).padStart(9)} ` +
        `${Math.round(r.rooflineEvalsPerSec).toLocaleString('en-US').padStart(11)} ${r.ratioToRoofline.toFixed(1).padStart(6)} ` +
        `${(r.feasibleFraction * 100).toFixed(1).padStart(8)}%`,
    );
  }
  const t = summary.targets;
  console.log(
    `MobileNetV2 target ≥ 20,000 evals/s: ${t.mobilenetV2EvalsPerSec.measured.toLocaleString('en-US')} ` +
      `(${t.mobilenetV2EvalsPerSec.met ? 'met' : 'NOT met'}); worst ratio to roofline ${t.withinTenTimesRoofline.worst.toFixed(1)}× (target ≤ 10×)`,
  );
}
