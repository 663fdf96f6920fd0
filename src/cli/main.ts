#!/usr/bin/env node
import { UsageError } from './args';
import { corpusCommand } from './corpus';
import { costmodelCommand } from './costmodel';
import { datasetCommand } from './dataset';
import { optimizeCommand } from './optimize';
import { primeCommand } from './prime';
import { simulateCommand } from './simulate';
import { workloadsCommand } from './workloads';

type Command = (argv: string[], out: (s: string) => void) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  workloads: workloadsCommand,
  simulate: simulateCommand,
  optimize: optimizeCommand,
  dataset: datasetCommand,
  prime: primeCommand,
  corpus: corpusCommand,
  costmodel: costmodelCommand,
};

const USAGE = `usage: npm run -s cli -- <command> [flags]
commands:
  workloads [--json] [--input H] [--import FILE.onnx|.tflite|.json|.csv]
  simulate --workload <id|file.onnx|.tflite|.csv|model.json> [--input H] [--template edgetpu|systolic]
           [--preset NAME] [--set key=value,...] [--area-max A] [--json]
  optimize --workload IDS --optimizer random|evolution|bo|nsga2 --budget N --seed S
           [--area-max A] [--latency-max L] [--power-max P] [--objective latency|energy|edp]
           [--aggregate mean|geomean] [--weights W,...] [--template edgetpu|systolic] [--preset NAME]
           [--warm-start FILE] [--batch N] [--workers N] [--json] [--out FILE.csv]
  dataset --workload IDS --count N --seed S --out FILE [--shard i/n] [--format csv|jsonl]
          [--template T] [--preset NAME] [--area-max A] [--workers N]
  dataset --logged --workload IDS|prime --count N --seed S --out FILE [--shard i/n] [--format csv|jsonl|arrow]
          [--area-max A]      (N logged designs per application: optimizer trajectories + random designs)
  prime (--train FILE | --workload IDS --count N) --seed S --k K [--area-max A] [--holdout IDS]
        [--aggregate geomean|mean] [--alpha A] [--beta B] [--steps N] [--in-area SHARE]
        [--backend auto|wasm|cpu] [--surrogate mlp|transformer [--moe] [--width W --heads H --layers L]]
        [--rank-loss] [--negatives evolution|ascent] [--json]
  corpus --space edgetpu-nas --count N --seed S [--classes v1,v2,v3] [--out FILE.csv] [--shard i/n]
         [--workers N] [--batch N] [--model MODEL.json[,…] [--check-every K]] [--json]
  costmodel --space edgetpu-nas --train N --test M --seed S --class v1|v2|v3 [--epochs E]
            [--out MODEL.json] [--json]
`;

/** Runs one CLI command; returns the exit code (2 for usage and input errors). */
export async function main(argv: string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)) {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    out(USAGE);
    return cmd ? 0 : 2;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    err(`unknown command "${cmd}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    return await run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return 2;
    }
    err(`internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
