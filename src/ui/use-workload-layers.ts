import { useMemo } from 'react';
import type { Layer } from '../core/workload/layer';
import { buildZooModel } from '../core/workload/zoo';
import { useStore, type WorkloadRef } from '../state/store';

/** Layer shapes of a workload ref (for tooltips and tables; the worker has its own copy). */
export function useWorkloadLayers(ref: WorkloadRef | undefined): Layer[] {
  const imported = useStore((s) => s.imported);
  return useMemo(() => {
    if (!ref) return [];
    const imp = imported[ref.id];
    if (imp) return imp.layers;
    try {
      return buildZooModel(ref.id, ref.input).layers;
    } catch {
      return [];
    }
  }, [ref, imported]);
}
