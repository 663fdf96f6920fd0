import type { Mm2 } from '../units';

/**
 * A design: one value per parameter key, optionally overriding template constants (clock, bytes
 * per element, overheads). Strings only for enum parameters (the systolic `dataflow`).
 */
export type Design = Record<string, number | string>;

export type TemplateId = 'edgetpu' | 'systolic';

/** One searchable design parameter. */
export interface ParamSpec {
  key: string;
  label: string;
  /** Unit of the value as stored in a Design: 'B' (bytes), 'KiB', 'GB/s', 'MHz', 'entries', '' … */
  unit: string;
  /** Search values, ascending (PRIME/Apollo style discrete grid); enum params list their choices. */
  values: readonly (number | string)[];
  /** Allowed manual range for numeric params (values off the grid are valid designs). */
  min?: number;
  max?: number;
  /** The value must be an integer (counts of PEs, lanes, entries, …). */
  integer?: boolean;
  /** One sentence for the UI. */
  doc: string;
}

/** A template constant that presets (and manual designs) may override; never searched. */
export interface ConstantSpec {
  key: string;
  label: string;
  unit: string;
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  doc: string;
}

/** Area of a design by component, mm²; `total` is their sum. */
export interface AreaBreakdown {
  total: Mm2;
  parts: Record<string, Mm2>;
}

export interface DesignTemplate {
  id: TemplateId;
  name: string;
  /** One paragraph for the UI: what the template models. */
  doc: string;
  params: readonly ParamSpec[];
  constants: readonly ConstantSpec[];
  /** Named designs (all params set; constants they override included). */
  presets: Readonly<Record<string, Design>>;
  /** Area budget that makes a design `overBudget` unless the caller gives another (mm²). */
  defaultAreaBudgetMm2: number;
  /** Area of a (valid) design by component. */
  area(design: Design): AreaBreakdown;
  /** Total area only, allocation-free (optimizers call it per design). */
  areaTotal(design: Design): number;
}
