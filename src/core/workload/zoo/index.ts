import type { Workload } from '../workload';
import { CLASSIC_ZOO } from './classic-family';
import type { ZooEntry } from './entry';
import { MOBILE_ZOO } from './mobile-family';
import { mobilenetV2 } from './mobilenet-v2';

export type { ZooEntry } from './entry';

const MOBILENET_V2: ZooEntry = {
  id: 'mobilenet_v2',
  name: 'MobileNetV2 1.0',
  defaultInput: 224,
  reference: 'torchvision mobilenet_v2: 300.77 M MACs, 3,504,872 params',
  build: (r) => mobilenetV2(r),
};

/** Every model of the zoo, in display order: mobile (edge) models first, then classic CNNs and sequence models. */
export const ZOO: readonly ZooEntry[] = [
  ...MOBILE_ZOO.filter((e) => e.id === 'mobilenet_v1'),
  MOBILENET_V2,
  ...MOBILE_ZOO.filter((e) => e.id !== 'mobilenet_v1'),
  ...CLASSIC_ZOO,
];

export function zooEntry(id: string): ZooEntry | undefined {
  return ZOO.find((e) => e.id === id);
}

/** Builds a zoo model by id at the given input resolution (its default when omitted). */
export function buildZooModel(id: string, input?: number): Workload {
  const e = zooEntry(id);
  if (!e) throw new Error(`unknown workload "${id}"; known: ${ZOO.map((z) => z.id).join(', ')}`);
  return e.build(input ?? e.defaultInput);
}
