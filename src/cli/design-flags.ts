import {
  type Design,
  type DesignTemplate,
  presetByName,
  requireTemplate,
  TEMPLATES,
  validateDesign,
} from '../core/arch';
import { quoted, UsageError } from './args';

/** The preset a template starts from when no --preset is given. */
export const DEFAULT_PRESET: Record<string, string> = { edgetpu: 'prime-baseline', systolic: 'scalesim-default' };

/**
 * Parses `--set key=value,key=value`: numbers where the parameter is numeric, strings for enum
 * parameters (dataflow). Every error names the key.
 */
export function parseSet(template: DesignTemplate, raw: string): Design {
  const out: Design = {};
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set: ${quoted(part)} is not key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    const param = template.params.find((p) => p.key === key);
    const constant = template.constants.find((c) => c.key === key);
    if (!param && !constant) {
      const known = [...template.params.map((p) => p.key), ...template.constants.map((c) => c.key)].join(', ');
      throw new UsageError(`--set: unknown key ${quoted(key)} for template ${template.id} (known: ${known})`);
    }
    if (param && typeof param.values[0] === 'string') {
      out[key] = value;
    } else {
      const v = Number(value);
      if (value === '' || !Number.isFinite(v))
        throw new UsageError(`--set: ${key} must be a number, got ${quoted(value)}`);
      out[key] = v;
    }
  }
  return out;
}

/** Template + design from --template, --preset and --set, validated (errors name the key). */
export function designFromFlags(f: { template?: string; preset?: string; set?: string }): {
  template: DesignTemplate;
  design: Design;
  preset: string;
} {
  if (f.template !== undefined && !TEMPLATES.some((t) => t.id === f.template)) {
    throw new UsageError(
      `--template: unknown template ${quoted(f.template)} (known: ${TEMPLATES.map((t) => t.id).join(', ')})`,
    );
  }
  const presetName = f.preset ?? DEFAULT_PRESET[f.template ?? 'edgetpu'] ?? 'prime-baseline';
  const preset = presetByName(presetName);
  if (!preset) {
    const known = TEMPLATES.flatMap((t) => Object.keys(t.presets)).join(', ');
    throw new UsageError(`--preset: unknown preset ${quoted(presetName)} (known: ${known})`);
  }
  const template = f.template ? requireTemplate(f.template) : preset.template;
  if (preset.template.id !== template.id) {
    throw new UsageError(
      `--preset: ${quoted(presetName)} belongs to template ${preset.template.id}, not ${template.id}`,
    );
  }
  const design = { ...preset.design, ...(f.set ? parseSet(template, f.set) : {}) };
  const errors = validateDesign(template, design);
  if (errors[0]) throw new UsageError(`--set: ${errors[0].message}`);
  return { template, design, preset: presetName };
}
