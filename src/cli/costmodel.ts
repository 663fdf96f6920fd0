import { readFileSync, writeFileSync } from 'node:fs';
import { CostModel } from '../core/corpus/cost-model';
import { runCostStudy } from '../core/corpus/cost-study';
import { initPrimeBackend, liveTensors } from '../core/prime/backend';
import { intFlag, parseFlags, UsageError } from './args';
import { corpusInit } from './corpus';

const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/**
 * `costmodel --space edgetpu-nas --train N --test M --seed S --class v1 [--epochs E] [--out MODEL.json]
 *  [--json]`: trains the learned cost model on networks 0…N−1, tests it on M held-out networks
 *  and zero-shot on the zoo; prints `{ heldOut: { mape, within10, kendall }, zoo: { mape,
 *  within10, kendall, models: [{ id, simulatedMs, predictedMs }] }, predictUsPerNetwork,
 *  simulateUsPerNetwork }` plus the energy figures and the MACs-only baseline. `--out` exports
 *  the model as JSON (CostModel.fromJSON reads it back; the export is checked by re-importing).
 */
export async function costmodelCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const f = parseFlags(argv, {
    space: { type: 'string' },
    train: { type: 'string' },
    test: { type: 'string' },
    seed: { type: 'string' },
    class: { type: 'string' },
    epochs: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const train = intFlag('train', f.train, 2, 1_000_000);
  const test = intFlag('test', f.test, 1, 1_000_000);
  const seed = intFlag('seed', f.seed, 0, 0xffffffff);
  const epochs = intFlag('epochs', f.epochs, 1, 100_000, 200);
  if (f.class?.includes(',')) throw new UsageError('--class takes one class (v1, v2 or v3)');
  let init: ReturnType<typeof corpusInit>;
  try {
    init = corpusInit(f.space, f.class ?? 'v1', seed);
  } catch (e) {
    throw e instanceof UsageError ? new UsageError(e.message.replace(/^--classes/, '--class')) : e;
  }
  const cls = init.classes[0];
  if (!cls) throw new UsageError('--class is required');
  await initPrimeBackend();
  const r = await runCostStudy({
    space: init.space,
    seed,
    train,
    test,
    cls,
    training: { epochs },
    now: () => performance.now(),
  });
  if (f.out) {
    const text = JSON.stringify(r.model.toJSON());
    CostModel.fromJSON(JSON.parse(text));
    writeFileSync(f.out, text);
    CostModel.fromJSON(JSON.parse(readFileSync(f.out, 'utf8')));
  }
  const acc = (a: { mape: number; within10: number; kendall: number }) => ({
    mape: round(a.mape, 3),
    within10: round(a.within10),
    kendall: round(a.kendall),
  });
  const result = {
    class: r.classId,
    trainNetworks: r.trainNetworks,
    heldOut: { ...acc(r.heldOut), networks: r.heldOut.n },
    heldOutEnergy: acc(r.heldOutEnergy),
    baseline: acc(r.baseline),
    zoo: {
      ...acc(r.zoo),
      models: r.zoo.models.map((m) => ({
        id: m.id,
        simulatedMs: round(m.simulatedMs),
        predictedMs: round(m.predictedMs),
      })),
      infeasible: r.zoo.infeasible,
    },
    zooEnergy: acc(r.zooEnergy),
    predictUsPerNetwork: round(r.predictUsPerNetwork, 2),
    simulateUsPerNetwork: round(r.simulateUsPerNetwork, 2),
    simulateCompiledUsPerNetwork: round(r.simulateCompiledUsPerNetwork, 2),
    trainSeconds: round(r.trainSeconds, 2),
    liveTensors: liveTensors(),
  };
  if (f.json) out(JSON.stringify(result, null, 2));
  else {
    const line = (name: string, a: { mape: number; within10: number; kendall: number }) =>
      `  ${name}: MAPE ${a.mape.toFixed(2)} %, within ±10 % ${(100 * a.within10).toFixed(1)} %, Kendall τ ${a.kendall.toFixed(3)}`;
    out(`costmodel ${r.classId}: trained on ${r.trainNetworks} networks in ${r.trainSeconds.toFixed(1)} s`);
    out(line(`held-out latency (${r.heldOut.n})`, r.heldOut));
    out(line('held-out energy', r.heldOutEnergy));
    out(line('MACs-only baseline', r.baseline));
    out(line(`zoo latency (${r.zoo.n}, zero-shot)`, r.zoo));
    out(
      `  predict ${r.predictUsPerNetwork.toFixed(1)} µs / network vs compile + simulate ${r.simulateUsPerNetwork.toFixed(1)} µs (${(r.simulateUsPerNetwork / r.predictUsPerNetwork).toFixed(1)}×; simulating a compiled network ${r.simulateCompiledUsPerNetwork.toFixed(1)} µs)`,
    );
    if (f.out) out(`  model → ${f.out}`);
  }
  return 0;
}
