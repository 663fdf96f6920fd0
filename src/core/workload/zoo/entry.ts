import type { Workload } from '../workload';

export interface ZooEntry {
  id: string;
  name: string;
  /** Default input resolution (square), or sequence length for sequence models. */
  defaultInput: number;
  /** Published reference this model's totals are tested against. */
  reference: string;
  build: (input?: number) => Workload;
}
