import { EDGETPU } from './edgetpu';
import { SYSTOLIC } from './systolic';
import type { Design, DesignTemplate, TemplateId } from './types';

export {
  constantDefaults,
  type DesignError,
  decodeDesign,
  designNumber,
  designSpaceSize,
  encodeDesign,
  isOnGrid,
  randomDesign,
  validateDesign,
} from './design';
export { EDGETPU, EDGETPU_CLASSES, EDGETPU_CONSTANTS, EDGETPU_PARAMS, type EdgeTpuClassId } from './edgetpu';
export { DATAFLOWS, type Dataflow, SYSTOLIC, SYSTOLIC_CONSTANTS, SYSTOLIC_PARAMS } from './systolic';
export * as tech from './tech';
export type { AreaBreakdown, ConstantSpec, Design, DesignTemplate, ParamSpec, TemplateId } from './types';

/** Every design template, in display order. */
export const TEMPLATES: readonly DesignTemplate[] = [EDGETPU, SYSTOLIC];

/** The template with this id, or undefined. */
export function templateById(id: string): DesignTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** Template of a known id (throws with the known ids otherwise). */
export function requireTemplate(id: string): DesignTemplate {
  const t = templateById(id);
  if (!t) throw new Error(`unknown template "${id}"; known: ${TEMPLATES.map((x) => x.id).join(', ')}`);
  return t;
}

/** Every preset name with its template, in display order. */
export function presetNames(): { template: TemplateId; name: string }[] {
  return TEMPLATES.flatMap((t) => Object.keys(t.presets).map((name) => ({ template: t.id, name })));
}

/** A preset by name (unique across templates) with its template, or undefined. The design is a fresh copy. */
export function presetByName(name: string): { template: DesignTemplate; design: Design } | undefined {
  for (const t of TEMPLATES) {
    const d = t.presets[name];
    if (d) return { template: t, design: { ...d } };
  }
  return undefined;
}
